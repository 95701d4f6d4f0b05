import type { RowError } from '../../../../../src/modules/imports/declaration-sheet';
import { useI18n } from '../../../i18n/i18n';

export interface ImportReport {
  fileName: string;
  rowCount: number;
  declared: number;
  /** Of `declared`, how many an earlier upload of the same file had already created. */
  replayed: number;
  problems: { row: number; errors: RowError[] }[];
  ignoredColumns: string[];
}

export function ImportResults({ report }: { report: ImportReport }) {
  const { t, formatNumber } = useI18n();
  return (
    <section className="card" aria-labelledby="import-result">
      <h2 id="import-result">{t('seller.import.resultTitle', { file: report.fileName })}</h2>
      <p role="status" className={report.problems.length ? undefined : 'ok'}>
        {t('seller.import.summary', { rows: formatNumber(report.rowCount), declared: formatNumber(report.declared), problems: formatNumber(report.problems.length) })}
      </p>
      {report.replayed > 0 && <p className="ok">{t('seller.import.replayed', { count: formatNumber(report.replayed) })}</p>}
      {report.ignoredColumns.length > 0 && <p className="muted">{t('seller.import.ignored', { columns: report.ignoredColumns.join(', ') })}</p>}
      {report.problems.length > 0 && (
        <div className="table-wrap">
          <table className="import-problems">
            <caption>{t('seller.import.problemsCaption')}</caption>
            <thead>
              <tr><th scope="col" className="num">{t('seller.import.row')}</th><th scope="col">{t('seller.import.column')}</th><th scope="col">{t('seller.import.problem')}</th></tr>
            </thead>
            <tbody>
              {report.problems.flatMap(({ row, errors }) =>
                errors.map((e, i) => (
                  <tr key={`${row}-${i}`} data-row={row}>
                    {i === 0 && <th scope="row" className="num" rowSpan={errors.length}>{row}</th>}
                    <td><code>{e.column}</code></td>
                    <td>{e.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
