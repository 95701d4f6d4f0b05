import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import type { SellerWebhooksQuery } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { WebhookDeliveries } from './WebhookDeliveries';

const SellerWebhooks = graphql(`
  query SellerWebhooks {
    webhookEndpoints { id url eventTypes description circuitState consecutiveFailures createdAt }
  }
`);

const RegisterEndpoint = graphql(`
  mutation RegisterEndpoint($input: RegisterWebhookEndpointInput!) {
    registerWebhookEndpoint(input: $input) { secret endpoint { id url } }
  }
`);

const DeleteEndpoint = graphql(`
  mutation DeleteEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id) { id }
  }
`);

type Endpoint = SellerWebhooksQuery['webhookEndpoints'][number];

/** The seller's webhook endpoints: register one (its signing secret is shown once), remove one, see deliveries. */
export function WebhookEndpoints() {
  const { t } = useI18n();
  const { run } = useSession();
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => run(SellerWebhooks).then((d) => setEndpoints(d.webhookEndpoints), setError), [run]);
  useEffect(() => {
    void load();
  }, [load]);

  async function register(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    try {
      const eventTypes = String(data.get('eventTypes') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const { registerWebhookEndpoint } = await run(RegisterEndpoint, {
        input: { url: String(data.get('url') ?? '').trim(), eventTypes: eventTypes.length ? eventTypes : ['*'], description: String(data.get('description') ?? '').trim() || null },
      });
      setSecret({ url: registerWebhookEndpoint.endpoint.url, secret: registerWebhookEndpoint.secret });
      form.reset();
      await load();
    } catch (e) {
      setError(e);
    }
  }

  async function remove(endpoint: Endpoint) {
    if (!confirm(t('seller.webhooks.confirmDelete', { url: endpoint.url }))) return;
    await run(DeleteEndpoint, { id: endpoint.id }).then(load, setError);
  }

  return (
    <>
      <form className="card" onSubmit={register} aria-labelledby="webhook-register">
        <h2 id="webhook-register">{t('seller.webhooks.register')}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="webhook-url">{t('seller.webhooks.url')} *</label>
            <input id="webhook-url" name="url" type="url" required placeholder="https://" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="webhook-events">{t('seller.webhooks.events')}</label>
            <input id="webhook-events" name="eventTypes" aria-describedby="webhook-events-hint" autoComplete="off" />
            <p className="muted" id="webhook-events-hint">{t('seller.webhooks.eventsHint')}</p>
          </div>
          <div className="field">
            <label htmlFor="webhook-description">{t('seller.webhooks.description')}</label>
            <input id="webhook-description" name="description" autoComplete="off" />
          </div>
        </div>
        <button type="submit">{t('seller.webhooks.submit')}</button>
        {secret && (
          <div className="ok" role="status">
            <p>{t('seller.webhooks.secret', { url: secret.url })}</p>
            <code className="secret">{secret.secret}</code>
          </div>
        )}
        <ErrorMessage error={error} />
      </form>
      <h2>{t('seller.webhooks.endpoints')}</h2>
      {!endpoints ? (
        <p>{t('common.loading')}</p>
      ) : endpoints.length === 0 ? (
        <p>{t('seller.webhooks.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">{t('seller.webhooks.url')}</th><th scope="col">{t('seller.webhooks.events')}</th><th scope="col">{t('seller.webhooks.circuit')}</th><th scope="col"><span className="visually-hidden">{t('seller.webhooks.actions')}</span></th></tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <td>{e.url}{e.description && <><br /><span className="muted">{e.description}</span></>}</td>
                  <td>{e.eventTypes.join(', ')}</td>
                  <td>{enumLabel(t, 'webhook.circuit', e.circuitState)}{e.consecutiveFailures > 0 && ` (${e.consecutiveFailures})`}</td>
                  <td><button type="button" className="secondary" onClick={() => void remove(e)}>{t('seller.webhooks.delete')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <WebhookDeliveries />
    </>
  );
}
