import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitcher } from './LanguageSwitcher';
import { errorText } from '../ui/error-text';

export function SignIn({ onSignIn }: { onSignIn(apiKey: string): Promise<void> }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(key.trim());
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'UNAUTHENTICATED' ? t('signIn.invalidKey') : errorText(t, e));
      setBusy(false);
    }
  }

  return (
    <>
      <header className="topbar">
        <p className="brand">{t('app.name')}</p>
        <LanguageSwitcher />
      </header>
      <main className="signin" id="main">
        <h1>{t('signIn.title')}</h1>
        <form onSubmit={submit} className="card">
          <p>{t('signIn.explain')}</p>
          <label htmlFor="api-key">{t('signIn.keyLabel')}</label>
          <input id="api-key" type="password" autoComplete="off" autoFocus required value={key} onChange={(e) => setKey(e.target.value)} />
          {error && <p className="error" role="alert">{error}</p>}
          <button type="submit" disabled={busy}>{t('signIn.submit')}</button>
        </form>
      </main>
    </>
  );
}
