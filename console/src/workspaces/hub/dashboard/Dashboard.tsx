import { graphql } from '../../../graphql/generated';
import type { CustomsLane } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useLoad } from '../../shared/useLoad';
import { laneLabel } from '../lanes';

const HubDashboard = graphql(`
  query HubDashboard($hours: Int) {
    opsOverview(hours: $hours) {
      generatedAt hours hubCode
      statusCounts { status count }
      hourly { hour declared received released dispatched }
      customsQueue { lane count oldestSince }
      dwellBands { band minHours maxHours count }
      openReceptacles { receptacleId destinationCountry parcelCount weightGrams maxWeightGrams lane { destinationOffice mailCategory mailSubclass carrier { code } } }
      carrierHealth { carrierCode carrierName delivered failedAttempts messageFailures deadLetters }
    }
  }
`);

/** Hours since midnight UTC, so the figures are today's (the API takes 1 to 168). */
const hoursToday = () => Math.max(1, Math.ceil((Date.now() - new Date().setUTCHours(0, 0, 0, 0)) / 3_600_000));
const FLOWS = ['declared', 'received', 'released', 'dispatched'] as const;

/** Today's operations figures (the /ops dashboard's) for the operator's hub. */
export function Dashboard() {
  const { t, formatNumber } = useI18n();
  const { run } = useSession();
  const overview = useLoad(() => run(HubDashboard, { hours: hoursToday() }).then((d) => d.opsOverview), [run]);
  if (overview.error) return <p className="error" role="alert">{t('common.error', { message: overview.error })}</p>;
  const o = overview.data;
  if (!o) return <p>{t('common.loading')}</p>;
  const bandLabel = (b: { minHours: number; maxHours?: number | null }) =>
    b.maxHours == null ? t('hub.dashboard.bandOpen', { min: b.minHours }) : t('hub.dashboard.band', { min: b.minHours, max: b.maxHours });
  const totals = Object.fromEntries(FLOWS.map((f) => [f, o.hourly.reduce((sum, h) => sum + h[f], 0)])) as Record<(typeof FLOWS)[number], number>;
  return (
    <>
      <p className="muted">{t('hub.dashboard.asOf', { time: `${o.generatedAt.slice(0, 16).replace('T', ' ')} UTC`, hub: o.hubCode ?? '*', hours: o.hours })}</p>
      <button type="button" className="secondary" onClick={overview.reload}>{t('hub.alerts.refresh')}</button>
      <ul className="figures">
        {FLOWS.map((f) => <li key={f}><span className="figure">{formatNumber(totals[f])}</span> {t(`hub.dashboard.${f}`)}</li>)}
      </ul>
      <div className="panels">
        <section className="card" aria-labelledby="d-status"><h2 id="d-status">{t('hub.dashboard.statuses')}</h2>
          <table><tbody>{o.statusCounts.map((s) => <tr key={s.status}><th scope="row">{enumLabel(t, 'status', s.status)}</th><td className="num">{formatNumber(s.count)}</td></tr>)}</tbody></table>
        </section>
        <section className="card" aria-labelledby="d-customs"><h2 id="d-customs">{t('hub.dashboard.customs')}</h2>
          {o.customsQueue.length === 0 ? <p>{t('hub.dashboard.nothing')}</p> : (
            <table><tbody>{o.customsQueue.map((q) => <tr key={q.lane}><th scope="row">{enumLabel(t, 'customs.lane', q.lane as CustomsLane)}</th><td className="num">{formatNumber(q.count)}</td></tr>)}</tbody></table>
          )}
        </section>
        <section className="card" aria-labelledby="d-dwell"><h2 id="d-dwell">{t('hub.dashboard.dwell')}</h2>
          <table><tbody>{o.dwellBands.map((b) => <tr key={b.band}><th scope="row">{bandLabel(b)}</th><td className="num">{formatNumber(b.count)}</td></tr>)}</tbody></table>
        </section>
        <section className="card" aria-labelledby="d-bags"><h2 id="d-bags">{t('hub.dashboard.openBags')}</h2>
          {o.openReceptacles.length === 0 ? <p>{t('hub.dashboard.nothing')}</p> : (
            <table><tbody>{o.openReceptacles.map((r) => (
              <tr key={r.receptacleId}><th scope="row">{laneLabel(r.lane)}</th><td className="num">{formatNumber(r.parcelCount)}</td>
                <td className="num"><meter min={0} max={r.maxWeightGrams} value={r.weightGrams} aria-label={t('hub.dashboard.fill', { lane: laneLabel(r.lane) })} /> {(r.weightGrams / 1000).toFixed(1)} kg</td></tr>
            ))}</tbody></table>
          )}
        </section>
        <section className="card" aria-labelledby="d-carriers"><h2 id="d-carriers">{t('hub.dashboard.carriers')}</h2>
          {o.carrierHealth.length === 0 ? <p>{t('hub.dashboard.nothing')}</p> : (
            <div className="table-wrap"><table>
              <thead><tr><th scope="col">{t('hub.lane.carrier')}</th><th scope="col" className="num">{t('hub.dashboard.delivered')}</th><th scope="col" className="num">{t('hub.dashboard.failed')}</th><th scope="col" className="num">{t('hub.dashboard.deadLetters')}</th></tr></thead>
              <tbody>{o.carrierHealth.map((c) => <tr key={c.carrierCode}><th scope="row">{c.carrierName}</th><td className="num">{formatNumber(c.delivered)}</td><td className="num">{formatNumber(c.failedAttempts)}</td><td className="num">{c.deadLetters == null ? '—' : formatNumber(c.deadLetters)}</td></tr>)}</tbody>
            </table></div>
          )}
        </section>
      </div>
    </>
  );
}
