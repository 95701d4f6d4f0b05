import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../ui/error-text';
import { downloadDocument } from './download';
import { documentFilename, documentPath, type PrintFormat } from './print-format';

/**
 * A button that downloads one of the server's documents with the signed-in key; a failure is said
 * next to it. `format` only where the route renders ZPL (the file is then named `….zpl`).
 */
export function DocumentButton({ path, filename, label, apiKey, format = 'pdf' }: { path: string; filename: string; label: string; apiKey: string; format?: PrintFormat }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const download = () => downloadDocument(apiKey, documentPath(path, format), documentFilename(filename, format)).then(() => setError(null), (e: unknown) => setError(errorText(t, e)));
  return (
    <>
      <button type="button" className="secondary" onClick={download}>{label}</button>
      {error && <span className="field-error" role="alert"> {error}</span>}
    </>
  );
}
