import { assessChina } from './china.js';
import { assessEaeu } from './eaeu.js';
import { assessEu } from './eu.js';
import { assessGeneric } from './generic.js';
import { assessMalaysia } from './malaysia.js';
import type { Assessment, RateTable, RegimeId, TaxInput, TaxRules } from './types.js';
import { assessUsa } from './usa.js';

export * from './types.js';

/** Which regime the destination applies. */
export function regimeFor(destination: string, destinationIsEu: boolean, rules: TaxRules): RegimeId {
  if (rules.malaysia.countries.includes(destination)) return 'MY';
  if (rules.eaeu.countries.includes(destination)) return 'EAEU';
  if (destinationIsEu) return 'EU';
  if (rules.usa.countries.includes(destination)) return 'US';
  if (rules.china.countries.includes(destination)) return 'CN';
  return 'GENERIC';
}

/** What the destination charges for this consignment: pure, deterministic, every line explained. */
export function assessDutyAndTax(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  switch (regimeFor(input.destination, input.destinationIsEu, rules)) {
    case 'MY':
      return assessMalaysia(input, rules, rates);
    case 'EAEU':
      return assessEaeu(input, rules, rates);
    case 'EU':
      return assessEu(input, rules, rates);
    case 'US':
      return assessUsa(input, rules, rates);
    case 'CN':
      return assessChina(input, rules, rates);
    case 'GENERIC':
      return assessGeneric(input, rules, rates);
  }
}
export { REGIME_SECTIONS, unmetRequirements, versionsOf, type RegimeSection, type RequirementFacts, type UnmetRequirement } from './requirements.js';
export { checkExamples, type ExampleMismatch } from './examples.js';
export { readRegimeDocument, withVersions, type DocumentError, type LoadedVersion } from './document.js';
