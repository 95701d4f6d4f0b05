import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../../../graphql/generated';
import type { DeliveryState, SellerDeliveriesQuery } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';

const SellerDeliveries = graphql(`
  query SellerDeliveries($state: DeliveryState) {
    deliveries(filter: { state: $state }, first: 50) {
      edges {
        node {
          id topic state attemptCount lastStatusCode lastError createdAt
          endpoint { url }
          attempts { attemptNo attemptedAt statusCode latencyMs error succeeded }
        }
      }
    }
  }
`);

const ReplayDelivery = graphql(`
  mutation ReplayDelivery($id: ID!) {
    replayDelivery(id: $id) { id state }
  }
`);

type Delivery = SellerDeliveriesQuery['deliveries']['edges'][number]['node'];
const STATES: readonly DeliveryState[] = ['PENDING', 'SUCCEEDED', 'DEAD'];

/** The latest 50 deliveries to the seller's endpoints, each with its attempts; a finished one can be sent again. */
export function WebhookDeliveries() {
  const { t, locale } = useI18n();
  const { run } = useSession();
  const [state, setState] = useState<DeliveryState | ''>('');
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () => run(SellerDeliveries, { state: state || null }).then((d) => setDeliveries(d.deliveries.edges.map((e) => e.node)), setError),
    [run, state],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'UTC' });

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('seller.webhooks.deliveries')}</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="delivery-state">{t('seller.webhooks.state')}</label>
          <select id="delivery-state" value={state} onChange={(e) => setState(e.target.value as DeliveryState | '')}>
            <option value="">{t('seller.webhooks.anyState')}</option>
            {STATES.map((s) => <option key={s} value={s}>{enumLabel(t, 'webhook.delivery', s)}</option>)}
          </select>
        </div>
        <button type="button" className="secondary" onClick={() => void load()}>{t('seller.webhooks.refresh')}</button>
      </div>
      <ErrorMessage error={error} />
      {deliveries && deliveries.length === 0 && <p>{t('seller.webhooks.noDeliveries')}</p>}
      {deliveries && deliveries.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('seller.webhooks.topic')}</th><th scope="col">{t('seller.webhooks.url')}</th><th scope="col">{t('seller.webhooks.state')}</th>
                <th scope="col">{t('seller.webhooks.attempts')}</th><th scope="col">{t('seller.webhooks.created')}</th><th scope="col"><span className="visually-hidden">{t('seller.webhooks.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{d.topic}</td>
                  <td>{d.endpoint.url}</td>
                  <td>{enumLabel(t, 'webhook.delivery', d.state)}{d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ''}{d.lastError ? ` · ${d.lastError}` : ''}</td>
                  <td>
                    <details>
                      <summary>{d.attemptCount}</summary>
                      <ol>
                        {d.attempts.map((a) => (
                          <li key={a.attemptNo}>{time.format(new Date(a.attemptedAt))}: {a.statusCode ?? a.error ?? '—'} ({a.latencyMs} ms)</li>
                        ))}
                      </ol>
                    </details>
                  </td>
                  <td>{time.format(new Date(d.createdAt))}</td>
                  <td>{d.state !== 'PENDING' && <button type="button" className="secondary" onClick={() => void run(ReplayDelivery, { id: d.id }).then(load, setError)}>{t('seller.webhooks.replay')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
