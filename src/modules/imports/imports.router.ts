/**
 * POST /imports/declarations: a declaration sheet (CSV or XLSX, the raw file as the body) read
 * into declaration inputs by the one parser the console and the CLI share; nothing is declared
 * here — the client sends the parcels to declareShipments in chunks (import-plan.ts).
 * GET /imports/declarations/template.csv: the template.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Services } from '../../app/services.js';
import { badInput } from '../../platform/errors.js';
import { apiRoute, rawBody } from '../console/api-route.js';
import { declarationTemplateCsv } from './declaration-sheet.columns.js';
import { readDeclarationSheet, SheetHeaderInvalid } from './declaration-sheet.js';
import type { ParsedDeclarationFile } from './import-plan.js';
import { readSheet, sheetFormat, SheetUnreadable } from './sheet.parser.js';

/** 10,000 one-line parcels as CSV are about 4 MiB; XLSX is smaller. */
export const MAX_SHEET_BYTES = 16 * 1024 * 1024;

export async function parseDeclarationFile(bytes: Uint8Array, minorUnits: (currency: string) => number | undefined): Promise<ParsedDeclarationFile> {
  if (bytes.length === 0) throw badInput('The file is empty: start from the template.');
  try {
    const sheet = readDeclarationSheet(await readSheet(bytes), minorUnits);
    return { format: sheetFormat(bytes), digest: createHash('sha256').update(bytes).digest('hex'), ...sheet };
  } catch (error) {
    if (error instanceof SheetUnreadable || error instanceof SheetHeaderInvalid) throw badInput(error.message);
    throw error;
  }
}

export function importsRouter(services: Services): Router {
  const router = Router();
  const minorUnits = (currency: string) => services.reference.currencies.get(currency)?.minorUnits;
  router.get('/imports/declarations/template.csv', (_req, res) => {
    res.set({ 'content-disposition': 'attachment; filename="silkgate-declarations.csv"', 'cache-control': 'no-cache' });
    res.type('text/csv; charset=utf-8').send(`\uFEFF${declarationTemplateCsv()}`);
  });
  router.post(
    '/imports/declarations',
    ...rawBody(MAX_SHEET_BYTES),
    apiRoute(services, ['SELLER'], async (req, res) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.set('cache-control', 'no-store').json(await parseDeclarationFile(bytes, minorUnits));
    }),
  );
  return router;
}
