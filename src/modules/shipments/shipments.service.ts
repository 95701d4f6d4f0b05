import { createHash } from 'node:crypto';
import { fail, isFailure, type Failure } from '../../platform/failure.js';
import type { Database, Queryable } from '../../db/database.js';
import { AppError, badInput, forbidden, pgErrorCode, violatesUnique } from '../../platform/errors.js';
import { isUuid, uuidv7 } from '../../platform/ids.js';
import { decodeCursor, encodeCursor as encodePageCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { buildS10 } from '../../standards/s10.js';
import { parcelScope } from '../auth/visibility.js';
import type { Principal } from '../auth/principal.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';
import { ChangeJournal } from '../journal/change-journal.js';
import { validateDeclaration, type DeclareShipmentInput, type FieldError, type ValidDeclaration } from './declaration.validation.js';
import type { ShipmentErrorCode } from './shipments.errors.js';
import { declarationEdge, journalStatusChange } from './shipment-status.service.js';
import type { ShipmentStatus } from './shipment-status.state-machine.js';
import * as repo from './shipments.repository.js';

export type ShipmentRow = repo.ShipmentRow;

export type DeclarationRejection = Failure<'DeclarationRejected', ShipmentErrorCode, { index: number; errors: FieldError[] }>;

/** The declared shipment, or why it was refused (a failure: `isFailure` tells them apart). */
export type DeclarationOutcome = ShipmentRow | DeclarationRejection;

export interface BulkDeclarationResult {
  outcomes: DeclarationOutcome[];
  replayed: boolean;
}

/** A shipment being declared, with the validated declaration it came from. */
export interface DeclaredShipment {
  shipment: ShipmentRow;
  declaration: ValidDeclaration;
}

export interface DeclarationContext {
  actor: Principal;
  requestId?: string;
  /** Events, audit records and messages of the whole transaction, written together at the end. */
  journal: ChangeJournal;
}

/** Second phase of a listener: its own rows, written once the shipments exist. */
export type AfterDeclarationStored = (tx: Queryable) => Promise<void>;

/**
 * Runs inside the declaring transaction, before the shipments are written: customs assesses here,
 * so a declaration and its assessment commit or fail together. A listener sets the shipments'
 * status fields on the rows it is given (they are inserted as they are then, with no second
 * UPDATE), adds its events to the journal, and returns what to write once the shipments exist.
 */
export type DeclarationListener = (tx: Queryable, declared: readonly DeclaredShipment[], context: DeclarationContext) => Promise<AfterDeclarationStored | void>;

export interface ShipmentPage {
  rows: ShipmentRow[];
  hasNextPage: boolean;
}

/** Silkgate's own event code for a declaration: "shipping information received" (seed/event-codes.json). */
export const PRE_ADVICE_EVENT = 'SGA';

const PG_SEQUENCE_EXHAUSTED = '2200H';
/**
 * The first try leaves seller references to the unique index; a reference used before (or taken by a
 * concurrent call meanwhile) fails the insert, and each later try looks the references up first.
 */
const MAX_ATTEMPTS = 4;

export class ShipmentsService {
  private readonly declarationListeners: DeclarationListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    /** `locking`: 'sharded' on a Citus cluster, where look-ups by key go through the key tables (shipments.repository). */
    private readonly options: { maxBulk: number; locking?: repo.RowLocking },
  ) {}

  onDeclared(listener: DeclarationListener): void {
    this.declarationListeners.push(listener);
  }

  /** Shipments visible to a caller (src/modules/auth/visibility.ts). */
  scopeFor(principal: Principal): repo.ShipmentScope {
    return parcelScope(principal);
  }

  async declareOne(principal: Principal, input: DeclareShipmentInput, requestId?: string): Promise<DeclarationOutcome> {
    const { outcomes } = await this.declare(principal, [input], undefined, requestId);
    return outcomes[0];
  }

  /**
   * Declares up to maxBulk parcels in one transaction. Valid inputs are stored even when others
   * fail; each input gets its outcome in order. With an idempotency key, a retry replays the first
   * call's outcomes and creates nothing.
   */
  async declare(principal: Principal, inputs: readonly DeclareShipmentInput[], idempotencyKey?: string | null, requestId?: string): Promise<BulkDeclarationResult> {
    if (principal.role !== 'SELLER' || !principal.organizationId) throw forbidden('Only a seller key can declare parcels.');
    if (inputs.length === 0) throw badInput('Send at least one declaration.');
    if (inputs.length > this.options.maxBulk) {
      throw new AppError('LIMIT_EXCEEDED', `At most ${this.options.maxBulk} declarations per call; this call has ${inputs.length}. Split it.`, {
        limit: this.options.maxBulk,
      });
    }
    const key = idempotencyKey?.trim() || undefined;
    if (key && key.length > 200) throw badInput('An idempotency key has at most 200 characters.');
    const sellerOrgId = principal.organizationId;
    const requestHash = key ? createHash('sha256').update(JSON.stringify(inputs)).digest('hex') : '';

    if (key) {
      const previous = await repo.findIdempotentCall(this.db, sellerOrgId, key);
      if (previous) return this.replay(sellerOrgId, key, requestHash, previous);
    }

    // Where the caller's parcels go when a declaration names no hub: its organisation's, else the network's default.
    const home = (principal.hubId && this.reference.hubById(principal.hubId)) || this.reference.defaultHub;
    // Rule versions loaded by another process since the last check (at most one query a second).
    await this.reference.regimes.refresh();
    const day = this.reference.regimes.today();
    const validated = inputs.map((input) => validateDeclaration(input, this.reference, day));

    const serials = new SerialPool();
    let checkReferences = false;
    const attempt = () =>
      this.db.transaction(async (tx) => {
        if (key && !(await repo.claimIdempotencyKey(tx, sellerOrgId, key, requestHash))) return undefined;
        const results = await this.store(tx, principal, home, validated, { checkReferences, serials }, requestId);
        if (key) {
          await repo.storeIdempotentResults(
            tx, sellerOrgId, key,
            results.map((r) => (isFailure(r) ? { errorCode: r.errorCode, message: r.message, errors: r.errors } : { shipmentId: r.id })),
          );
        }
        return results;
      });
    for (let attempts = 1; ; attempts++) {
      try {
        const outcomes = await attempt();
        if (outcomes) return { outcomes, replayed: false };
        break;
      } catch (error) {
        if (pgErrorCode(error) === PG_SEQUENCE_EXHAUSTED) {
          throw new AppError<ShipmentErrorCode>('S10_SERIES_EXHAUSTED', 'The hub has run out of tracking numbers for this service; an administrator must add a series.');
        }
        const raced = violatesUnique(error, repo.SELLER_REFERENCE_KEY);
        if (!raced || attempts === MAX_ATTEMPTS) throw error;
        checkReferences = true;
      }
    }
    // Another call with the same key committed while we validated: answer as it did.
    const previous = await repo.findIdempotentCall(this.db, sellerOrgId, key!);
    return this.replay(sellerOrgId, key!, requestHash, previous!);
  }

  private async store(
    tx: Queryable,
    principal: Principal,
    home: Hub,
    validated: ReturnType<typeof validateDeclaration>[],
    attempt: { checkReferences: boolean; serials: SerialPool },
    requestId?: string,
  ): Promise<DeclarationOutcome[]> {
    const sellerOrgId = principal.organizationId!;
    const outcomes: (DeclarationOutcome | undefined)[] = validated.map((v, index) =>
      v.ok ? undefined : rejected('DECLARATION_INVALID', `Declaration ${index} has ${v.errors.length} invalid field(s).`, index, v.errors),
    );

    const firstUse = new Map<string, number>();
    validated.forEach((v, index) => {
      if (!v.ok) return;
      const ref = v.declaration.input.sellerReference;
      const earlier = firstUse.get(ref);
      if (earlier !== undefined) outcomes[index] = referenceTaken(index, ref, `it is used by declaration ${earlier} of this call`);
      else firstUse.set(ref, index);
    });
    // References stored before, by earlier calls: the unique index finds them on a first try (a lookup
    // here would cost as much as the index's own check, for a case that is rare), this lookup on a retry.
    const taken = attempt.checkReferences ? await repo.takenSellerReferences(tx, sellerOrgId, [...firstUse.keys()], this.options.locking === 'sharded') : new Set<string>();
    const candidates: { index: number; declaration: ValidDeclaration }[] = [];
    for (const [ref, index] of firstUse) {
      if (taken.has(ref)) outcomes[index] = referenceTaken(index, ref, 'you declared a parcel with it before');
      else candidates.push({ index, declaration: (validated[index] as { declaration: ValidDeclaration }).declaration });
    }

    // Tracking numbers from the series of the parcel's hub and service, one sequence round trip each.
    const bySeries = new Map<string, { hub: Hub; service: string; group: typeof candidates }>();
    for (const c of candidates) {
      const { hubCode, service } = c.declaration.input;
      const hub = hubCode ? this.reference.hubByCode(hubCode)! : home;
      const key = `${hub.id}|${service}`;
      const entry = bySeries.get(key) ?? { hub, service, group: [] };
      entry.group.push(c);
      bySeries.set(key, entry);
    }
    const now = new Date();
    const declared: DeclaredShipment[] = [];
    for (const { hub, service, group } of bySeries.values()) {
      const series = hub.series.get(service);
      if (!series) throw new AppError<ShipmentErrorCode>('NO_S10_SERIES', `Hub ${hub.code} has no tracking-number series for ${service}.`);
      const serials = await attempt.serials.take(tx, series.sequenceName, group.length);
      group.forEach((c, i) => {
        const shipment = toShipmentRow(c.declaration, uuidv7(now.getTime()), sellerOrgId, hub.id, buildS10(series.serviceIndicator, serials[i], hub.s10Country), now);
        declared.push({ shipment, declaration: c.declaration });
        outcomes[c.index] = shipment;
      });
    }

    const journal = new ChangeJournal();
    const occurredAt = now.toISOString();
    for (const { shipment: s } of declared) {
      const hub = this.reference.hubById(s.hubId)!;
      // Electronic pre-advice (Silkgate's own SGA): nobody holds the parcel yet, so no EMA.
      journal.events.push({ shipmentId: s.id, code: PRE_ADVICE_EVENT, occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'system' });
      journal.audit.push({
        actor: principal,
        action: 'shipment.declared',
        entityType: 'shipment',
        entityId: s.id,
        after: { trackingNumber: s.trackingNumber, sellerReference: s.sellerReference, status: s.status, customsForm: s.customsForm },
        requestId,
      });
      journal.outbox.push({
        topic: 'shipment.declared',
        aggregateType: 'shipment',
        aggregateId: s.id,
        sellerOrgId: s.sellerOrgId,
        payload: { trackingNumber: s.trackingNumber, sellerReference: s.sellerReference, hubCode: hub.code, status: s.status, event: PRE_ADVICE_EVENT, occurredAt },
      });
    }
    const afterStored: AfterDeclarationStored[] = [];
    for (const listener of this.declarationListeners) {
      const after = await listener(tx, declared, { actor: principal, requestId, journal });
      if (after) afterStored.push(after);
    }
    // Inserted with the status its assessment gave it (no UPDATE); a move off DECLARED is still a status change.
    for (const { shipment: s } of declared) {
      if (s.status === 'DECLARED') continue;
      const to = s.status as ShipmentStatus;
      journalStatusChange(
        journal,
        { shipmentId: s.id, from: 'DECLARED', to, edge: declarationEdge(to), trackingNumber: s.trackingNumber, sellerOrgId: s.sellerOrgId },
        { occurredAt: s.updatedAt },
        { actor: principal, source: 'customs', requestId, now },
      );
    }

    await repo.insertShipments(tx, declared.map((d) => d.shipment));
    const lines: repo.LineRow[] = [];
    for (const { shipment, declaration } of declared) {
      for (const l of declaration.lines) {
        lines.push({
          shipmentId: shipment.id, lineNo: l.lineNo, description: l.description, quantity: l.quantity, netWeightGrams: l.netWeightGrams, value: l.value,
          hsCode: l.hsCode, originCountry: l.originCountry,
        });
      }
    }
    await repo.insertLines(tx, lines);
    for (const after of afterStored) await after(tx);
    await journal.flush(tx);
    return outcomes as DeclarationOutcome[];
  }

  private async replay(sellerOrgId: string, key: string, requestHash: string, previous: { requestHash: string; results: repo.StoredResult[] }): Promise<BulkDeclarationResult> {
    if (previous.requestHash !== requestHash) {
      throw new AppError<ShipmentErrorCode>('IDEMPOTENCY_KEY_REUSED', `Idempotency key "${key}" was used for a different set of declarations.`);
    }
    const ids = previous.results.flatMap((r) => ('shipmentId' in r ? [r.shipmentId] : []));
    const rows = await repo.findShipments(this.db, { sellerOrgId }, { ids });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      replayed: true,
      outcomes: previous.results.map((r, index) =>
        'shipmentId' in r ? byId.get(r.shipmentId)! : rejected(r.errorCode as ShipmentErrorCode, r.message, index, r.errors),
      ),
    };
  }

  async get(principal: Principal, by: { id?: string | null; trackingNumber?: string | null }): Promise<ShipmentRow | null> {
    if (!by.id === !by.trackingNumber) throw badInput('Give exactly one of id and trackingNumber.');
    const scope = this.scopeFor(principal);
    if (by.id) {
      if (!isUuid(by.id)) return null;
      return (await repo.findShipments(this.db, scope, { ids: [by.id] }))[0] ?? null;
    }
    const number = by.trackingNumber!.replace(/\s/g, '').toUpperCase();
    if (this.options.locking !== 'sharded') return (await repo.findShipments(this.db, scope, { trackingNumbers: [number] }))[0] ?? null;
    // On a cluster the key table gives the id, which routes the read to the parcel's shard.
    const id = await repo.shipmentIdByTrackingNumber(this.db, number);
    return id === undefined ? null : ((await repo.findShipments(this.db, scope, { ids: [id], trackingNumbers: [number] }))[0] ?? null);
  }

  async list(principal: Principal, filter: repo.ShipmentListFilter, first: number, after?: string | null): Promise<ShipmentPage> {
    pageSize(first);
    if (filter.sellerOrganizationId != null && !isUuid(filter.sellerOrganizationId)) return { rows: [], hasNextPage: false };
    const cursor = after ? decodeCursor(after, ['time', 'uuid']) : undefined;
    const rows = await repo.listShipments(this.db.reads, this.scopeFor(principal), filter, { first, after: cursor && { declaredAt: cursor[0], id: cursor[1] } });
    return pageOf(rows, first);
  }

  async byIds(ids: readonly string[]): Promise<ShipmentRow[]> {
    return repo.findShipments(this.db, {}, { ids });
  }

  linesFor(ids: readonly string[]) {
    return repo.linesForShipments(this.db, ids);
  }
}

/**
 * The serials one declare call has drawn, per sequence. A sequence never takes a number back, even
 * when the transaction that drew it rolls back: a retry numbers its parcels with what the failed try
 * drew, so the series only skips the numbers of parcels the retry then refused.
 */
class SerialPool {
  private readonly drawn = new Map<string, number[]>();

  async take(tx: Queryable, sequenceName: string, count: number): Promise<number[]> {
    const serials = this.drawn.get(sequenceName) ?? [];
    if (serials.length < count) serials.push(...(await repo.allocateSerials(tx, sequenceName, count - serials.length)));
    this.drawn.set(sequenceName, serials);
    return serials.slice(0, count);
  }
}

function rejected(errorCode: ShipmentErrorCode, message: string, index: number, errors: FieldError[]): DeclarationRejection {
  return fail('DeclarationRejected', errorCode, message, { index, errors });
}

function referenceTaken(index: number, reference: string, why: string): DeclarationRejection {
  return rejected('SELLER_REFERENCE_TAKEN', `Seller reference "${reference}" is already used: ${why}.`, index, [
    { path: 'sellerReference', code: 'SELLER_REFERENCE_TAKEN', message: `"${reference}" is already used: ${why}.` },
  ]);
}

/** The shipment as declared, before its declaration listeners set the customs status (built whole: no spread copies). */
function toShipmentRow(d: ValidDeclaration, id: string, sellerOrgId: string, hubId: string, trackingNumber: string, now: Date): ShipmentRow {
  const i = d.input;
  return {
    id,
    sellerOrgId,
    hubId,
    sellerReference: i.sellerReference,
    trackingNumber,
    service: i.service,
    status: 'DECLARED',
    sender: i.sender,
    addressee: i.addressee,
    originCountry: i.sender.countryCode,
    destinationCountry: i.addressee.countryCode,
    category: i.category,
    categoryExplanation: i.categoryExplanation ?? null,
    grossWeightG: i.grossWeightGrams,
    netWeightG: d.netWeightGrams,
    currency: d.currency,
    totalValueMinor: d.totalValueMinor,
    valueSdrMinor: d.valueSdrMinor,
    ratesDate: d.ratesDate,
    customsForm: d.customsForm,
    lithiumBatteries: i.lithiumBatteries ?? 'NONE',
    iossNumber: i.iossNumber ?? null,
    taxId: i.taxId ?? null,
    customsDetails: compact({
      senderCustomsReference: i.senderCustomsReference,
      importerReference: i.importerReference,
      invoiceNumber: i.invoiceNumber,
      licenceNumbers: i.licenceNumbers?.length ? i.licenceNumbers : undefined,
      certificateNumbers: i.certificateNumbers?.length ? i.certificateNumbers : undefined,
      comments: i.comments,
      postalCharges: i.postalCharges,
      taxCollectedAtSale: i.taxCollectedAtSale || undefined,
    }),
    lineCount: d.lines.length,
    customsStatus: 'SUBMITTED',
    declaredAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Drops empty fields: most parcels carry none of the CN 23 extras, and the row stays small. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined && value !== null && value !== '') kept[key] = value;
  }
  return kept;
}

export function encodeCursor(row: { declaredAt: Date; id: string }): string {
  return encodePageCursor([row.declaredAt, row.id]);
}
