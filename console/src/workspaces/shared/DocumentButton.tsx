import { useState } from 'react';
import { downloadDocument } from './download';

/** A button that downloads one of the server's documents (PDF) with the signed-in key; a failure is said next to it. */
export function DocumentButton({ path, filename, label, apiKey }: { path: string; filename: string; label: string; apiKey: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="secondary" onClick={() => downloadDocument(apiKey, path, filename).then(() => setError(null), (e: Error) => setError(e.message))}>{label}</button>
      {error && <span className="field-error" role="alert"> {error}</span>}
    </>
  );
}
