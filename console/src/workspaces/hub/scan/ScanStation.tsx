import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useLoad } from '../../shared/useLoad';
import { laneLabel, refusalMessage } from '../lanes';
import { AddToBag, bagName, OpenBags, ReceiveParcel, StationLocations, type Received } from './operations';
import { WhereItGoes } from './WhereItGoes';
import { HubChoice, useActingHub } from '../acting-hub';
import { errorText } from '../../../ui/error-text';

type Mode = 'receive' | 'bag';
type Outcome = { kind: 'received'; received: Received } | { kind: 'done'; message: string } | { kind: 'refused'; message: string };
interface LogLine { id: number; code: string; text: string; ok: boolean }

const DEFAULT_SIZE = { length: 300, width: 200, height: 100 };

/**
 * The scan station: a keyboard-wedge scanner types a barcode and Enter into the focused field.
 * Receiving needs the weight: typed (or sent by the scale) before or after the scan.
 */
export function ScanStation() {
  const { t, formatNumber } = useI18n();
  const { run } = useSession();
  const acting = useActingHub();
  const hubCode = acting.hub?.code;
  const locations = useLoad(() => (hubCode ? run(StationLocations, { hubCode }).then((d) => d.hubLocations) : Promise.resolve([])), [run, hubCode]);
  const bags = useLoad(() => run(OpenBags, { hubCode: hubCode ?? null }).then((d) => d.receptacles), [run, hubCode]);
  const [mode, setMode] = useState<Mode>('receive');
  const [location, setLocation] = useState('');
  const [size, setSize] = useState(DEFAULT_SIZE);
  const [bagId, setBagId] = useState('');
  const [code, setCode] = useState('');
  const [weight, setWeight] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [log, setLog] = useState<LogLine[]>([]);
  const [busy, setBusy] = useState(false);
  const scanField = useRef<HTMLInputElement>(null);
  const weightField = useRef<HTMLInputElement>(null);

  const receiving = locations.data?.filter((l) => l.kind === 'RECEIVING') ?? [];
  const station = location || receiving[0]?.code || locations.data?.[0]?.code || '';
  const bag = bags.data?.find((b) => b.id === bagId) ?? bags.data?.[0];
  // After the shell has focused the screen's heading: the scanner types into the scan field.
  useEffect(() => {
    const frame = requestAnimationFrame(() => scanField.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [mode]);

  function finish(scanned: string, next: Outcome, ok: boolean, text: string) {
    setOutcome(next);
    setLog((l) => [{ id: Date.now(), code: scanned, text, ok }, ...l].slice(0, 10));
    setCode('');
    setWeight('');
    setHint(null);
    scanField.current?.focus();
  }

  async function scan(event?: FormEvent) {
    event?.preventDefault();
    const scanned = code.trim().toUpperCase();
    if (!scanned || busy) return;
    if (mode === 'receive' && !(Number(weight) > 0)) {
      setHint(t('hub.scan.weighFirst'));
      weightField.current?.focus();
      return;
    }
    setBusy(true);
    try {
      if (mode === 'receive') {
        const { receiveParcel: r } = await run(ReceiveParcel, { input: { trackingNumber: scanned, weightGrams: Math.round(Number(weight)), dimensionsMm: size, location: station }, hubCode });
        if (r.__typename === 'ParcelReceived') finish(scanned, { kind: 'received', received: r }, true, r.alreadyReceived ? t('hub.scan.rescan') : t('hub.scan.receivedShort'));
        else finish(scanned, { kind: 'refused', message: refusalMessage(r) }, false, t('hub.scan.refusedShort', { code: r.errorCode }));
      } else if (bag) {
        const { addToReceptacle: r } = await run(AddToBag, { receptacleId: bag.id, trackingNumber: scanned });
        if (r.__typename === 'Receptacle') {
          const message = t('hub.scan.bagged', { trackingNumber: scanned, bag: bagName(r), count: formatNumber(r.itemCount), kg: (r.grossWeightGrams / 1000).toFixed(2) });
          finish(scanned, { kind: 'done', message }, true, bagName(r));
        } else finish(scanned, { kind: 'refused', message: refusalMessage(r) }, false, t('hub.scan.refusedShort', { code: r.errorCode }));
      }
    } catch (e) {
      finish(scanned, { kind: 'refused', message: errorText(t, e) }, false, t('hub.scan.refusedShort', { code: 'ERROR' }));
    } finally {
      setBusy(false);
    }
  }

  const bagged = (message: string) => {
    setOutcome({ kind: 'done', message });
    bags.reload();
    scanField.current?.focus();
  };

  return (
    <div className="station">
      <HubChoice acting={acting} />
      <form className="card scan-form" onSubmit={scan}>
        <fieldset className="segmented">
          <legend>{t('hub.scan.mode')}</legend>
          <label><input type="radio" name="mode" checked={mode === 'receive'} onChange={() => setMode('receive')} /> {t('hub.scan.modeReceive')}</label>
          <label><input type="radio" name="mode" checked={mode === 'bag'} onChange={() => setMode('bag')} /> {t('hub.scan.modeBag')}</label>
        </fieldset>
        <div className="field scan-field">
          <label htmlFor="scan">{t('hub.scan.barcode')}</label>
          <input id="scan" ref={scanField} autoFocus autoComplete="off" spellCheck={false} className="mono big" value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="scan-help" />
          <p id="scan-help" className="muted">{mode === 'receive' ? t('hub.scan.helpReceive') : t('hub.scan.helpBag')}</p>
        </div>
        {mode === 'receive' ? (
          <div className="form-grid three">
            <div className="field">
              <label htmlFor="weight">{t('hub.scan.weight')}</label>
              <input id="weight" ref={weightField} type="number" inputMode="numeric" min={1} max={100000} value={weight} onChange={(e) => setWeight(e.target.value)} aria-describedby={hint ? 'weight-hint' : undefined} />
              {hint && <p id="weight-hint" className="field-error" role="status">{hint}</p>}
            </div>
            <div className="field">
              <label htmlFor="location">{t('hub.scan.location')}</label>
              <select id="location" value={station} onChange={(e) => setLocation(e.target.value)}>
                {(locations.data ?? []).map((l) => <option key={l.code} value={l.code}>{l.code}</option>)}
              </select>
            </div>
            <fieldset className="size">
              <legend>{t('hub.scan.size')}</legend>
              {(['length', 'width', 'height'] as const).map((k) => (
                <label key={k}>
                  <span className="visually-hidden">{t(`hub.scan.${k}`)}</span>
                  <input type="number" min={1} max={5000} value={size[k]} onChange={(e) => setSize({ ...size, [k]: Number(e.target.value) })} aria-label={t(`hub.scan.${k}`)} />
                </label>
              ))}
            </fieldset>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="bag">{t('hub.scan.intoBag')}</label>
            <select id="bag" value={bag?.id ?? ''} onChange={(e) => setBagId(e.target.value)}>
              {(bags.data ?? []).map((b) => <option key={b.id} value={b.id}>{bagName(b)} · {laneLabel(b.lane)} · {b.itemCount}</option>)}
            </select>
            {bags.data?.length === 0 && <p className="notice">{t('hub.scan.noOpenBags')}</p>}
          </div>
        )}
        <button type="submit" disabled={busy}>{mode === 'receive' ? t('hub.scan.receive') : t('hub.scan.bag')}</button>
      </form>

      <section className="card result" aria-live="polite" aria-labelledby="result-heading">
        <h2 id="result-heading">{t('hub.scan.result')}</h2>
        {!outcome && <p className="muted">{t('hub.scan.ready')}</p>}
        {outcome?.kind === 'refused' && <p className="error" role="alert">{outcome.message}</p>}
        {outcome?.kind === 'done' && <p className="ok">{outcome.message}</p>}
        {outcome?.kind === 'received' && (
          <>
            <p className="ok">
              {t(outcome.received.alreadyReceived ? 'hub.scan.alreadyReceived' : 'hub.scan.received', {
                trackingNumber: outcome.received.parcel.trackingNumber, location: outcome.received.parcel.location, grams: formatNumber(outcome.received.parcel.receivedWeightGrams),
              })}
            </p>
            {outcome.received.weightDiscrepancy && (
              <p className="notice">{t('hub.scan.weightDiscrepancy', {
                declared: formatNumber(outcome.received.weightDiscrepancy.declaredWeightGrams ?? 0), measured: formatNumber(outcome.received.weightDiscrepancy.measuredWeightGrams ?? 0),
              })}</p>
            )}
            <WhereItGoes key={outcome.received.parcel.trackingNumber} parcel={outcome.received.parcel} hub={acting.hub} onBagged={bagged} />
          </>
        )}
      </section>

      {log.length > 0 && (
        <section className="card" aria-labelledby="log-heading">
          <h2 id="log-heading">{t('hub.scan.log')}</h2>
          <ol className="scan-log">
            {log.map((l) => <li key={l.id} className={l.ok ? '' : 'bad'}><span className="mono">{l.code}</span> {l.text}</li>)}
          </ol>
        </section>
      )}
    </div>
  );
}
