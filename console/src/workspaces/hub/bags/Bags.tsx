import { useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { DocumentButton } from '../../shared/DocumentButton';
import { formatName, PrintFormatChoice, usePrintFormat } from '../../shared/print-format';
import { useAction } from '../../shared/useAction';
import { useLoad } from '../../shared/useLoad';
import { EMPTY_LANE, LaneFields } from '../LaneFields';
import { HubChoice, useActingHub } from '../acting-hub';
import { laneLabel, openBagForLane, refusalMessage } from '../lanes';
import { bagName } from '../scan/operations';

const HubBags = graphql(`
  query HubBags($hubCode: String) {
    receptacles(state: [OPEN, CLOSED], first: 100, hubCode: $hubCode) {
      id receptacleNumber state itemCount grossWeightGrams dangerousGoods registered openedAt closedAt cn35Url
      lane { destinationOffice mailCategory mailSubclass carrier { code } }
      dispatch { dispatchNumber }
    }
  }
`);

const CloseBag = graphql(`
  mutation CloseBag($id: ID!) {
    closeReceptacle(receptacleId: $id) {
      __typename
      ... on Receptacle { id receptacleNumber }
      ... on ErrorResult { message }
    }
  }
`);

/** Open bags being filled, closed bags waiting for their dispatch, and their CN 35 labels. */
export function Bags() {
  const { t, formatNumber } = useI18n();
  const { run, apiKey } = useSession();
  const acting = useActingHub();
  // An admin who picked a hub sees that hub's bags; before that, every hub's.
  const hubCode = acting.hub?.code ?? null;
  const bags = useLoad(() => run(HubBags, { hubCode }).then((d) => d.receptacles), [run, hubCode]);
  const [lane, setLane] = useState(EMPTY_LANE);
  const { busy, act, outcome } = useAction(bags.reload);
  const [format, setFormat] = usePrintFormat();

  const close = (id: string) => act(async () => {
    const { closeReceptacle: r } = await run(CloseBag, { id });
    if (r.__typename !== 'Receptacle') throw new Error(refusalMessage(r));
    return t('hub.bags.closed', { number: r.receptacleNumber ?? '' });
  });
  const open = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => t('hub.bags.opened', { bag: bagName(await openBagForLane(run, lane, acting.hub)) }));
  };

  return (
    <>
      <HubChoice acting={acting} />
      {outcome}
      {bags.error && <p className="error" role="alert">{t('common.error', { message: bags.error })}</p>}
      <PrintFormatChoice id="cn35-format" format={format} onChange={setFormat} />
      {!bags.data ? <p>{t('common.loading')}</p> : bags.data.length === 0 ? <p>{t('hub.bags.none')}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('hub.bags.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hub.bags.bag')}</th><th scope="col">{t('hub.bags.lane')}</th><th scope="col">{t('hub.bags.state')}</th>
                <th scope="col" className="num">{t('hub.bags.items')}</th><th scope="col" className="num">{t('hub.bags.weight')}</th>
                <th scope="col">{t('hub.bags.dispatch')}</th><th scope="col">{t('hub.bags.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {bags.data.map((b) => (
                <tr key={b.id}>
                  <td className="mono">{bagName(b)}</td>
                  <td>{laneLabel(b.lane)}{b.dangerousGoods ? ` · ${t('hub.bags.dg')}` : ''}{b.registered ? ` · ${t('hub.bags.registered')}` : ''}</td>
                  <td>{enumLabel(t, 'hub.state', b.state)}</td>
                  <td className="num">{formatNumber(b.itemCount)}</td>
                  <td className="num">{(b.grossWeightGrams / 1000).toFixed(2)} kg</td>
                  <td className="mono">{b.dispatch?.dispatchNumber ?? '—'}</td>
                  <td>
                    {b.state === 'OPEN' && <button type="button" className="secondary" disabled={busy} onClick={() => close(b.id)}>{t('hub.bags.close', { bag: bagName(b) })}</button>}
                    {b.cn35Url && (
                      <DocumentButton
                        path={b.cn35Url} format={format} filename={`CN35-${b.receptacleNumber}.pdf`} apiKey={apiKey}
                        label={t('hub.bags.cn35', { bag: bagName(b), format: formatName(format) })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={open} aria-labelledby="open-bag-heading">
        <h2 id="open-bag-heading">{t('hub.bags.open')}</h2>
        <p className="muted">{t('hub.bags.openExplain')}</p>
        <LaneFields idPrefix="bag-lane" lane={lane} hubCode={acting.hub?.code} onChange={setLane} />
        <button type="submit" disabled={busy || !lane.carrier.code}>{t('hub.bags.openSubmit')}</button>
      </form>
    </>
  );
}
