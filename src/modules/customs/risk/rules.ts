import { applyRate, parseRate } from '../../../standards/money.js';
import type { RiskContext, RiskData, RiskHit, RiskRule } from './risk.types.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const kilograms = (grams: number) => (grams / 1000).toFixed(3).replace(/\.?0+$/, '');
const decimal = (s: string) => {
  const d = parseRate(s);
  return Number(d.units) / 10 ** d.scale;
};

/** A line's unit value far below the reference value for its HS heading. The worst line is reported. */
export const undervaluation: RiskRule = {
  code: 'UNDERVALUED',
  evaluate(ctx, data) {
    const rule = data.undervaluation;
    let worst: { ratio: number; hit: RiskHit } | undefined;
    for (const l of ctx.lines) {
      const ref = rule.referenceUnitValues[l.hsCode.slice(0, 4)];
      if (!ref) continue;
      const value = ctx.toReference(l.valueMinor, l.currency);
      if (value === undefined) continue;
      const unit = value / l.quantity;
      const limit = applyRate(ref.minor, rule.ratio);
      if (unit >= limit) continue;
      const ratio = unit / ref.minor;
      if (worst && worst.ratio <= ratio) continue;
      worst = {
        ratio,
        hit: {
          code: 'UNDERVALUED',
          weight: rule.weight,
          explanation: `Line ${l.lineNo} ("${l.description}") is declared at ${ctx.format(Math.round(unit), data.referenceCurrency)} a piece, ${pct(ratio)} of the reference value of ${ctx.format(ref.minor, data.referenceCurrency)} for ${ref.label} (HS ${l.hsCode.slice(0, 4)}); below ${pct(decimal(rule.ratio))} of reference suggests undervaluation.`,
          detail: { lineNo: l.lineNo, heading: l.hsCode.slice(0, 4), unitValueMinor: Math.round(unit), referenceMinor: ref.minor, currency: data.referenceCurrency },
        },
      };
    }
    return worst ? [worst.hit] : [];
  },
};

/** Value per kilogram outside what goods can plausibly be worth. */
export const valuePerKg: RiskRule = {
  code: 'VALUE_PER_KG',
  evaluate(ctx, data) {
    const rule = data.valuePerKg;
    if (ctx.lines.some((l) => rule.exemptChapters.includes(l.hsCode.slice(0, 2)))) return [];
    const value = ctx.toReference(ctx.totalValueMinor, ctx.currency);
    if (value === undefined || ctx.netWeightG <= 0) return [];
    const perKg = Math.round((value * 1000) / ctx.netWeightG);
    if (perKg < rule.minMinorPerKg) {
      return [{
        code: 'VALUE_PER_KG',
        weight: rule.weight,
        explanation: `The contents are declared at ${ctx.format(perKg, data.referenceCurrency)} per kg (${ctx.format(Math.round(value), data.referenceCurrency)} for ${kilograms(ctx.netWeightG)} kg), below the plausible minimum of ${ctx.format(rule.minMinorPerKg, data.referenceCurrency)} per kg.`,
        detail: { perKgMinor: perKg, currency: data.referenceCurrency, netWeightG: ctx.netWeightG },
      }];
    }
    if (perKg > rule.maxMinorPerKg) {
      return [{
        code: 'VALUE_PER_KG',
        weight: rule.weight,
        explanation: `The contents are declared at ${ctx.format(perKg, data.referenceCurrency)} per kg (${ctx.format(Math.round(value), data.referenceCurrency)} for ${kilograms(ctx.netWeightG)} kg): the declared weight is implausibly low for the value.`,
        detail: { perKgMinor: perKg, currency: data.referenceCurrency, netWeightG: ctx.netWeightG },
      }];
    }
    return [];
  },
};

/** A value just under a line the destination draws (de minimis, IOSS ceiling, CBEC limit). */
export const nearThreshold: RiskRule = {
  code: 'NEAR_THRESHOLD',
  evaluate(ctx, data) {
    const hits: RiskHit[] = [];
    const value = ctx.assessment.valueMinor;
    for (const t of ctx.assessment.thresholds) {
      if (t.currency !== ctx.assessment.currency || t.amountMinor <= 0) continue;
      const floor = t.amountMinor - applyRate(t.amountMinor, data.nearThreshold.band);
      if (value > t.amountMinor || value < floor) continue;
      hits.push({
        code: 'NEAR_THRESHOLD',
        weight: data.nearThreshold.weight,
        explanation: `The value, ${ctx.format(value, t.currency)}, is just under the ${t.label} of ${ctx.format(t.amountMinor, t.currency)} (within ${pct(decimal(data.nearThreshold.band))}).`,
        detail: { threshold: t.code, valueMinor: value, thresholdMinor: t.amountMinor, currency: t.currency },
      });
    }
    return hits;
  },
};

/** HS chapters and headings on the watch list; the most specific entry per line, each entry once. */
export const watchList: RiskRule = {
  code: 'WATCHLIST_HS',
  evaluate(ctx, data) {
    const seen = new Map<string, RiskHit>();
    for (const l of ctx.lines) {
      // The longest matching prefix; of equally long ones, the first listed.
      let entry: (typeof data.watchList)[number] | undefined;
      for (const w of data.watchList) {
        if (l.hsCode.startsWith(w.prefix) && (!entry || w.prefix.length > entry.prefix.length)) entry = w;
      }
      if (!entry || seen.has(entry.prefix)) continue;
      seen.set(entry.prefix, {
        code: 'WATCHLIST_HS',
        weight: entry.weight,
        explanation: `Line ${l.lineNo} ("${l.description}", HS ${l.hsCode}) is under watch-listed ${entry.prefix.length <= 2 ? 'chapter' : 'heading'} ${entry.prefix}: ${entry.reason}.`,
        detail: { lineNo: l.lineNo, prefix: entry.prefix },
      });
    }
    return [...seen.values()];
  },
};

/** Battery words or battery-bearing goods without a lithium-battery declaration. */
export const undeclaredBattery: RiskRule = {
  code: 'UNDECLARED_BATTERY',
  evaluate(ctx, data) {
    if (ctx.lithiumBatteries !== 'NONE') return [];
    for (const l of ctx.lines) {
      const word = data.batteries.pattern.exec(l.description)?.[0];
      const prefix = data.batteries.hsPrefixes.find((p) => l.hsCode.startsWith(p));
      if (!word && !prefix) continue;
      const why = word ? `its description mentions "${word}"` : `HS ${l.hsCode} goods normally contain lithium batteries`;
      return [{
        code: 'UNDECLARED_BATTERY',
        weight: data.batteries.weight,
        explanation: `Line ${l.lineNo} ("${l.description}"): ${why}, but no lithium batteries were declared (dangerous goods in mail).`,
        detail: { lineNo: l.lineNo, keyword: word ?? null, hsPrefix: prefix ?? null },
      }];
    }
    return [];
  },
};

/** Descriptions that name no goods precisely enough ("phone accessories", "gift set"). */
export const vagueDescription: RiskRule = {
  code: 'VAGUE_DESCRIPTION',
  evaluate(ctx, data) {
    const rule = data.vagueDescription;
    const vague = ctx.lines.filter((l) => {
      const words = l.description.toLowerCase().split(/[^\p{L}']+/u).filter((w) => w.length > 1 && !rule.fillerWords.has(w));
      return words.length < rule.minWords || words.some((w) => rule.vagueWords.has(w) || rule.vagueWords.has(w.replace(/e?s$/, '')));
    });
    if (!vague.length) return [];
    return [{
      code: 'VAGUE_DESCRIPTION',
      weight: rule.weight,
      explanation: `${vague.map((l) => `Line ${l.lineNo} ("${l.description}")`).join(', ')} ${vague.length > 1 ? 'do' : 'does'} not say precisely what the goods are, their material and use.`,
      detail: { lines: vague.map((l) => l.lineNo) },
    }];
  },
};

/** Sender or addressee resembling an entry of the denied-party list. */
export const deniedParty: RiskRule = {
  code: 'DENIED_PARTY',
  evaluate(ctx, data) {
    const rule = data.deniedParty;
    const threshold = decimal(rule.threshold);
    const hits: RiskHit[] = [];
    for (const party of ctx.parties) {
      for (const name of [party.name, party.company].filter((n): n is string => Boolean(n))) {
        const best = rule.screen.best(name, threshold);
        if (!best) continue;
        hits.push({
          code: 'DENIED_PARTY',
          weight: rule.weight,
          explanation: `The ${party.role} "${name}" resembles "${best.entry.name}" (${best.entry.id}, ${best.entry.list} list) with similarity ${best.score.toFixed(2)}; an officer must confirm or clear the match.`,
          detail: { role: party.role, name, entryId: best.entry.id, entryName: best.entry.name, similarity: Number(best.score.toFixed(4)) },
        });
        break;
      }
    }
    return hits;
  },
};

/** Many parcels to one addressee within the window whose values add up past a threshold. */
export const splitShipment: RiskRule = {
  code: 'SPLIT_SHIPMENT',
  evaluate(ctx, data) {
    const rule = data.splitShipment;
    const window = ctx.addresseeWindow;
    if (!window) return [];
    const parcels = window.parcels + 1;
    const total = window.valueSdrMinor + ctx.valueSdrMinor;
    if (parcels < rule.minParcels || total <= rule.thresholdSdrMinor || ctx.valueSdrMinor > rule.thresholdSdrMinor) return [];
    return [{
      code: 'SPLIT_SHIPMENT',
      weight: rule.weight,
      explanation: `This is parcel ${parcels} to the same addressee within ${rule.windowHours} h; together they are worth ${ctx.format(total, 'XDR')} (SDR), above ${ctx.format(rule.thresholdSdrMinor, 'XDR')} although each parcel is below it: a possible split shipment.`,
      detail: { parcels, totalSdrMinor: total, thresholdSdrMinor: rule.thresholdSdrMinor, windowHours: rule.windowHours },
    }];
  },
};

/** The hub's scale disagrees with the declared gross weight. */
export const weightMismatch: RiskRule = {
  code: 'WEIGHT_MISMATCH',
  evaluate(ctx, data) {
    const measured = ctx.measuredWeightG;
    if (measured === undefined || measured === null) return [];
    const rule = data.weightMismatch;
    const difference = measured - ctx.grossWeightG;
    const allowed = Math.max(rule.toleranceG, applyRate(ctx.grossWeightG, rule.tolerance));
    if (Math.abs(difference) <= allowed) return [];
    return [{
      code: 'WEIGHT_MISMATCH',
      weight: rule.weight,
      explanation: `The hub weighed the parcel at ${measured} g against ${ctx.grossWeightG} g declared (${difference > 0 ? '+' : ''}${difference} g, more than the ${allowed} g tolerance).`,
      detail: { measuredG: measured, declaredG: ctx.grossWeightG, differenceG: difference, toleranceG: allowed },
    }];
  },
};

/** The default rule set, in the order hits are listed. */
export const DEFAULT_RISK_RULES: readonly RiskRule[] = [
  deniedParty, watchList, undeclaredBattery, undervaluation, valuePerKg, nearThreshold, splitShipment, weightMismatch, vagueDescription,
];

export type { RiskContext, RiskData };
