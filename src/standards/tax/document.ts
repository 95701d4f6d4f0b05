import { REGIME_SECTIONS, type RegimeSection } from './requirements.js';
import type { Dated, TaxRules } from './types.js';

/** One problem in a regime document, named by its path (eaeu.versions[0].rate). */
export interface DocumentError {
  path: string;
  code: 'REQUIRED' | 'UNKNOWN_FIELD' | 'WRONG_TYPE' | 'INVALID' | 'EMPTY';
  message: string;
}

/** A checker for one value: pushes errors for it and below it. */
type Check = (value: unknown, path: string, errors: DocumentError[]) => void;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RATE = /^(0|[1-9]\d{0,3})(\.\d{1,6})?$/;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const VERSION = /^[A-Z][A-Z0-9-]{1,39}$/;

const typeError = (path: string, what: string): DocumentError => ({ path, code: 'WRONG_TYPE', message: `${path} must be ${what}.` });

function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

const str = (pattern?: RegExp, what = 'a non-empty string'): Check => (v, p, e) => {
  if (typeof v !== 'string' || !v.trim() || v.length > 2000 || (pattern && !pattern.test(v))) e.push(typeError(p, what));
};
const date: Check = (v, p, e) => { if (!isDate(v)) e.push(typeError(p, 'a date YYYY-MM-DD')); };
const rate: Check = str(RATE, 'a decimal rate as a string, e.g. "0.15"');
const minor: Check = (v, p, e) => { if (!Number.isSafeInteger(v) || (v as number) < 0) e.push(typeError(p, 'a whole number of minor units, zero or more')); };
const bool: Check = (v, p, e) => { if (typeof v !== 'boolean') e.push(typeError(p, 'true or false')); };
const oneOf = (...values: string[]): Check => (v, p, e) => { if (!values.includes(v as string)) e.push(typeError(p, `one of ${values.join(', ')}`)); };
const nullable = (check: Check): Check => (v, p, e) => { if (v !== null) check(v, p, e); };
const list = (item: Check, min = 0): Check => (v, p, e) => {
  if (!Array.isArray(v)) return void e.push(typeError(p, 'a list'));
  if (v.length < min) e.push({ path: p, code: 'EMPTY', message: `${p} needs at least ${min} entr${min === 1 ? 'y' : 'ies'}.` });
  v.forEach((x, i) => item(x, `${p}[${i}]`, e));
};
const map = (value: Check, key: RegExp = /^[A-Z]{2}$|^default$/): Check => (v, p, e) => {
  if (!isObject(v)) return void e.push(typeError(p, 'an object'));
  for (const [k, x] of Object.entries(v)) {
    if (!key.test(k)) e.push({ path: `${p}.${k}`, code: 'INVALID', message: `${p}: "${k}" is not a valid key.` });
    value(x, `${p}.${k}`, e);
  }
};
/** Required fields, then optional ones (suffix ?); anything else is an unknown field. */
const obj = (fields: Record<string, Check>): Check => (v, p, e) => {
  if (!isObject(v)) return void e.push(typeError(p, 'an object'));
  const known = new Set<string>();
  for (const [spec, check] of Object.entries(fields)) {
    const optional = spec.endsWith('?');
    const name = optional ? spec.slice(0, -1) : spec;
    known.add(name);
    const at = p ? `${p}.${name}` : name;
    if (v[name] === undefined) {
      if (!optional) e.push({ path: at, code: 'REQUIRED', message: `${at} is required.` });
    } else check(v[name], at, e);
  }
  for (const k of Object.keys(v)) {
    if (!known.has(k)) e.push({ path: p ? `${p}.${k}` : k, code: 'UNKNOWN_FIELD', message: `${p ? `${p}.${k}` : k} is not a field of this document.` });
  }
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const currency = str(/^[A-Z]{3}$/, 'an ISO 4217 currency code');
const country = str(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code');

const exampleInput = obj({
  destination: country, destinationIsEu: bool, declaredOn: date, category: str(CODE, 'a contents category'), grossWeightG: minor,
  lines: list(obj({ hsCode: str(/^\d{4,10}$/, 'an HS code of 4 to 10 digits'), description: str(), quantity: minor, valueMinor: minor, currency, netWeightG: minor, originCountry: country }), 1),
  'iossNumber?': nullable(str()), 'taxId?': nullable(str()), 'buyerYearToDateMinor?': minor,
});
const example = obj({
  name: str(),
  input: exampleInput,
  expect: obj({ 'ruleVersion?': str(), 'basis?': str(), 'currency?': currency, 'valueMinor?': minor, 'dutyMinor?': minor, 'taxMinor?': minor, 'dueMinor?': minor, 'collectedAtSaleMinor?': minor }),
});
const requirement = obj({
  code: str(CODE, 'an error code in capitals, e.g. HS_SUBHEADING_REQUIRED'),
  field: oneOf('lines[].hsCode', 'iossNumber', 'taxId', 'importerReference'),
  message: str(),
  'minDigits?': (v, p, e) => { if (![4, 6, 8, 10].includes(v as number)) e.push(typeError(p, '4, 6, 8 or 10')); },
  'confidence?': oneOf('VERIFIED', 'REPORTED', 'UNVERIFIED'),
  'when?': obj({ 'categories?': list(str(CODE), 1), 'countries?': list(country, 1), 'taxCollectedAtSale?': bool, 'valueAboveMinor?': minor, 'valueAtMostMinor?': minor }),
});
const dated = {
  effectiveFrom: date,
  version: str(VERSION, 'a version id in capitals, digits and hyphens, e.g. EAEU-2027-01'),
  confidence: oneOf('VERIFIED', 'REPORTED', 'UNVERIFIED'),
  sources: list(obj({ url: str(/^https?:\/\/\S+$/, 'an http(s) URL'), title: str(), date }), 0),
  examples: list(example, 1),
  'note?': str(),
  'requirements?': list(requirement),
};
const dutyTable = str(/^[A-Z]{2,10}$/, 'the name of a duty table, e.g. EU');
const rateMap = map(rate);
const genericCountry = obj({ currency, deMinimisMinor: minor, vatRate: rate });

/** The fields of one version, per section of seed/tax-rules.json. */
const VERSION_SHAPES: Record<RegimeSection, Check> = {
  malaysia: obj({ ...dated, currency, deMinimisMinor: minor, salesTaxRate: rate, dutyTable, lvg: nullable(obj({ thresholdMinor: minor, rate, excludedHsPrefixes: list(str(/^\d{2,10}$/, 'HS digits')) })) }),
  eaeu: obj({ ...dated, currency, valueLimitMinor: minor, weightLimitG: minor, rate, minPerKgMinor: minor, 'basis?': oneOf('EXCESS', 'WHOLE_VALUE'), 'vatRates?': rateMap }),
  eu: obj({
    ...dated, currency, iossLimitMinor: minor, dutyTable, flatDutyPerSubheadingMinor: nullable(minor), 'flatDutyScope?': oneOf('ALL', 'IOSS'),
    'fullTariffFromFirstEuro?': bool, 'handlingFees?': map(obj({ amountMinor: minor, currency, label: str() })),
  }),
  usa: obj({ ...dated, currency, deMinimisMinor: nullable(minor), giftExemptionMinor: nullable(minor), ratesByOrigin: rateMap, 'dutyTable?': dutyTable }),
  china: obj({ ...dated, currency, perTransactionLimitMinor: minor, annualLimitMinor: minor, cbecRate: rate, cbecRateByChapter: map(rate, /^\d{2}$/), generalVatRate: rate, dutyTable }),
  generic: obj({ ...dated, dutyTable, default: genericCountry, countries: map(genericCountry, /^[A-Z]{2}$/) }),
};

export interface LoadedVersion {
  section: RegimeSection;
  version: Dated & Record<string, unknown>;
  /** Where it sits in the document it came from, e.g. eaeu.versions[0]. */
  at?: string;
}

/**
 * Reads a regime document: the shape of seed/tax-rules.json holding only the new versions, e.g.
 * { "eaeu": { "versions": [ {...} ] } }. Checks the shape, then the rules that need the current
 * data: known currencies and duty tables, a start after `today`, no version id or start date taken.
 */
export function readRegimeDocument(
  doc: unknown,
  current: TaxRules,
  context: { today: string; knownCurrencies: ReadonlySet<string>; takenVersionIds: ReadonlySet<string> },
): { ok: true; versions: LoadedVersion[] } | { ok: false; errors: DocumentError[] } {
  const errors: DocumentError[] = [];
  if (!isObject(doc)) return { ok: false, errors: [typeError('', 'a JSON object such as { "eaeu": { "versions": [ ... ] } }')] };
  const sections = new Set<string>(Object.values(REGIME_SECTIONS));
  const versions: (LoadedVersion & { at: string })[] = [];
  const keys = Object.keys(doc);
  if (keys.length === 0) errors.push({ path: '', code: 'EMPTY', message: 'The document has no regime section.' });
  for (const key of keys) {
    if (!sections.has(key)) {
      errors.push({ path: key, code: 'UNKNOWN_FIELD', message: `${key} is not a regime section (${[...sections].join(', ')}); duty tables and VAT tables are not loadable.` });
      continue;
    }
    const section = key as RegimeSection;
    const before = errors.length;
    obj({ versions: list(VERSION_SHAPES[section], 1) })(doc[key], key, errors);
    if (errors.length > before) continue;
    (doc[key] as { versions: LoadedVersion['version'][] }).versions.forEach((v, i) => versions.push({ section, version: v, at: `${section}.versions[${i}]` }));
  }
  if (errors.length) return { ok: false, errors };

  const seen = new Set(context.takenVersionIds);
  versions.forEach(({ section, version: v, at }) => {
    if (v.effectiveFrom <= context.today) {
      errors.push({ path: `${at}.effectiveFrom`, code: 'INVALID', message: `A loaded version starts after today (${context.today}): rules in force are never changed retroactively.` });
    }
    if (seen.has(v.version)) errors.push({ path: `${at}.version`, code: 'INVALID', message: `Version ${v.version} exists already (or was withdrawn): choose a new id.` });
    seen.add(v.version);
    const clash = [...current[section].versions, ...versions.filter((x) => x.section === section && x.version !== v).map((x) => x.version)]
      .find((x) => x.effectiveFrom === v.effectiveFrom);
    if (clash) errors.push({ path: `${at}.effectiveFrom`, code: 'INVALID', message: `${clash.version} already starts on ${v.effectiveFrom}: two versions of a regime cannot start on the same day.` });
    for (const field of ['currency'] as const) {
      const c = v[field];
      if (typeof c === 'string' && !context.knownCurrencies.has(c)) errors.push({ path: `${at}.${field}`, code: 'INVALID', message: `Unknown currency ${c}.` });
    }
    const table = v.dutyTable;
    if (typeof table === 'string' && !current.dutyTables[table]) errors.push({ path: `${at}.dutyTable`, code: 'INVALID', message: `No duty table ${table}; loadable tables: ${Object.keys(current.dutyTables).join(', ')}.` });
    if (v.confidence !== 'UNVERIFIED' && !(v.sources as unknown[]).length) {
      errors.push({ path: `${at}.sources`, code: 'EMPTY', message: 'Name at least one source, or mark the version UNVERIFIED.' });
    }
    if (section === 'usa' && !(v.ratesByOrigin as Record<string, string>).default) {
      errors.push({ path: `${at}.ratesByOrigin.default`, code: 'REQUIRED', message: 'ratesByOrigin needs a default rate for origins it does not list.' });
    }
    if (section === 'eaeu' && v.basis === 'WHOLE_VALUE' && !v.vatRates) errors.push({ path: `${at}.vatRates`, code: 'REQUIRED', message: 'A WHOLE_VALUE version needs the member states\' VAT rates.' });
  });
  return errors.length ? { ok: false, errors } : { ok: true, versions };
}

/** The rules with the given versions added to their sections, each section ordered by start date. */
export function withVersions(rules: TaxRules, versions: readonly LoadedVersion[]): TaxRules {
  if (!versions.length) return rules;
  const next = { ...rules } as Record<RegimeSection, { versions: Dated[] }> & TaxRules;
  for (const section of new Set(versions.map((v) => v.section))) {
    const added = versions.filter((v) => v.section === section).map((v) => v.version);
    next[section] = { ...rules[section], versions: [...rules[section].versions, ...added].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) } as never;
  }
  return next;
}
