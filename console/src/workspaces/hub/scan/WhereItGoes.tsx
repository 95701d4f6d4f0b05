import { useState } from 'react';
import type { CustomsState } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { laneLabel, openBagForLane, refusalMessage } from '../lanes';
import { AddToBag, bagName, type ScannedParcel } from './operations';
import type { ActingHub } from '../acting-hub';
import { errorText } from '../../../ui/error-text';

/**
 * Tells the operator where a received parcel goes: the shelf while customs holds it, the open bag of
 * its lane that has room (one key to bag it), or a new bag for its lane.
 */
export function WhereItGoes({ parcel, hub, onBagged }: { parcel: ScannedParcel; hub: ActingHub['hub']; onBagged(message: string): void }) {
  const { t, formatNumber } = useI18n();
  const { run } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bag = parcel.suitableReceptacles[0];

  async function bagInto(receptacleId: () => Promise<string>) {
    setBusy(true);
    setError(null);
    try {
      const id = await receptacleId();
      const { addToReceptacle: r } = await run(AddToBag, { receptacleId: id, trackingNumber: parcel.trackingNumber });
      if (r.__typename !== 'Receptacle') throw new Error(refusalMessage(r));
      onBagged(t('hub.scan.bagged', { trackingNumber: parcel.trackingNumber, bag: bagName(r), count: formatNumber(r.itemCount), kg: (r.grossWeightGrams / 1000).toFixed(2) }));
    } catch (e) {
      setError(errorText(t, e));
      setBusy(false);
    }
  }

  if (parcel.receptacle) return <p>{t('hub.scan.alreadyBagged', { bag: bagName(parcel.receptacle) })}</p>;
  if (parcel.customsStatus !== 'RELEASED') return <p className="notice">{t('hub.scan.waitCustoms', { status: enumLabel(t, 'customs.state', parcel.customsStatus as CustomsState), location: parcel.location })}</p>;
  if (!parcel.lane) return <p className="notice">{t('hub.scan.noLane')}</p>;
  return (
    <div className="where">
      <p className="goes-to">
        {bag
          ? t('hub.scan.goesToBag', { bag: bagName(bag), lane: laneLabel(parcel.lane), dispatch: bag.dispatch?.dispatchNumber ?? '—', count: formatNumber(bag.itemCount) })
          : t('hub.scan.goesToNewBag', { lane: laneLabel(parcel.lane) })}
        {parcel.dangerousGoods && ` ${t('hub.scan.dangerousGoods')}`}
      </p>
      {bag ? (
        <button type="button" disabled={busy} onClick={() => bagInto(async () => bag.id)}>{t('hub.scan.bagIt', { bag: bagName(bag) })}</button>
      ) : (
        <button type="button" disabled={busy} onClick={() => bagInto(async () => (await openBagForLane(run, parcel.lane!, hub)).id)}>{t('hub.scan.openAndBag')}</button>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
