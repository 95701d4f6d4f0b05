import { assessDutyAndTax } from './index.js';
import { REGIME_SECTIONS, versionsOf } from './requirements.js';
import { TaxRuleError, type RateTable, type TaxRules, type WorkedExample } from './types.js';

export interface ExampleMismatch {
  /** Where the example sits in the rules document, e.g. eu.versions[2].examples[0].expect.dueMinor. */
  path: string;
  message: string;
}

/**
 * Computes every worked example the versions carry against `rules` and reports each expectation
 * that differs. `only` limits the check to some versions (a document being loaded), mapping each
 * version id to its path in that document.
 */
export function checkExamples(rules: TaxRules, rates: RateTable, only?: ReadonlyMap<string, string>): ExampleMismatch[] {
  const out: ExampleMismatch[] = [];
  for (const section of Object.values(REGIME_SECTIONS)) {
    versionsOf(rules, section).forEach((v, vi) => {
      if (only && !only.has(v.version)) return;
      (v.examples ?? []).forEach((ex: WorkedExample, ei) => {
        const at = `${only?.get(v.version) ?? `${section}.versions[${vi}]`}.examples[${ei}]`;
        let result;
        try {
          result = assessDutyAndTax(ex.input, rules, rates);
        } catch (error) {
          // A loaded document is data from outside: whatever stops the computation is its problem to report.
          const reason = error instanceof TaxRuleError ? error.message : `the rules are inconsistent (${(error as Error).message})`;
          out.push({ path: `${at}.input`, message: `"${ex.name}" cannot be computed: ${reason}` });
          return;
        }
        const expected = { ruleVersion: v.version, ...ex.expect };
        for (const [key, want] of Object.entries(expected)) {
          const got = result[key as keyof typeof expected];
          if (got !== want) out.push({ path: `${at}.expect.${key}`, message: `"${ex.name}": expected ${key} ${String(want)}, computed ${String(got)}.` });
        }
      });
    });
  }
  return out;
}
