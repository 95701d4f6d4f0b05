import { graphql } from '../../../graphql/generated';
import { enumLabel, isHubExceptionReason } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useLoad } from '../../shared/useLoad';
import { HubChoice, useActingHub } from '../acting-hub';

const HubAlerts = graphql(`
  query HubAlerts($hubCode: String) {
    hubExceptions(first: 100, hubCode: $hubCode) { id kind reason scannedCode declaredWeightGrams measuredWeightGrams location scanCount firstSeenAt lastSeenAt }
    hubDwellAlerts(first: 100, hubCode: $hubCode) { trackingNumber thresholdHours receivedAt raisedAt state location }
  }
`);

const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** What needs a person: unmanifested parcels, weight discrepancies, parcels staying too long. */
export function Alerts() {
  const { t, formatNumber } = useI18n();
  const { run } = useSession();
  const acting = useActingHub();
  // An admin who picked a hub sees that hub's alerts; before that, every hub's.
  const hubCode = acting.hub?.code ?? null;
  const alerts = useLoad(() => run(HubAlerts, { hubCode }), [run, hubCode]);
  if (alerts.error) return <p className="error" role="alert">{t('common.error', { message: alerts.error })}</p>;
  if (!alerts.data) return <p>{t('common.loading')}</p>;
  const { hubExceptions, hubDwellAlerts } = alerts.data;
  return (
    <>
      <HubChoice acting={acting} />
      <button type="button" className="secondary" onClick={alerts.reload}>{t('hub.alerts.refresh')}</button>
      <h2>{t('hub.alerts.exceptions', { count: hubExceptions.length })}</h2>
      {hubExceptions.length === 0 ? <p>{t('hub.alerts.noExceptions')}</p> : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('hub.alerts.code')}</th><th scope="col">{t('hub.alerts.kind')}</th><th scope="col">{t('hub.alerts.weights')}</th>
                <th scope="col">{t('hub.scan.location')}</th><th scope="col" className="num">{t('hub.alerts.scans')}</th><th scope="col">{t('hub.alerts.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {hubExceptions.map((e) => (
                <tr key={e.id}>
                  <td className="mono">{e.scannedCode}</td>
                  <td>{enumLabel(t, 'hub.exception', e.kind)}{e.reason ? ` (${isHubExceptionReason(e.reason) ? enumLabel(t, 'hub.exceptionReason', e.reason) : e.reason})` : ''}</td>
                  <td>{e.measuredWeightGrams != null ? `${formatNumber(e.measuredWeightGrams)} g` : ''}{e.declaredWeightGrams != null ? ` / ${formatNumber(e.declaredWeightGrams)} g` : ''}</td>
                  <td>{e.location ?? ''}</td>
                  <td className="num">{e.scanCount}</td>
                  <td>{time(e.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('hub.alerts.dwell', { count: hubDwellAlerts.length })}</h2>
      {hubDwellAlerts.length === 0 ? <p>{t('hub.alerts.noDwell')}</p> : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">{t('hub.alerts.trackingNumber')}</th><th scope="col">{t('hub.alerts.threshold')}</th><th scope="col">{t('hub.bags.state')}</th><th scope="col">{t('hub.scan.location')}</th><th scope="col">{t('hub.alerts.receivedAt')}</th></tr>
            </thead>
            <tbody>
              {hubDwellAlerts.map((a) => (
                <tr key={`${a.trackingNumber}-${a.thresholdHours}`}>
                  <td className="mono">{a.trackingNumber}</td><td>{t('hub.alerts.hours', { hours: a.thresholdHours })}</td>
                  <td>{enumLabel(t, 'hub.state', a.state)}</td><td>{a.location}</td><td>{time(a.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
