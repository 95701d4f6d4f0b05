import { readFile } from 'node:fs/promises';
import { projectPath } from '../../platform/paths.js';
import type { Database, Queryable } from '../../db/database.js';


export async function readSeed<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(projectPath('seed', file), 'utf8')) as T;
}

interface CountrySeed { code: string; name: string; currency: string; region: string; euMember: boolean }
interface CurrencySeed { code: string; name: string; minorUnits: number }
interface RateSeed { validFrom: string; currency: string; perBase: string }
interface HsSeed { chapters: { code: string; section: string; title: string }[]; headings: { code: string; title: string }[]; subheadings: { code: string; title: string }[] }
interface SeriesSeed { service: string; serviceIndicator: string; firstSerial: number; lastSerial: number }
interface HubSeed { code: string; name: string; countryCode: string; officeOfExchange: string; s10Country: string; timezone: string; s10Series: SeriesSeed[] }
interface CarrierSeed { code: string; name: string; countryCode: string; officeOfExchange: string; destinations: string[]; hubs: string[] }

/** Bulk upsert through unnest: one statement per table whatever the row count. */
async function upsert(tx: Queryable, table: string, columns: [string, string][], key: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name);
  const arrays = columns.map((_, i) => rows.map((row) => row[i]));
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const updates = names.filter((n) => !key.includes(n)).map((n) => `${n} = EXCLUDED.${n}`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${unnest})
     ON CONFLICT (${key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    arrays,
  );
}

export function sequenceNameFor(hubCode: string, service: string): string {
  return `s10_${hubCode}_${service}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** Loads every reference file in seed/ (idempotent: re-running updates in place). */
export async function seedReferenceData(db: Database): Promise<void> {
  const [{ countries }, { currencies }, { rates }, hs, { hubs }, { carriers }] = await Promise.all([
    readSeed<{ countries: CountrySeed[] }>('countries.json'),
    readSeed<{ currencies: CurrencySeed[] }>('currencies.json'),
    readSeed<{ rates: RateSeed[] }>('exchange-rates.json'),
    readSeed<HsSeed>('hs-codes.json'),
    readSeed<{ hubs: HubSeed[] }>('hubs.json'),
    readSeed<{ carriers: CarrierSeed[] }>('carriers.json'),
  ]);
  const hubCodes = new Set(hubs.map((h) => h.code));
  for (const c of carriers) {
    const unknown = c.hubs.filter((code) => !hubCodes.has(code));
    if (unknown.length) throw new Error(`seed/carriers.json: carrier ${c.code} lists hubs not in seed/hubs.json: ${unknown.join(', ')}.`);
  }
  await db.transaction(async (tx) => {
    await upsert(tx, 'currencies', [['code', 'text'], ['name', 'text'], ['minor_units', 'int']], ['code'],
      currencies.map((c) => [c.code, c.name, c.minorUnits]));
    await upsert(tx, 'countries', [['code', 'text'], ['name', 'text'], ['currency', 'text'], ['region', 'text'], ['eu_member', 'boolean']], ['code'],
      countries.map((c) => [c.code, c.name, c.currency, c.region, c.euMember]));
    await upsert(tx, 'exchange_rates', [['currency', 'text'], ['valid_from', 'date'], ['per_base', 'numeric']], ['currency', 'valid_from'],
      rates.map((r) => [r.currency, r.validFrom, r.perBase]));
    await upsert(tx, 'hs_chapters', [['code', 'text'], ['section', 'text'], ['title', 'text']], ['code'],
      hs.chapters.map((c) => [c.code, c.section, c.title]));
    await upsert(tx, 'hs_headings', [['code', 'text'], ['title', 'text']], ['code'], hs.headings.map((h) => [h.code, h.title]));
    await upsert(tx, 'hs_subheadings', [['code', 'text'], ['title', 'text']], ['code'], hs.subheadings.map((h) => [h.code, h.title]));
    await upsert(tx, 'hubs', [['code', 'text'], ['name', 'text'], ['country_code', 'text'], ['office_of_exchange', 'text'], ['s10_country', 'text'], ['timezone', 'text']], ['code'],
      hubs.map((h) => [h.code, h.name, h.countryCode, h.officeOfExchange, h.s10Country, h.timezone]));
    await upsert(tx, 'carriers', [['code', 'text'], ['name', 'text'], ['country_code', 'text'], ['office_of_exchange', 'text'], ['destinations', 'jsonb']], ['code'],
      carriers.map((c) => [c.code, c.name, c.countryCode, c.officeOfExchange, JSON.stringify(c.destinations)]));
    // A carrier's hubs as the file has them now: one it no longer lists stops getting new lanes there.
    await tx.query(
      `DELETE FROM carrier_hubs ch USING carriers c, hubs h
        WHERE c.id = ch.carrier_id AND h.id = ch.hub_id AND NOT (h.code = ANY (SELECT jsonb_array_elements_text($1::jsonb -> c.code)))`,
      [JSON.stringify(Object.fromEntries(carriers.map((c) => [c.code, c.hubs])))],
    );
    await tx.query(
      `INSERT INTO carrier_hubs (carrier_id, hub_id)
       SELECT c.id, h.id FROM unnest($1::text[], $2::text[]) AS a(carrier, hub) JOIN carriers c ON c.code = a.carrier JOIN hubs h ON h.code = a.hub
       ON CONFLICT DO NOTHING`,
      [carriers.flatMap((c) => c.hubs.map(() => c.code)), carriers.flatMap((c) => c.hubs)],
    );
    for (const hub of hubs) {
      const [{ id }] = await tx.query<{ id: string }>('SELECT id FROM hubs WHERE code = $1', [hub.code]);
      for (const series of hub.s10Series) {
        const sequence = sequenceNameFor(hub.code, series.service);
        // NO CYCLE: an exhausted series fails loudly instead of reusing numbers.
        await tx.query(
          `CREATE SEQUENCE IF NOT EXISTS ${sequence} AS bigint MINVALUE ${series.firstSerial} MAXVALUE ${series.lastSerial} START ${series.firstSerial} NO CYCLE`,
        );
        await upsert(tx, 's10_series',
          [['hub_id', 'uuid'], ['service', 'text'], ['service_indicator', 'text'], ['first_serial', 'int'], ['last_serial', 'int'], ['sequence_name', 'text']],
          ['hub_id', 'service'],
          [[id, series.service, series.serviceIndicator, series.firstSerial, series.lastSerial, sequence]]);
      }
    }
  });
}
