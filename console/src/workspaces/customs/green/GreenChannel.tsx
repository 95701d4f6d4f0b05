import { useState } from 'react';
import { graphql } from '../../../graphql/generated';
import { enumLabel } from '../../../i18n/enum-labels';
import { useSession } from '../../../shell/session';
import { useLoad } from '../../shared/useLoad';
import { useLocal } from '../format';
import { Decide } from '../parcel/DecisionBar';
import { errorText } from '../../../ui/error-text';

const GreenQueue = graphql(`
  query GreenQueue($first: Int) {
    customsQueue(filter: { states: [ASSESSED], lanes: [GREEN] }, first: $first) {
      edges { node { trackingNumber version assessedAt shipment { id destinationCountry totalValue { formatted } } } }
      pageInfo { hasNextPage }
    }
  }
`);

interface Outcome { trackingNumber: string; released: boolean; note?: string }

/** GREEN parcels waiting for the green channel: the officer releases a selection at once. */
export function GreenChannel() {
  const { t, formatDate, formatNumber } = useLocal();
  const { run } = useSession();
  const green = useLoad(() => run(GreenQueue, { first: 200 }).then((d) => d.customsQueue.edges.map((e) => e.node)), [run]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const items = green.data ?? [];
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.shipment.id));

  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(id)) next.add(id);
    return next;
  });

  /** One decision per parcel, each with the version read: a parcel someone else moved is reported, not overwritten. */
  async function releaseSelected() {
    const chosen = items.filter((i) => selected.has(i.shipment.id));
    const results: Outcome[] = [];
    setProgress({ done: 0, total: chosen.length });
    for (const item of chosen) {
      try {
        const { decideDeclaration: r } = await run(Decide, { id: item.shipment.id, decision: 'RELEASE', expectedVersion: item.version });
        results.push(r.__typename === 'CustomsDeclaration'
          ? { trackingNumber: item.trackingNumber, released: true }
          : { trackingNumber: item.trackingNumber, released: false, note: t('customs.green.notReleased', { state: enumLabel(t, 'customs.state', r.__typename === 'VersionConflict' ? r.currentState : r.from) }) });
      } catch (e) {
        results.push({ trackingNumber: item.trackingNumber, released: false, note: errorText(t, e) });
      }
      setProgress({ done: results.length, total: chosen.length });
    }
    setOutcomes(results);
    setSelected(new Set());
    setProgress(null);
    green.reload();
  }

  const released = outcomes.filter((o) => o.released).length;
  const refused = outcomes.filter((o) => !o.released);
  return (
    <>
      <p>{t('customs.green.explain')}</p>
      {green.error && <p className="error" role="alert">{t('common.error', { message: green.error })}</p>}
      <div className="toolbar">
        <button type="button" disabled={selected.size === 0 || progress !== null} onClick={releaseSelected}>
          {t('customs.green.release', { count: formatNumber(selected.size) })}
        </button>
        <button type="button" className="secondary" onClick={green.reload}>{t('customs.green.refresh')}</button>
      </div>
      {progress && <progress max={progress.total} value={progress.done} aria-label={t('customs.green.progress', { done: progress.done, total: progress.total })} />}
      <div aria-live="polite">
        {outcomes.length > 0 && (
          <div className={refused.length ? 'error' : 'ok'}>
            <p>{t('customs.green.result', { released, refused: refused.length })}</p>
            {refused.length > 0 && <ul>{refused.map((o) => <li key={o.trackingNumber}><span className="mono">{o.trackingNumber}</span>: {o.note}</li>)}</ul>}
          </div>
        )}
      </div>
      {!green.data ? <p>{t('common.loading')}</p> : items.length === 0 ? <p>{t('customs.green.empty')}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('customs.green.title')}</caption>
            <thead>
              <tr>
                <th scope="col"><input type="checkbox" aria-label={t('customs.green.selectAll')} checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.shipment.id)))} /></th>
                <th scope="col">{t('customs.green.trackingNumber')}</th>
                <th scope="col">{t('customs.green.destination')}</th>
                <th scope="col" className="num">{t('customs.parcel.value')}</th>
                <th scope="col">{t('customs.green.assessedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.shipment.id}>
                  <td><input type="checkbox" aria-label={t('customs.green.select', { trackingNumber: i.trackingNumber })} checked={selected.has(i.shipment.id)} onChange={() => toggle(i.shipment.id)} /></td>
                  <td className="mono">{i.trackingNumber}</td>
                  <td>{i.shipment.destinationCountry}</td>
                  <td className="num">{i.shipment.totalValue.formatted}</td>
                  <td>{formatDate(i.assessedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
