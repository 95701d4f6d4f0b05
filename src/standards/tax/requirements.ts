import { versionOn } from './common.js';
import { regimeFor } from './index.js';
import type { Dated, DeclarationRequirement, RegimeId, TaxRules } from './types.js';

/** The section of the rules document (seed/tax-rules.json) that holds each regime's versions. */
export const REGIME_SECTIONS = { MY: 'malaysia', EAEU: 'eaeu', EU: 'eu', US: 'usa', CN: 'china', GENERIC: 'generic' } as const;
export type RegimeSection = (typeof REGIME_SECTIONS)[RegimeId];

export function versionsOf(rules: TaxRules, section: RegimeSection): readonly (Dated & { currency?: string })[] {
  return rules[section].versions;
}

/** What a declaration says, as far as the requirements look at it. */
export interface RequirementFacts {
  destination: string;
  destinationIsEu: boolean;
  category: string;
  lines: readonly { hsCode: string }[];
  iossNumber?: string | null;
  taxId?: string | null;
  importerReference?: string | null;
  taxCollectedAtSale?: boolean | null;
  /** The consignment's value in `currency`; undefined when it cannot be converted. */
  valueIn(currency: string): number | undefined;
}

export interface UnmetRequirement {
  path: string;
  code: string;
  message: string;
}

/**
 * The requirements of the version in force on `day` for the destination that this declaration does
 * not meet, each with the field path. No version in force: nothing to check (assessment reports it).
 */
export function unmetRequirements(facts: RequirementFacts, rules: TaxRules, day: string): UnmetRequirement[] {
  const version = versionFor(rules, REGIME_SECTIONS[regimeFor(facts.destination, facts.destinationIsEu, rules)], day);
  if (!version?.requirements?.length) return NONE;
  const requirements = version.requirements;
  const unmet: UnmetRequirement[] = [];
  for (const r of requirements) {
    if (!applies(r, facts, version.currency)) continue;
    if (r.field === 'lines[].hsCode') {
      const min = r.minDigits ?? 6;
      facts.lines.forEach((l, i) => {
        if (l.hsCode.length < min) unmet.push({ path: `lines[${i}].hsCode`, code: r.code, message: r.message });
      });
    } else if (!facts[r.field]) {
      unmet.push({ path: r.field, code: r.code, message: r.message });
    }
  }
  return unmet;
}

const NONE: UnmetRequirement[] = [];
type VersionWithCurrency = Dated & { currency?: string };
/** The version per (section, day) of one rules object: a bulk call asks the same few thousands of times. */
const versionCache = new WeakMap<TaxRules, Map<string, VersionWithCurrency | null>>();

function versionFor(rules: TaxRules, section: RegimeSection, day: string): VersionWithCurrency | null {
  let cache = versionCache.get(rules);
  if (!cache) versionCache.set(rules, (cache = new Map()));
  const key = `${section} ${day}`;
  let version = cache.get(key);
  if (version === undefined) {
    try {
      version = versionOn(versionsOf(rules, section), day, section);
    } catch {
      version = null; // No version in force: nothing to check (the assessment reports it).
    }
    cache.set(key, version);
  }
  return version;
}

function applies(r: DeclarationRequirement, facts: RequirementFacts, currency: string | undefined): boolean {
  const w = r.when;
  if (!w) return true;
  if (w.categories && !w.categories.includes(facts.category)) return false;
  if (w.countries && !w.countries.includes(facts.destination)) return false;
  if (w.taxCollectedAtSale !== undefined && Boolean(facts.taxCollectedAtSale) !== w.taxCollectedAtSale) return false;
  if (w.valueAboveMinor !== undefined || w.valueAtMostMinor !== undefined) {
    // A value that cannot be converted is refused elsewhere; the value conditions then do not apply.
    const value = currency ? facts.valueIn(currency) : undefined;
    if (value === undefined) return false;
    if (w.valueAboveMinor !== undefined && !(value > w.valueAboveMinor)) return false;
    if (w.valueAtMostMinor !== undefined && !(value <= w.valueAtMostMinor)) return false;
  }
  return true;
}
