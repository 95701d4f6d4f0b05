/**
 * Name similarity for denied-party screening. Two names are compared as normalised tokens, insensitive
 * to word order, case, accents and legal forms: the similarity is the better of Jaro-Winkler over the
 * sorted tokens and the symmetric mean token coverage (each token's best Jaro-Winkler on the other side).
 */

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

// Scratch flags for jaroWinkler, grown on demand: screening compares names by the hundred per parcel.
let aFlags = new Uint8Array(64);
let bFlags = new Uint8Array(64);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  if (aFlags.length < a.length) aFlags = new Uint8Array(a.length * 2);
  if (bFlags.length < b.length) bFlags = new Uint8Array(b.length * 2);
  aFlags.fill(0, 0, a.length);
  bFlags.fill(0, 0, b.length);
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (bFlags[j] || ch !== b.charCodeAt(j)) continue;
      aFlags[i] = bFlags[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aFlags[i]) continue;
    while (!bFlags[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  return jaro + commonPrefix(a, b) * 0.1 * (1 - jaro);
}

function commonPrefix(a: string, b: string): number {
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return prefix;
}

/** A name prepared once for screening: its tokens, their sorted join and that join's characters in code order. */
interface PreparedName {
  tokens: string[];
  sorted: string;
  chars: Uint16Array;
}

function prepare(tokens: string[]): PreparedName {
  const sorted = [...tokens].sort().join(' ');
  const chars = new Uint16Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) chars[i] = sorted.charCodeAt(i);
  return { tokens, sorted, chars: chars.sort() };
}

/** How many characters two names have in common, counting repeats (one merge of the sorted characters). */
function commonCharacters(a: Uint16Array, b: Uint16Array): number {
  let common = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return common;
}

/** Jaro-Winkler of two strings with this many matches, no transpositions and this common prefix: the most they can score. */
function jaroWinklerCeiling(matches: number, a: string, b: string, prefix: number): number {
  if (matches === 0) return 0;
  const jaro = (matches / a.length + matches / b.length + 1) / 3;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Whether the Jaro-Winkler of two names can reach the threshold. Their matching characters are no
 * more than the shorter name's length, which often settles it, and no more than the characters they
 * share, counted only when the lengths leave it open.
 */
function canReach(a: PreparedName, b: PreparedName, threshold: number): boolean {
  const prefix = commonPrefix(a.sorted, b.sorted);
  if (jaroWinklerCeiling(Math.min(a.sorted.length, b.sorted.length), a.sorted, b.sorted, prefix) < threshold) return false;
  return jaroWinklerCeiling(commonCharacters(a.chars, b.chars), a.sorted, b.sorted, prefix) >= threshold;
}

/** Whole answers kept; most addressees' names are seen once, senders' recur. */
const ANSWER_CACHE_LIMIT = 10_000;
/**
 * Bytes of token scores kept. A token's scores are one number per vocabulary token, so a count limit
 * alone (it was 50,000 tokens) let the cache hold ~20 MB per worker with the 31-token seed list, and
 * 8 GB with a 20,000-token list. Each entry also costs about 200 bytes of objects and key.
 */
const TOKEN_SCORE_BUDGET_BYTES = 4 * 1024 * 1024;

/**
 * A denied-party list compiled for screening many names: the same answer as comparing each name with
 * every entry by nameSimilarity, at a fraction of the cost. Whole-name comparisons an entry cannot win
 * are skipped by bounds from the lengths and the shared letters; token-to-token scores are kept per
 * token (names share first and family names); whole answers are kept per name (the same senders
 * recur in every batch).
 */
export class NameScreen<E extends { name: string }> {
  private readonly entries: { entry: E; name: PreparedName; tokenIds: number[] }[];
  private readonly vocabulary: string[] = [];
  /** For each character, the vocabulary tokens holding it: a token sharing none with another scores 0 against it. */
  private readonly tokensWith = new Map<number, number[]>();
  private readonly tokenScores = new Map<string, Float64Array>();
  private readonly answers = new Map<string, { score: number; entry: E } | undefined>();
  private readonly tokenCacheLimit: number;

  constructor(entries: readonly E[]) {
    const ids = new Map<string, number>();
    this.entries = entries.map((entry) => {
      const name = prepare(normaliseName(entry.name));
      const tokenIds = name.tokens.map((t) => {
        let id = ids.get(t);
        if (id === undefined) ids.set(t, (id = this.vocabulary.push(t) - 1));
        return id;
      });
      return { entry, name, tokenIds };
    });
    this.vocabulary.forEach((token, id) => {
      for (let i = 0; i < token.length; i++) {
        const holders = this.tokensWith.get(token.charCodeAt(i)) ?? [];
        if (holders[holders.length - 1] !== id) holders.push(id);
        this.tokensWith.set(token.charCodeAt(i), holders);
      }
    });
    this.tokenCacheLimit = Math.max(1, Math.floor(TOKEN_SCORE_BUDGET_BYTES / (this.vocabulary.length * 8 + 200)));
  }

  /** The entry most similar to the name, if its similarity reaches the threshold. */
  best(name: string, threshold: number): { score: number; entry: E } | undefined {
    const key = `${threshold}|${name}`;
    if (this.answers.has(key)) return this.answers.get(key);
    const query = prepare(normaliseName(name));
    let best: { score: number; entry: E } | undefined;
    if (query.tokens.length) {
      const scores = query.tokens.map((t) => this.scoresFor(t));
      for (const { entry, name: candidate, tokenIds } of this.entries) {
        if (!tokenIds.length) continue;
        const tokens = symmetricCoverage(scores, tokenIds);
        // Below the threshold the whole-name score could only matter if it were the winner, which it cannot be.
        const whole = canReach(query, candidate, threshold) ? jaroWinkler(query.sorted, candidate.sorted) : 0;
        const score = Math.max(whole, tokens);
        if (score >= threshold && (!best || score > best.score)) best = { score, entry };
      }
    }
    if (this.answers.size >= ANSWER_CACHE_LIMIT) this.answers.clear();
    this.answers.set(key, best);
    return best;
  }

  private scoresFor(token: string): Float64Array {
    let scores = this.tokenScores.get(token);
    if (!scores) {
      // Jaro-Winkler is 0 without a common character: compare only with the tokens sharing one.
      scores = new Float64Array(this.vocabulary.length);
      const compared = new Uint8Array(this.vocabulary.length);
      for (let i = 0; i < token.length; i++) {
        for (const id of this.tokensWith.get(token.charCodeAt(i)) ?? []) {
          if (compared[id]) continue;
          compared[id] = 1;
          scores[id] = jaroWinkler(token, this.vocabulary[id]);
        }
      }
      if (this.tokenScores.size >= this.tokenCacheLimit) this.tokenScores.clear();
      this.tokenScores.set(token, scores);
    }
    return scores;
  }
}

let entryBest = new Float64Array(16);

/**
 * Token coverage both ways, averaged: each query token's best score against the entry's tokens, and
 * each entry token's best against the query's, in one pass over the score matrix.
 */
function symmetricCoverage(scores: readonly Float64Array[], tokenIds: readonly number[]): number {
  if (entryBest.length < tokenIds.length) entryBest = new Float64Array(tokenIds.length * 2);
  entryBest.fill(0, 0, tokenIds.length);
  let queryTotal = 0;
  for (const row of scores) {
    let best = 0;
    for (let k = 0; k < tokenIds.length; k++) {
      const score = row[tokenIds[k]];
      if (score > best) best = score;
      if (score > entryBest[k]) entryBest[k] = score;
    }
    queryTotal += best;
  }
  let entryTotal = 0;
  for (let k = 0; k < tokenIds.length; k++) entryTotal += entryBest[k];
  return (queryTotal / scores.length + entryTotal / tokenIds.length) / 2;
}
