import { useState } from 'react';
import { graphql } from '../../../graphql/generated';
import type { CustomsState } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useHotkeys } from '../../shared/hotkeys';
import { useLoad } from '../../shared/useLoad';
import { laneClass } from '../format';
import { ParcelReview } from '../parcel/ParcelReview';

const CustomsQueue = graphql(`
  query CustomsQueue($filter: CustomsQueueFilter, $first: Int) {
    customsQueue(filter: $filter, first: $first) {
      edges {
        node {
          trackingNumber state lane score escalated
          riskHits { code }
          shipment { id }
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

/** The states an officer decides in: review, inspection, and requests the seller has not answered yet. */
const OPEN_STATES = ['UNDER_REVIEW', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED'] as const;
type LaneFilter = 'ALL' | 'RED' | 'AMBER';
const LANE_FILTERS: readonly LaneFilter[] = ['ALL', 'RED', 'AMBER'];

function Queue({ escalatedOnly }: { escalatedOnly: boolean }) {
  const { t } = useI18n();
  const { run } = useSession();
  const [lane, setLane] = useState<LaneFilter>('ALL');
  const [selected, setSelected] = useState<string | null>(null);
  const [lastDecision, setLastDecision] = useState<string | null>(null);
  const queue = useLoad(
    () => run(CustomsQueue, { first: 100, filter: { states: [...OPEN_STATES], lanes: lane === 'ALL' ? undefined : [lane], escalatedOnly } })
      .then((d) => ({ items: d.customsQueue.edges.map((e) => e.node), more: d.customsQueue.pageInfo.hasNextPage })),
    [run, lane, escalatedOnly],
  );
  const items = queue.data?.items ?? [];
  const index = items.findIndex((i) => i.shipment.id === selected);
  const move = (step: number) => {
    if (!items.length) return;
    const next = items[Math.min(items.length - 1, Math.max(0, (index < 0 ? -step : index) + step))];
    setSelected(next.shipment.id);
    document.getElementById(`q-${next.shipment.id}`)?.focus();
  };
  useHotkeys({ j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1) });

  /** After a decision: reload the queue and go on with the next parcel. */
  const decided = (trackingNumber: string, state: CustomsState) => {
    setLastDecision(t('customs.decided', { trackingNumber, state: enumLabel(t, 'customs.state', state) }));
    const next = items[index + 1] ?? items[index - 1];
    setSelected(next?.shipment.id ?? null);
    queue.reload();
  };

  return (
    <div className="workbench">
      <section className="queue-list" aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t('customs.queue.list')}</h2>
        {!escalatedOnly && (
          <fieldset className="segmented">
            <legend>{t('customs.queue.lane')}</legend>
            {LANE_FILTERS.map((l) => (
              <label key={l}><input type="radio" name="lane" value={l} checked={lane === l} onChange={() => setLane(l)} /> {enumLabel(t, 'customs.lane', l)}</label>
            ))}
          </fieldset>
        )}
        <p className="muted" id="queue-keys">{t('customs.queue.keys')}</p>
        <p role="status" className={lastDecision ? 'ok' : 'visually-hidden'}>{lastDecision}</p>
        {queue.error && <p className="error" role="alert">{t('common.error', { message: queue.error })}</p>}
        {!queue.data ? <p>{t('common.loading')}</p> : items.length === 0 ? <p>{t('customs.queue.empty')}</p> : (
          <ul className="queue" aria-describedby="queue-keys">
            {items.map((item) => (
              <li key={item.shipment.id}>
                <button
                  type="button" id={`q-${item.shipment.id}`} className="queue-item" aria-pressed={item.shipment.id === selected}
                  onClick={() => setSelected(item.shipment.id)}
                >
                  <span className={laneClass(item.lane)}>{enumLabel(t, 'customs.lane', item.lane ?? 'ALL')}</span>
                  <span className="mono">{item.trackingNumber}</span>
                  <span>{enumLabel(t, 'customs.state', item.state)}{item.escalated ? ` · ${t('customs.escalated')}` : ''}</span>
                  <span className="muted">{t('customs.score', { score: item.score ?? 0 })} · {item.riskHits.map((h) => h.code).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {queue.data?.more && <p className="muted">{t('customs.queue.more')}</p>}
      </section>
      {selected ? <ParcelReview key={selected} shipmentId={selected} onDecided={decided} /> : (
        <section className="card"><p>{t('customs.queue.pick')}</p></section>
      )}
    </div>
  );
}

export const ReviewQueue = () => <Queue escalatedOnly={false} />;
export const EscalationQueue = () => <Queue escalatedOnly />;
