import { systemClock, type Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../db/database.js';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/errors.js';
import { fail, isFailure, typed, type Failure, type Typed } from '../../platform/failure.js';
import { inTransaction } from '../../platform/transaction.js';
import {
  checkExamples, readRegimeDocument, REGIME_SECTIONS, versionsOf, withVersions,
  type Confidence, type Dated, type DocumentError, type RegimeSection, type RuleSource, type TaxRules,
} from '../../standards/tax/index.js';
import { appendAudit } from '../audit/audit.repository.js';
import { actorId, type Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { RegimeErrorCode } from './regimes.errors.js';
import * as repo from './regimes.repository.js';

/** A rule version as the API shows it (the RegimeVersion type). */
export interface RegimeVersionView {
  version: string;
  section: RegimeSection;
  effectiveFrom: string;
  confidence: Confidence | null;
  sources: RuleSource[];
  origin: 'SEED' | 'LOADED' | 'WITHDRAWN';
  loadedBy: string | null;
  loadedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  body: unknown;
}

export type RegimeDocumentRejected = Failure<'RegimeDocumentRejected', RegimeErrorCode, { errors: DocumentError[] }>;
export type RegimeWithdrawalRefused = Failure<'RegimeWithdrawalRefused', RegimeErrorCode>;

export type LoadOutcome = Typed<{ versions: RegimeVersionView[] }, 'RegimeVersionsLoaded'> | RegimeDocumentRejected;
export type WithdrawOutcome = Typed<{ version: RegimeVersionView }, 'RegimeVersionWithdrawn'> | RegimeWithdrawalRefused;

const SECTIONS = Object.values(REGIME_SECTIONS);

/**
 * Duty and tax rule versions as an operation: an administrator loads versions (validated, each
 * starting after today), lists them, and withdraws one before it starts. Every change is one
 * transaction with its audit record and a new generation, so other processes reload.
 */
export class RegimesService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(section?: string | null): Promise<RegimeVersionView[]> {
    const book = this.reference.regimes;
    const seed = SECTIONS.flatMap((s) => versionsOf(book.seedRules, s).map((v) => seedView(s, v)));
    const loaded = (await repo.allVersions(this.db)).map(rowView);
    return [...seed, ...loaded]
      .filter((v) => !section || v.section === section)
      .sort((a, b) => a.section.localeCompare(b.section) || a.effectiveFrom.localeCompare(b.effectiveFrom) || a.origin.localeCompare(b.origin));
  }

  async load(admin: Principal, document: unknown, requestId?: string): Promise<LoadOutcome> {
    const book = this.reference.regimes;
    const today = book.today();
    try {
      const outcome = await inTransaction(this.db, async (tx): Promise<LoadOutcome> => {
        const { current, taken } = await this.currentRules(tx);
        const read = readRegimeDocument(document, current, { today, knownCurrencies: new Set(this.reference.currencies.keys()), takenVersionIds: taken });
        if (!read.ok) return invalid('REGIME_DOCUMENT_INVALID', read.errors);
        const paths = new Map(read.versions.map((v) => [v.version.version, v.at!]));
        const mismatches = checkExamples(withVersions(current, read.versions), this.reference, paths);
        if (mismatches.length) return invalid('REGIME_EXAMPLES_FAILED', mismatches.map((m) => ({ path: m.path, code: 'INVALID' as const, message: m.message })));

        await repo.insertVersions(tx, read.versions, actorId(admin));
        await repo.bumpGeneration(tx);
        await appendAudit(tx, read.versions.map(({ section, version: v }) => ({
          actor: admin, action: 'regime.version_loaded', entityType: 'regime_version', entityId: v.version,
          after: { section, effectiveFrom: v.effectiveFrom, confidence: v.confidence, sources: v.sources }, requestId,
        })));
        const rows = await Promise.all(read.versions.map((v) => repo.findVersion(tx, v.version.version)));
        return typed({ versions: rows.map((r) => rowView(r!)) }, 'RegimeVersionsLoaded');
      }, (r): r is RegimeDocumentRejected => isFailure(r));
      if (!isFailure(outcome)) await book.reload();
      return outcome;
    } catch (error) {
      // Another administrator took the id or the start date in between.
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
      return invalid('REGIME_DOCUMENT_INVALID', [{ path: '', code: 'INVALID', message: 'A version with this id or start date was loaded at the same time; list the versions and try again.' }]);
    }
  }

  async withdraw(admin: Principal, version: string, reason?: string | null, requestId?: string): Promise<WithdrawOutcome> {
    const book = this.reference.regimes;
    const today = book.today();
    const outcome = await inTransaction(this.db, async (tx): Promise<WithdrawOutcome> => {
      const row = await repo.findVersion(tx, version);
      if (!row) {
        const seeded = SECTIONS.some((s) => versionsOf(book.seedRules, s).some((v) => v.version === version));
        return seeded
          ? refused('REGIME_VERSION_IS_SEED', `${version} ships in seed/tax-rules.json: change it with a release, or load a newer version.`)
          : refused('REGIME_VERSION_NOT_FOUND', `No loaded version ${version}.`);
      }
      if (row.withdrawnAt) return refused('REGIME_VERSION_WITHDRAWN', `${version} was withdrawn already.`);
      const withdrawn = await repo.withdrawVersion(tx, version, today, actorId(admin), reason?.trim() || null, this.clock.now());
      if (!withdrawn) {
        return refused('REGIME_VERSION_STARTED', `${version} started on ${row.effectiveFrom} and assessments may use it; load a newer version instead.`);
      }
      await repo.bumpGeneration(tx);
      await appendAudit(tx, [{
        actor: admin, action: 'regime.version_withdrawn', entityType: 'regime_version', entityId: version,
        before: { section: row.section, effectiveFrom: row.effectiveFrom }, reason: reason?.trim() || null, requestId,
      }]);
      return typed({ version: rowView(withdrawn) }, 'RegimeVersionWithdrawn');
    }, (r): r is RegimeWithdrawalRefused => isFailure(r));
    if (!isFailure(outcome)) await book.reload();
    return outcome;
  }

  /** The live rules as stored now (not as this process last saw them), and every id in use. */
  private async currentRules(tx: Queryable): Promise<{ current: TaxRules; taken: Set<string> }> {
    const seed = this.reference.regimes.seedRules;
    const rows = await repo.allVersions(tx);
    const live = rows.filter((r) => !r.withdrawnAt).map((r) => ({ section: r.section, version: r.body }));
    const taken = new Set([...SECTIONS.flatMap((s) => versionsOf(seed, s).map((v) => v.version)), ...rows.map((r) => r.version)]);
    return { current: withVersions(seed, live), taken };
  }
}

function invalid(errorCode: RegimeErrorCode, errors: DocumentError[]): RegimeDocumentRejected {
  const what = errorCode === 'REGIME_EXAMPLES_FAILED' ? 'worked example(s) do not compute as stated' : 'problem(s) in the document';
  return fail('RegimeDocumentRejected', errorCode, `${errors.length} ${what}; nothing was loaded.`, { errors });
}

const refused = (errorCode: RegimeErrorCode, message: string): RegimeWithdrawalRefused => fail('RegimeWithdrawalRefused', errorCode, message, {});

function seedView(section: RegimeSection, v: Dated): RegimeVersionView {
  return {
    version: v.version, section, effectiveFrom: v.effectiveFrom, confidence: v.confidence ?? null, sources: v.sources ?? [], origin: 'SEED',
    loadedBy: null, loadedAt: null, withdrawnAt: null, withdrawReason: null, body: v,
  };
}

function rowView(r: repo.RegimeVersionRow): RegimeVersionView {
  return {
    ...seedView(r.section, r.body),
    origin: r.withdrawnAt ? 'WITHDRAWN' : 'LOADED',
    loadedBy: r.loadedBy, loadedAt: r.loadedAt, withdrawnAt: r.withdrawnAt, withdrawReason: r.withdrawReason,
  };
}
