import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import type { SellerParcelsQuery, ShipmentFilter, ShipmentStatus } from '../../../graphql/generated/graphql';
import { enumLabel, SHIPMENT_STATUSES } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { PrintLabels } from './PrintLabels';

const SellerParcels = graphql(`
  query SellerParcels($filter: ShipmentFilter, $first: Int, $after: String) {
    shipments(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          trackingNumber
          sellerReference
          status
          destinationCountry
          hub { code }
          declaredAt
          totalValue { formatted }
          customs { outstanding { amountMinor formatted } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type Parcel = SellerParcelsQuery['shipments']['edges'][number]['node'];

const PAGE = 50;

/** The seller's parcels, newest first: filters, status, duty due, and labels for a selection. */
export function ParcelList() {
  const { t, locale } = useI18n();
  const { run } = useSession();
  const [filter, setFilter] = useState<ShipmentFilter>({});
  const [parcels, setParcels] = useState<Parcel[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (after?: string) => {
      setError(null);
      try {
        const { shipments } = await run(SellerParcels, { filter, first: PAGE, after });
        const page = shipments.edges.map((e) => e.node);
        setParcels((current) => (after && current ? [...current, ...page] : page));
        setNext(shipments.pageInfo.hasNextPage ? (shipments.pageInfo.endCursor ?? null) : null);
      } catch (e) {
        setError(e);
      }
    },
    [run, filter],
  );
  useEffect(() => {
    setSelected(new Set());
    void load();
  }, [load]);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const status = text('status') as ShipmentStatus | undefined;
    setFilter({ status: status ? [status] : undefined, destinationCountry: text('country')?.toUpperCase(), sellerReference: text('reference') });
  }

  const toggle = (id: string) => setSelected((s) => {
    const copy = new Set(s);
    if (copy.has(id)) copy.delete(id);
    else copy.add(id);
    return copy;
  });
  const allSelected = !!parcels?.length && parcels.every((p) => selected.has(p.id));
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

  return (
    <>
      <form className="toolbar card" onSubmit={applyFilters} aria-label={t('seller.parcels.filters')}>
        <div className="field">
          <label htmlFor="filter-status">{t('seller.parcels.status')}</label>
          <select id="filter-status" name="status" defaultValue="">
            <option value="">{t('seller.parcels.anyStatus')}</option>
            {SHIPMENT_STATUSES.map((s) => <option key={s} value={s}>{enumLabel(t, 'status', s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-country">{t('seller.parcels.destination')}</label>
          <input id="filter-country" name="country" size={4} maxLength={2} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="filter-reference">{t('seller.parcels.reference')}</label>
          <input id="filter-reference" name="reference" autoComplete="off" />
        </div>
        <button type="submit">{t('seller.parcels.apply')}</button>
      </form>
      <ErrorMessage error={error} />
      {!parcels ? (
        <p>{t('common.loading')}</p>
      ) : parcels.length === 0 ? (
        <p>{t('seller.parcels.none')}</p>
      ) : (
        <>
          <div className="toolbar">
            <label className="check">
              <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(parcels.map((p) => p.id)))} />
              {t('seller.parcels.selectAll')}
            </label>
          </div>
          <PrintLabels ids={[...selected]} />
          <div className="table-wrap">
            <table className="cards">
              <caption className="visually-hidden">{t('seller.parcels.title')}</caption>
              <thead>
                <tr>
                  <th scope="col"><span className="visually-hidden">{t('seller.parcels.selected')}</span></th>
                  <th scope="col">{t('seller.parcels.trackingNumber')}</th>
                  <th scope="col">{t('seller.parcels.reference')}</th>
                  <th scope="col">{t('seller.parcels.hub')}</th>
                  <th scope="col">{t('seller.parcels.destination')}</th>
                  <th scope="col">{t('seller.parcels.status')}</th>
                  <th scope="col" className="num">{t('seller.parcels.value')}</th>
                  <th scope="col" className="num">{t('seller.parcels.dutyDue')}</th>
                  <th scope="col">{t('seller.parcels.declaredAt')}</th>
                </tr>
              </thead>
              <tbody>
                {parcels.map((p) => (
                  <tr key={p.id}>
                    <td><input type="checkbox" aria-label={t('seller.parcels.select', { number: p.trackingNumber })} checked={selected.has(p.id)} onChange={() => toggle(p.id)} /></td>
                    <td><a href={`/track/${p.trackingNumber}`}>{p.trackingNumber}</a></td>
                    <td data-label={t('seller.parcels.reference')}>{p.sellerReference}</td>
                    <td data-label={t('seller.parcels.hub')}>{p.hub.code}</td>
                    <td data-label={t('seller.parcels.destination')}>{p.destinationCountry}</td>
                    <td data-label={t('seller.parcels.status')}>{enumLabel(t, 'status', p.status)}</td>
                    <td data-label={t('seller.parcels.value')} className="num">{p.totalValue.formatted}</td>
                    <td data-label={t('seller.parcels.dutyDue')} className="num">{p.customs && p.customs.outstanding.amountMinor > 0 ? p.customs.outstanding.formatted : '—'}</td>
                    <td data-label={t('seller.parcels.declaredAt')}>{dateFormat.format(new Date(p.declaredAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {next && <button type="button" className="secondary" onClick={() => void load(next)}>{t('seller.parcels.more')}</button>}
        </>
      )}
    </>
  );
}
