import { NameScreen } from './similarity.js';
import { DEFAULT_RISK_RULES } from './rules.js';
import type { Lane, RiskContext, RiskData, RiskHit, RiskRule } from './risk.types.js';

export interface RiskResult {
  score: number;
  lane: Lane;
  hits: RiskHit[];
}

export const LANE_RANK: Record<Lane, number> = { RED: 0, AMBER: 1, GREEN: 2 };

export function laneFor(score: number, lanes: RiskData['lanes']): Lane {
  if (score >= lanes.redFrom) return 'RED';
  if (score >= lanes.amberFrom) return 'AMBER';
  return 'GREEN';
}

/** Runs every rule; the score is the sum of the hits' weights. */
export function evaluateRisk(ctx: RiskContext, data: RiskData, rules: readonly RiskRule[] = DEFAULT_RISK_RULES): RiskResult {
  const hits: RiskHit[] = [];
  let score = 0;
  for (const rule of rules) {
    for (const hit of rule.evaluate(ctx, data)) {
      hits.push(hit);
      score += hit.weight;
    }
  }
  return { score, lane: laneFor(score, data.lanes), hits };
}

export interface RiskRulesSeed extends Omit<RiskData, 'batteries' | 'vagueDescription' | 'deniedParty'> {
  batteries: { weight: number; keywords: string[]; hsPrefixes: string[] };
  vagueDescription: { weight: number; minWords: number };
  deniedParty: { weight: number; threshold: string };
}

export interface DeniedPartiesSeed {
  entries: { id: string; name: string; country: string; list: string }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles the seed files once: keyword pattern, the denied-party screen. */
export function compileRiskData(
  rules: RiskRulesSeed,
  denied: DeniedPartiesSeed,
  words: { vagueWords: Iterable<string>; fillerWords: Iterable<string> },
): RiskData {
  return {
    ...rules,
    batteries: { ...rules.batteries, pattern: new RegExp(`(?<![\\p{L}])(${rules.batteries.keywords.map(escape).join('|')})(?![\\p{L}])`, 'iu') },
    vagueDescription: { ...rules.vagueDescription, vagueWords: new Set(words.vagueWords), fillerWords: new Set(words.fillerWords) },
    deniedParty: { ...rules.deniedParty, screen: new NameScreen(denied.entries) },
  };
}
