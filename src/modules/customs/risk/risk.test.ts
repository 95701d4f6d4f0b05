import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { formatMoney } from '../../../standards/money.js';
import { compileRiskData, evaluateRisk, laneFor, type DeniedPartiesSeed, type RiskRulesSeed } from './risk.engine.js';
import * as rules from './rules.js';
import { jaroWinkler, NameScreen, normaliseName } from './similarity.js';
import type { RiskContext, RiskLine } from './risk.types.js';

const seed = <T>(file: string) => JSON.parse(readFileSync(new URL(`../../../../seed/${file}`, import.meta.url), 'utf8')) as T;
const words = seed<{ vagueWords: string[]; fillerWords: string[] }>('declaration-rules.json');
const data = compileRiskData(seed<RiskRulesSeed>('risk-rules.json'), seed<DeniedPartiesSeed>('denied-parties.json'), words);

// 1 USD = 4 MYR = 0.8 EUR in these tests.
const perUsd: Record<string, number> = { USD: 1, MYR: 4, EUR: 0.8 };

const line = (extra: Partial<RiskLine> = {}): RiskLine => ({
  lineNo: 1, description: "Women's cotton T-shirt, printed", quantity: 2, hsCode: '610910', valueMinor: 4000, currency: 'MYR', netWeightG: 300, ...extra,
});

const ctx = (extra: Partial<RiskContext> = {}): RiskContext => {
  const lines = extra.lines ?? [line()];
  return {
    lines,
    currency: 'MYR',
    totalValueMinor: lines.reduce((s, l) => s + l.valueMinor, 0),
    valueSdrMinor: 700,
    grossWeightG: 380,
    netWeightG: lines.reduce((s, l) => s + l.netWeightG, 0),
    lithiumBatteries: 'NONE',
    parties: [{ role: 'sender', name: 'Mawar Apparel Sdn Bhd' }, { role: 'addressee', name: 'Анна Иванова' }],
    assessment: { currency: 'EUR', valueMinor: 800, thresholds: [{ code: 'EAEU_VALUE_LIMIT', label: 'EAEU duty-free value per parcel', amountMinor: 20000, currency: 'EUR' }] },
    toReference: (amount, currency) => (perUsd[currency] ? Math.round(amount / perUsd[currency]) : undefined),
    format: (amount, currency) => formatMoney({ amountMinor: amount, currency }, 2),
    ...extra,
  };
};

const codes = (c: RiskContext) => evaluateRisk(c, data).hits.map((h) => h.code);

describe('risk engine', () => {
  it('finds nothing in an ordinary declaration: GREEN, score 0', () => {
    expect(evaluateRisk(ctx(), data)).toEqual({ score: 0, lane: 'GREEN', hits: [] });
  });

  it('maps scores to lanes at the configured thresholds', () => {
    expect([laneFor(29, data.lanes), laneFor(30, data.lanes), laneFor(69, data.lanes), laneFor(70, data.lanes)]).toEqual(['GREEN', 'AMBER', 'AMBER', 'RED']);
  });

  it('sums weights and explains every hit', () => {
    const r = evaluateRisk(ctx({ lines: [line({ hsCode: '930400', description: 'Air pistol' })] }), data);
    expect(r.lane).toBe('RED');
    expect(r.score).toBe(80);
    expect(r.hits[0]).toMatchObject({ code: 'WATCHLIST_HS', weight: 80 });
    expect(r.hits[0].explanation).toMatch(/chapter 93: arms and ammunition/);
  });

  it('accepts a custom rule set', () => {
    const always = { code: 'ALWAYS', evaluate: () => [{ code: 'ALWAYS', weight: 5, explanation: 'Always.' }] };
    expect(evaluateRisk(ctx(), data, [always])).toMatchObject({ score: 5, lane: 'GREEN' });
  });
});

describe('undervaluation', () => {
  it('flags a unit value below 20% of the heading reference and names both', () => {
    // 2 T-shirts for MYR 7.92 = USD 1.98 → USD 0.99 each; the limit is USD 1.00
    const hits = rules.undervaluation.evaluate(ctx({ lines: [line({ valueMinor: 792 })] }), data);
    expect(hits).toHaveLength(1);
    expect(hits[0].explanation).toMatch(/0\.99 USD a piece, 20% of the reference value of 5\.00 USD for T-shirts/);
  });
  it('does not flag at the limit', () => {
    expect(rules.undervaluation.evaluate(ctx({ lines: [line({ valueMinor: 800 })] }), data)).toEqual([]);
  });
  it('reports only the worst line, and skips headings without a reference or rate', () => {
    const hits = rules.undervaluation.evaluate(ctx({ lines: [
      line({ valueMinor: 400 }),
      line({ lineNo: 2, hsCode: '851713', description: 'Smartphone 128 GB', quantity: 1, valueMinor: 4000 }),
      line({ lineNo: 3, hsCode: '999999', valueMinor: 1 }),
      line({ lineNo: 4, currency: 'XXX', valueMinor: 1 }),
    ] }), data);
    expect(hits.map((h) => h.detail?.lineNo)).toEqual([2]);
  });
});

describe('value per kg', () => {
  it('flags goods declared below USD 2 per kg, not at it', () => {
    expect(rules.valuePerKg.evaluate(ctx({ lines: [line({ valueMinor: 796, netWeightG: 1000 })] }), data)).toHaveLength(1);
    expect(rules.valuePerKg.evaluate(ctx({ lines: [line({ valueMinor: 800, netWeightG: 1000 })] }), data)).toEqual([]);
  });
  it('flags an implausibly light parcel for its value, and exempts jewellery', () => {
    const heavyValue = [line({ valueMinor: 2_000_004, netWeightG: 100 })];
    expect(rules.valuePerKg.evaluate(ctx({ lines: heavyValue }), data)[0].explanation).toMatch(/implausibly low/);
    expect(rules.valuePerKg.evaluate(ctx({ lines: [line({ valueMinor: 2_000_000, netWeightG: 100 })] }), data)).toEqual([]);
    expect(rules.valuePerKg.evaluate(ctx({ lines: [{ ...heavyValue[0], hsCode: '711319' }] }), data)).toEqual([]);
  });
});

describe('near a threshold', () => {
  const at = (valueMinor: number) => rules.nearThreshold.evaluate(ctx({ assessment: { ...ctx().assessment, valueMinor } }), data);
  it('flags EUR 199 and EUR 200 into Russia, not EUR 189.99 or EUR 200.01', () => {
    expect(at(19900)).toHaveLength(1);
    expect(at(20000)).toHaveLength(1);
    expect(at(19000)).toHaveLength(1);
    expect(at(18999)).toEqual([]);
    expect(at(20001)).toEqual([]);
    expect(at(19900)[0].explanation).toMatch(/199\.00 EUR, is just under the EAEU duty-free value per parcel of 200\.00 EUR/);
  });
});

describe('watch list', () => {
  it.each([
    ['930400', 80], ['360410', 80], ['300490', 35], ['220830', 30], ['240220', 35], ['854340', 40], ['850760', 30], ['850650', 30],
  ])('flags HS %s with weight %i', (hsCode, weight) => {
    expect(rules.watchList.evaluate(ctx({ lines: [line({ hsCode })] }), data)).toEqual([expect.objectContaining({ weight })]);
  });
  it('prefers the most specific entry and does not flag soft drinks (2202) or other chapter 85 goods', () => {
    expect(rules.watchList.evaluate(ctx({ lines: [line({ hsCode: '220210' }), line({ hsCode: '851830' })] }), data)).toEqual([]);
  });
  it('reports an entry once for several lines', () => {
    expect(rules.watchList.evaluate(ctx({ lines: [line({ hsCode: '300490' }), line({ lineNo: 2, hsCode: '300410' })] }), data)).toHaveLength(1);
  });
});

describe('undeclared batteries', () => {
  it.each(['Power bank 10000mAh', 'Rechargeable desk fan', 'Spare Li-ion BATTERY', 'Torch with 18650 cell'])('flags "%s" without a declaration', (description) => {
    expect(rules.undeclaredBattery.evaluate(ctx({ lines: [line({ description, hsCode: '851310' })] }), data)).toHaveLength(1);
  });
  it('flags a smartphone by its HS code', () => {
    expect(rules.undeclaredBattery.evaluate(ctx({ lines: [line({ description: 'Smartphone 128 GB', hsCode: '851713' })] }), data)[0].explanation).toMatch(/HS 851713/);
  });
  it('is satisfied by a lithium declaration, and ignores unrelated words', () => {
    expect(rules.undeclaredBattery.evaluate(ctx({ lithiumBatteries: 'LITHIUM_ION_IN_EQUIPMENT', lines: [line({ description: 'Power bank' })] }), data)).toEqual([]);
    expect(rules.undeclaredBattery.evaluate(ctx({ lines: [line({ description: 'Batteryless mechanical watch', hsCode: '910211' })] }), data)).toEqual([]);
  });
});

describe('vague description', () => {
  it('flags a one-word or partly vague description', () => {
    expect(rules.vagueDescription.evaluate(ctx({ lines: [line({ description: 'Shirt' })] }), data)).toHaveLength(1);
    expect(rules.vagueDescription.evaluate(ctx({ lines: [line({ description: 'Phone accessories' })] }), data)).toHaveLength(1);
  });
  it('accepts a precise description', () => {
    expect(rules.vagueDescription.evaluate(ctx(), data)).toEqual([]);
  });
});

describe('denied parties (fuzzy)', () => {
  it('normalises case, accents, punctuation and legal forms', () => {
    expect(normaliseName('Vostok Précision-Components, L.L.C.')).toEqual(['vostok', 'precision', 'components', 'l', 'l', 'c']);
    expect(normaliseName('Black Lotus Arms Supply Ltd')).toEqual(['black', 'lotus', 'arms', 'supply']);
  });
  it('computes Jaro-Winkler as published (MARTHA/MARHTA 0.961)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('', 'x')).toBe(0);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
  });
  it('matches a misspelt, reordered name and shows the entry', () => {
    const hits = rules.deniedParty.evaluate(ctx({ parties: [{ role: 'addressee', name: 'Kulakov, Boris Genadievich' }] }), data);
    expect(hits).toHaveLength(1);
    expect(hits[0].explanation).toMatch(/addressee "Kulakov, Boris Genadievich" resembles "Boris Gennadievich Kulakov" \(DEMO-005/);
    expect(hits[0].weight).toBe(100);
  });
  it('matches Cyrillic entries and company fields', () => {
    expect(rules.deniedParty.evaluate(ctx({ parties: [{ role: 'addressee', name: 'Кулаков Борис Геннадьевич' }] }), data)).toHaveLength(1);
    expect(rules.deniedParty.evaluate(ctx({ parties: [{ role: 'sender', name: 'J. Tan', company: 'Nightjar Avionics Sdn. Bhd.' }] }), data)[0].detail?.entryId).toBe('DEMO-007');
  });
  it('does not match ordinary names', () => {
    expect(rules.deniedParty.evaluate(ctx(), data)).toEqual([]);
    expect(new NameScreen([{ name: 'Boris Gennadievich Kulakov' }]).best('Boris Johnson', 0)!.score).toBeLessThan(0.9);
    expect(rules.deniedParty.evaluate(ctx({ parties: [{ role: 'addressee', name: 'Black Swan Cafe' }] }), data)).toEqual([]);
  });
});

describe('denied-party screen', () => {
  const entries = [
    { name: 'Orion Dual-Use Trading FZE' }, { name: 'Vostok Precision Components LLC' }, { name: 'Black Lotus Arms Supply Ltd' },
    { name: 'Boris Gennadievich Kulakov' }, { name: 'Кулаков Борис Геннадьевич' }, { name: 'Nightjar Avionics Sdn Bhd' }, { name: 'Li Wei' }, { name: '' },
  ];
  const queries = [
    'Kulakov, Boris Genadievich', 'Boris Kulakov', 'Кулаков Борис', 'Orion Dual Use Trading', 'Orian Trading', 'Black Lotus', 'Lotus Black Arms',
    'Nightjar Avionic', 'Wei Li', 'Li Wen', 'Buyer 1234', 'Mawar Apparel Sdn Bhd', 'Анна Петрова', 'Ltd', '', 'Vostok Precision-Components, L.L.C.',
  ];
  // Each entry alone, with threshold 0, is scored in full: no comparison can be skipped.
  const exact = (query: string, entry: { name: string }) => new NameScreen([entry]).best(query, 0)?.score ?? 0;

  it.each([0.5, 0.8, 0.85, 0.9, 0.95, 1])('gives the brute-force answer at threshold %s', (threshold) => {
    const screen = new NameScreen(entries);
    for (const query of queries) {
      const scored = entries.map((entry) => ({ entry, score: exact(query, entry) })).filter((s) => s.score >= threshold);
      const brute = scored.reduce<(typeof scored)[number] | undefined>((best, s) => (!best || s.score > best.score ? s : best), undefined);
      expect([query, screen.best(query, threshold)]).toEqual([query, brute]);
    }
  });

  it('answers the same the second time (cached) as the first', () => {
    const screen = new NameScreen(entries);
    const first = queries.map((q) => screen.best(q, 0.9));
    expect(queries.map((q) => screen.best(q, 0.9))).toEqual(first);
  });

  it('scores identical names 1 and names sharing no letter 0', () => {
    expect(exact('Black Lotus Arms Supply Ltd', { name: 'Black Lotus Arms Supply' })).toBe(1);
    expect(exact('xyz', { name: 'Li Wei' })).toBe(0);
  });
});

describe('split shipments', () => {
  it('flags the third parcel in 24 h when the sum crosses 200 SDR', () => {
    const hit = rules.splitShipment.evaluate(ctx({ valueSdrMinor: 8000, addresseeWindow: { parcels: 2, valueSdrMinor: 12001 } }), data);
    expect(hit).toHaveLength(1);
    expect(hit[0].explanation).toMatch(/parcel 3 to the same addressee within 24 h/);
  });
  it('does not flag the second parcel, a sum at the threshold, or a parcel above it on its own', () => {
    expect(rules.splitShipment.evaluate(ctx({ valueSdrMinor: 15000, addresseeWindow: { parcels: 1, valueSdrMinor: 15000 } }), data)).toEqual([]);
    expect(rules.splitShipment.evaluate(ctx({ valueSdrMinor: 8000, addresseeWindow: { parcels: 2, valueSdrMinor: 12000 } }), data)).toEqual([]);
    expect(rules.splitShipment.evaluate(ctx({ valueSdrMinor: 20001, addresseeWindow: { parcels: 5, valueSdrMinor: 1000 } }), data)).toEqual([]);
    expect(rules.splitShipment.evaluate(ctx(), data)).toEqual([]);
  });
});

describe('weight mismatch', () => {
  it('flags a difference beyond max(50 g, 10%), both ways', () => {
    expect(rules.weightMismatch.evaluate(ctx({ measuredWeightG: 431 }), data)).toHaveLength(1);
    expect(rules.weightMismatch.evaluate(ctx({ measuredWeightG: 329 }), data)).toHaveLength(1);
    expect(rules.weightMismatch.evaluate(ctx({ measuredWeightG: 430 }), data)).toEqual([]);
    expect(rules.weightMismatch.evaluate(ctx({ grossWeightG: 2000, measuredWeightG: 2200 }), data)).toEqual([]);
    expect(rules.weightMismatch.evaluate(ctx({ grossWeightG: 2000, measuredWeightG: 2201 }), data)[0].explanation).toMatch(/2201 g against 2000 g declared \(\+201 g/);
    expect(codes(ctx())).not.toContain('WEIGHT_MISMATCH');
  });
});
