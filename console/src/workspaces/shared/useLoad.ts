import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../ui/error-text';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** Loads again (after a change, or when the user asks). */
  reload(): void;
}

/**
 * Runs `load` when the component mounts, when one of `deps` changes (list there what `load` reads)
 * and whenever `reload` is called; the latest answer wins.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { t } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => { if (current) { setData(value); setError(null); } },
      (e: unknown) => { if (current) setError(errorText(t, e)); },
    );
    return () => { current = false; };
  }, [generation, ...deps]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, reload };
}
