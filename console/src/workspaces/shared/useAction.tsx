import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../ui/error-text';

export interface Action {
  busy: boolean;
  /** Runs one change; its answer (a sentence) or its error is shown by `outcome`, then `after` runs. */
  act(change: () => Promise<string>): Promise<void>;
  outcome: JSX.Element;
}

/** One change at a time from a screen, with what came of it said in a live region. */
export function useAction(after: () => void): Action {
  const { t } = useI18n();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function act(change: () => Promise<string>) {
    setBusy(true);
    try {
      setMessage({ ok: true, text: await change() });
      after();
    } catch (e) {
      setMessage({ ok: false, text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  }
  const outcome = (
    <div aria-live="polite">{message && <p className={message.ok ? 'ok' : 'error'} role={message.ok ? undefined : 'alert'}>{message.text}</p>}</div>
  );
  return { busy, act, outcome };
}
