import { performance } from 'node:perf_hooks';
import type { Queryable } from '../../db/database.js';
import { utcDay, type Clock } from '../../platform/clock.js';
import { withVersions, type TaxRules } from '../../standards/tax/index.js';
import * as repo from '../regimes/regimes.repository.js';
import { readSeed } from './reference.seeder.js';

/** How often a process asks whether another one changed the regime versions (one tiny query). */
export const REGIME_CHECK_EVERY_MS = 1000;

/**
 * The duty and tax rules in force: seed/tax-rules.json plus the versions loaded at run time and not
 * withdrawn. Loads only add versions that start after today and withdrawals only remove ones that
 * have not started, so a swap never changes the rules of a day already running: a process that
 * learns of a change a second late assesses exactly as one that learned at once. That is why the
 * declare path checks at most once per REGIME_CHECK_EVERY_MS instead of on every call.
 */
export class RegimeBook {
  private rules: TaxRules;
  private generation = -1;
  private checkedAt = -Infinity;
  private pending: Promise<void> | undefined;

  private constructor(
    private readonly db: Queryable,
    private readonly seed: TaxRules,
    readonly clock: Clock,
    private readonly checkEveryMs: number,
  ) {
    this.rules = seed;
  }

  static async load(db: Queryable, clock: Clock, checkEveryMs = REGIME_CHECK_EVERY_MS): Promise<RegimeBook> {
    const book = new RegimeBook(db, await readSeed<TaxRules>('tax-rules.json'), clock, checkEveryMs);
    await book.reload();
    return book;
  }

  /** The rules in force now, including loaded versions (each picks itself by date). */
  get current(): TaxRules {
    return this.rules;
  }

  /** The seed file's rules alone, for validating a new document against what cannot be withdrawn. */
  get seedRules(): TaxRules {
    return this.seed;
  }

  /** Today (UTC) by the injected clock: the day whose rules apply to a declaration. */
  today(): string {
    return utcDay(this.clock.now());
  }

  /** Reloads when another process changed the versions; asks the database at most once per interval. */
  refresh(): Promise<void> {
    const now = performance.now();
    if (now - this.checkedAt < this.checkEveryMs) return Promise.resolve();
    this.pending ??= (async () => {
      try {
        const generation = await repo.generation(this.db);
        this.checkedAt = performance.now();
        if (generation !== this.generation) await this.reload();
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /** Reads the live versions now (after this process changed them, or when the generation moved). */
  async reload(): Promise<void> {
    const { generation, rows } = await repo.liveVersions(this.db);
    this.rules = withVersions(this.seed, rows.map((r) => ({ section: r.section, version: r.body })));
    this.generation = generation;
    this.checkedAt = performance.now();
  }
}
