import { useEffect, useState } from 'react';
import { request } from '../../../api/client';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { documentFilename, formatName, PrintFormatChoice, usePrintFormat, type PrintFormat } from '../../shared/print-format';

/**
 * Labels of the selected parcels as one file (POST /documents/labels.pdf, in the format this browser
 * prints: PDF or ZPL). The file is fetched with the key and offered as a link, since a plain link
 * cannot carry the Authorization header.
 */
export function PrintLabels({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  const { apiKey } = useSession();
  const [format, setFormat] = usePrintFormat();
  const [labels, setLabels] = useState<{ url: string; format: PrintFormat } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => {
    if (labels) URL.revokeObjectURL(labels.url);
  }, [labels]);

  async function print() {
    setBusy(true);
    setError(null);
    try {
      const blob = await (await request(apiKey, '/documents/labels.pdf', { json: { ids, format } })).blob();
      setLabels({ url: URL.createObjectURL(blob), format });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="toolbar">
      <PrintFormatChoice id="labels-format" format={format} onChange={setFormat} />
      <button type="button" disabled={ids.length === 0 || busy} onClick={() => void print()}>{t('seller.labels.print', { count: ids.length })}</button>
      {labels && (
        <a className="button secondary" href={labels.url} download={documentFilename('labels.pdf', labels.format)} target="_blank" rel="noreferrer">
          {t('seller.labels.open', { format: formatName(labels.format) })}
        </a>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
