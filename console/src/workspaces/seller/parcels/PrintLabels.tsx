import { useEffect, useState } from 'react';
import { request } from '../../../api/client';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';

/**
 * Labels of the selected parcels as one PDF (POST /documents/labels.pdf). The file is fetched with
 * the key and offered as a link, since a plain link cannot carry the Authorization header.
 */
export function PrintLabels({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  const { apiKey } = useSession();
  const [pdf, setPdf] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => {
    if (pdf) URL.revokeObjectURL(pdf);
  }, [pdf]);

  async function print() {
    setBusy(true);
    setError(null);
    try {
      const blob = await (await request(apiKey, '/documents/labels.pdf', { json: { ids } })).blob();
      setPdf(URL.createObjectURL(blob));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="toolbar">
      <button type="button" disabled={ids.length === 0 || busy} onClick={() => void print()}>{t('seller.labels.print', { count: ids.length })}</button>
      {pdf && <a className="button secondary" href={pdf} download="labels.pdf" target="_blank" rel="noreferrer">{t('seller.labels.open')}</a>}
      <span className="muted">{t('seller.labels.pdfOnly')}</span>
      <ErrorMessage error={error} />
    </div>
  );
}
