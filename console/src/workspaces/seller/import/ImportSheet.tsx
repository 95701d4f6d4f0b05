import { useRef, useState, type FormEvent } from 'react';
import { chunkOutcomes, importChunks, rowsWithErrors, type ParcelOutcome, type ParsedDeclarationFile } from '../../../../../src/modules/imports/import-plan';
import { request } from '../../../api/client';
import { graphql } from '../../../graphql/generated';
import type { DeclareShipmentInput } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { ImportResults, type ImportReport } from './ImportResults';

const ImportDeclarations = graphql(`
  mutation ImportDeclarations($inputs: [DeclareShipmentInput!]!, $key: String) {
    declareShipments(inputs: $inputs, idempotencyKey: $key) {
      replayed
      results {
        __typename
        ... on Shipment { trackingNumber }
        ... on DeclarationRejected { errors { path code message } }
      }
    }
  }
`);

interface Progress {
  done: number;
  total: number;
}

/**
 * The server reads the file (the parser the CLI uses too); the parcels go to declareShipments in
 * chunks keyed by the file's digest, so uploading the same file again creates nothing.
 */
export function ImportSheet() {
  const { t, formatNumber } = useI18n();
  const { apiKey, run } = useSession();
  const fileInput = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = progress !== null && report === null && error === null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setReport(null);
    setError(null);
    setProgress({ done: 0, total: 0 });
    try {
      const sheet = (await (await request(apiKey, '/imports/declarations', { body: file })).json()) as ParsedDeclarationFile;
      setProgress({ done: 0, total: sheet.parcels.length });
      const outcomes: ParcelOutcome[] = [];
      let replayed = 0;
      for (const chunk of importChunks(sheet)) {
        const inputs = chunk.parcels.map((p) => p.input) as unknown as DeclareShipmentInput[];
        const { declareShipments } = await run(ImportDeclarations, { inputs, key: chunk.idempotencyKey });
        const chunkResults = chunkOutcomes(chunk, declareShipments.results);
        outcomes.push(...chunkResults);
        if (declareShipments.replayed) replayed += chunkResults.filter((o) => o.trackingNumber).length;
        setProgress((p) => p && { ...p, done: p.done + chunk.parcels.length });
      }
      setReport({
        fileName: file.name,
        rowCount: sheet.rowCount,
        declared: outcomes.filter((o) => o.trackingNumber).length,
        replayed,
        problems: rowsWithErrors(sheet.rowErrors, outcomes),
        ignoredColumns: sheet.ignoredColumns,
      });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="import-how">
        <h2 id="import-how">{t('seller.import.howTitle')}</h2>
        <p>{t('seller.import.how')}</p>
        <p><a href="/imports/declarations/template.csv" download>{t('seller.import.template')}</a></p>
        <form onSubmit={submit} className="toolbar">
          <div className="field">
            <label htmlFor="import-file">{t('seller.import.file')}</label>
            <input id="import-file" ref={fileInput} type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
          </div>
          <button type="submit" disabled={busy}>{t('seller.import.submit')}</button>
        </form>
        {progress && (
          <div>
            <label htmlFor="import-progress">{progress.total ? t('seller.import.progress', { done: formatNumber(progress.done), total: formatNumber(progress.total) }) : t('seller.import.reading')}</label>
            <progress id="import-progress" max={progress.total || 1} value={progress.total ? progress.done : undefined} />
          </div>
        )}
        <ErrorMessage error={error} />
      </section>
      {report && <ImportResults report={report} />}
    </>
  );
}
