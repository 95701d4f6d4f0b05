import { useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import type { TransportMode } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { DocumentButton } from '../../shared/DocumentButton';
import { useAction } from '../../shared/useAction';
import { useLoad } from '../../shared/useLoad';
import { EMPTY_LANE, LaneFields } from '../LaneFields';
import { HubChoice, useActingHub } from '../acting-hub';
import { laneInput, laneLabel, OpenDispatch, refusalMessage } from '../lanes';

const HubDispatches = graphql(`
  query HubDispatches($hubCode: String) {
    dispatches(state: [OPEN, CLOSED], first: 100, hubCode: $hubCode) {
      id dispatchNumber state receptacleCount airWaybill openedAt closedAt cn38Url manifestUrl
      transport { mode flightNumber }
      lane { destinationOffice mailCategory mailSubclass carrier { code } }
    }
  }
`);

const CloseDispatch = graphql(`
  mutation CloseDispatch($id: ID!, $airWaybill: String) {
    closeDispatch(dispatchId: $id, airWaybill: $airWaybill) {
      __typename
      ... on Dispatch { id dispatchNumber }
      ... on ErrorResult { message }
    }
  }
`);

const MODES: readonly TransportMode[] = ['AIR', 'SAL', 'SURFACE'];

/** Dispatches: open one for a lane, close it (air waybill optional) and print its CN 38 and manifest. */
export function Dispatches() {
  const { t, formatNumber } = useI18n();
  const { run, apiKey } = useSession();
  const acting = useActingHub();
  // An admin who picked a hub sees that hub's dispatches; before that, every hub's.
  const hubCode = acting.hub?.code ?? null;
  const dispatches = useLoad(() => run(HubDispatches, { hubCode }).then((d) => d.dispatches), [run, hubCode]);
  const [lane, setLane] = useState(EMPTY_LANE);
  const [mode, setMode] = useState<TransportMode>('AIR');
  const [flight, setFlight] = useState('');
  const [waybills, setWaybills] = useState<Record<string, string>>({});
  const { busy, act, outcome } = useAction(dispatches.reload);


  const open = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const { openDispatch: d } = await run(OpenDispatch, { input: { ...laneInput(lane), hubCode: acting.hub?.code, transport: { mode, flightNumber: flight.trim() || undefined } } });
      if (d.__typename !== 'Dispatch') throw new Error(refusalMessage(d));
      return t('hub.dispatches.opened', { number: d.dispatchNumber });
    });
  };
  const close = (id: string) => act(async () => {
    const { closeDispatch: d } = await run(CloseDispatch, { id, airWaybill: waybills[id]?.trim() || undefined });
    if (d.__typename !== 'Dispatch') throw new Error(refusalMessage(d));
    return t('hub.dispatches.closed', { number: d.dispatchNumber });
  });

  return (
    <>
      <HubChoice acting={acting} />
      {outcome}
      {dispatches.error && <p className="error" role="alert">{t('common.error', { message: dispatches.error })}</p>}
      {!dispatches.data ? <p>{t('common.loading')}</p> : dispatches.data.length === 0 ? <p>{t('hub.dispatches.none')}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('hub.dispatches.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hub.dispatches.number')}</th><th scope="col">{t('hub.bags.lane')}</th><th scope="col">{t('hub.bags.state')}</th>
                <th scope="col" className="num">{t('hub.dispatches.bags')}</th><th scope="col">{t('hub.dispatches.transport')}</th><th scope="col">{t('hub.bags.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {dispatches.data.map((d) => (
                <tr key={d.id}>
                  <td className="mono">{d.dispatchNumber}</td>
                  <td>{laneLabel(d.lane)}</td>
                  <td>{enumLabel(t, 'hub.state', d.state)}</td>
                  <td className="num">{formatNumber(d.receptacleCount)}</td>
                  <td>{enumLabel(t, 'hub.transport', d.transport.mode)}{d.transport.flightNumber ? ` ${d.transport.flightNumber}` : ''}{d.airWaybill ? ` · ${d.airWaybill}` : ''}</td>
                  <td className="actions">
                    {d.state === 'OPEN' ? (
                      <>
                        <input
                          aria-label={t('hub.dispatches.awbFor', { number: d.dispatchNumber })} placeholder={t('hub.dispatches.awb')} size={14}
                          value={waybills[d.id] ?? ''} onChange={(e) => setWaybills({ ...waybills, [d.id]: e.target.value })}
                        />
                        <button type="button" className="secondary" disabled={busy} onClick={() => close(d.id)}>{t('hub.dispatches.close', { number: d.dispatchNumber })}</button>
                      </>
                    ) : (
                      <>
                        {d.cn38Url && <DocumentButton path={d.cn38Url} filename={`CN38-${d.dispatchNumber}.pdf`} label={t('hub.dispatches.cn38', { number: d.dispatchNumber })} apiKey={apiKey} />}
                        {d.manifestUrl && <DocumentButton path={d.manifestUrl} filename={`manifest-${d.dispatchNumber}.pdf`} label={t('hub.dispatches.manifest', { number: d.dispatchNumber })} apiKey={apiKey} />}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={open} aria-labelledby="open-dispatch-heading">
        <h2 id="open-dispatch-heading">{t('hub.dispatches.open')}</h2>
        <LaneFields idPrefix="dispatch-lane" lane={lane} hubCode={acting.hub?.code} onChange={setLane} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="dispatch-mode">{t('hub.dispatches.mode')}</label>
            <select id="dispatch-mode" value={mode} onChange={(e) => setMode(e.target.value as TransportMode)}>
              {MODES.map((m) => <option key={m} value={m}>{enumLabel(t, 'hub.transport', m)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="dispatch-flight">{t('hub.dispatches.flight')}</label>
            <input id="dispatch-flight" value={flight} onChange={(e) => setFlight(e.target.value)} />
          </div>
        </div>
        <button type="submit" disabled={busy || !lane.carrier.code}>{t('hub.dispatches.openSubmit')}</button>
      </form>
    </>
  );
}
