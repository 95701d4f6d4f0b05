/** Name similarity for denied-party screening: normalised tokens compared with Jaro-Winkler. */

const LEGAL_FORMS = new Set([
  'ltd', 'limited', 'llc', 'inc', 'co', 'corp', 'company', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'nv', 'plc', 'sdn', 'bhd', 'pte', 'fze', 'ooo', 'ооо', 'zao', 'ao', 'jsc', 'the', 'and', 'of',
]);

/** Lower case, accents stripped, punctuation to spaces, legal forms dropped. Cyrillic and CJK stay as they are. */
export function normaliseName(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t && !LEGAL_FORMS.has(t));
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

function tokenCoverage(from: readonly string[], to: readonly string[]): number {
  let total = 0;
  for (const t of from) {
    let best = 0;
    for (const u of to) best = Math.max(best, jaroWinkler(t, u));
    total += best;
  }
  return total / from.length;
}

/**
 * Similarity of two names in [0, 1], insensitive to word order, case, accents and legal forms:
 * the better of Jaro-Winkler over the sorted tokens and the symmetric mean token coverage.
 */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const whole = jaroWinkler([...a].sort().join(' '), [...b].sort().join(' '));
  const tokens = (tokenCoverage(a, b) + tokenCoverage(b, a)) / 2;
  return Math.max(whole, tokens);
}
