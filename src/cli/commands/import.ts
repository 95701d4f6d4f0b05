/**
 * silkgate import FILE: declares the parcels of a CSV or XLSX declaration sheet. The server reads
 * the sheet (POST /imports/declarations, the parser the console uses too); the parcels then go to
 * declareShipments in chunks under keys derived from the file's content, so running the same file
 * again creates nothing. Rows with problems are listed by row number and column.
 */
import { readFile, writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { chunkOutcomes, importChunks, rowsWithErrors, type DeclareOutcome, type ParcelOutcome, type ParsedDeclarationFile } from '../../modules/imports/import-plan.js';
import { API_USAGE, apiTarget, graphql, parseCommandArgs, postFile } from '../api.js';
import { UsageError, type CliCommand } from '../command.js';

const DECLARE = `mutation ImportDeclarations($inputs: [DeclareShipmentInput!]!, $key: String) {
  declareShipments(inputs: $inputs, idempotencyKey: $key) {
    replayed
    results {
      __typename
      ... on Shipment { trackingNumber }
      ... on DeclarationRejected { errors { path code message } }
    }
  }
}`;

interface DeclarePayload {
  declareShipments: { replayed: boolean; results: DeclareOutcome[] };
}

const csvCell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export const command: CliCommand = {
  summary: 'declare the parcels of a CSV or XLSX declaration sheet (idempotent re-runs)',
  usage: `Usage: silkgate import FILE [--report errors.csv] [--url URL] [--key KEY]

Declares every parcel of FILE (CSV UTF-8 or XLSX, columns as in /imports/declarations/template.csv)
for the seller of the key. Running the same file again creates nothing new.
  --report F   also write the rows with problems to F as CSV (row, column, code, message)
${API_USAGE}
Exit code: 0 all parcels declared, 1 some rows have problems, 2 usage.`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { report: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one file.');
    const target = apiTarget(values);
    const bytes = await readFile(positionals[0]).catch(() => {
      throw new UsageError(`cannot read ${positionals[0]}.`);
    });
    const sheet = await postFile<ParsedDeclarationFile>(target, '/imports/declarations', bytes);
    const chunks = importChunks(sheet);
    const bar = new cliProgress.SingleBar({ format: 'Declaring [{bar}] {value}/{total} parcels', hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(sheet.parcels.length, 0);
    const outcomes: ParcelOutcome[] = [];
    let replayed = 0;
    for (const chunk of chunks) {
      const data = await graphql<DeclarePayload>(target, DECLARE, { inputs: chunk.parcels.map((p) => p.input), key: chunk.idempotencyKey });
      const chunkResults = chunkOutcomes(chunk, data.declareShipments.results);
      outcomes.push(...chunkResults);
      if (data.declareShipments.replayed) replayed += chunkResults.filter((o) => o.trackingNumber).length;
      bar.increment(chunk.parcels.length);
    }
    bar.stop();

    const problems = rowsWithErrors(sheet.rowErrors, outcomes);
    const declared = outcomes.filter((o) => o.trackingNumber).length;
    for (const { row, errors } of problems) {
      for (const e of errors) process.stdout.write(`row ${row}\t${e.column}\t${e.message}\n`);
    }
    if (values.report) {
      const lines = problems.flatMap(({ row, errors }) => errors.map((e) => [row, e.column, e.code, e.message].map(csvCell).join(',')));
      await writeFile(String(values.report), `row,column,code,message\r\n${lines.map((l) => `${l}\r\n`).join('')}`);
    }
    if (sheet.ignoredColumns.length) process.stdout.write(`ignored columns: ${sheet.ignoredColumns.join(', ')}\n`);
    process.stdout.write(
      `${sheet.rowCount} rows, ${declared} parcels declared${replayed ? ` (${replayed} of them already by an earlier run of this file: nothing new created)` : ''}, ` +
        `${problems.length} rows with problems.\n`,
    );
    return problems.length ? 1 : 0;
  },
};
