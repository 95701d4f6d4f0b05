import type { Queryable } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';
import { isoTime } from '../../platform/iso-time.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { StatusChange, StatusChangeContext, StatusChanged, StatusChangedWithDetail, StatusChangeListener, StatusChangeResult, ShipmentStatusPort } from './shipment-status.port.js';
import { LEGAL_PAIRS, SHIPMENT_STATUSES, shipmentStatusMachine, statusEdge, type ShipmentStatus, type StatusEdgeName } from './shipment-status.state-machine.js';
import { applyStatusChanges, applyStatusChangesJournaled, lockStatuses, statusesOf, type LegalMoves, type RowLocking } from './shipments.repository.js';
import { actorId } from '../auth/principal.js';
import { notifyTimelinesChanged } from '../tracking/tracking.repository.js';

export const STATUS_CHANGED_TOPIC = 'shipment.status_changed';
/** Changes written per statement when the owner flushes on its own (see changeStatus). */
export const STATUS_CHUNK = 5_000;

// The pairs the guarded UPDATE joins on: every edge, and each status to itself (a no-op move).
const LEGAL: LegalMoves = {
  keys: [...LEGAL_PAIRS.map((p) => `${p.from}>${p.to}`), ...SHIPMENT_STATUSES.map((s) => `${s}>${s}`)],
  edges: [...LEGAL_PAIRS.map((p) => p.edge), ...SHIPMENT_STATUSES.map(() => null)],
};

/** A change with nothing of its own beyond the move: its audit record and message can be built in SQL. */
const isPlain = (c: StatusChange) => !c.events?.length && c.eventCode == null && c.reason == null && c.occurredAt == null && c.detail == null;

/**
 * Owner of `shipments.status`: checks each move against the status machine, writes the rows in one
 * statement and, per change, its tracking event, an audit record and the `shipment.status_changed`
 * message, in the caller's transaction.
 */
export class ShipmentStatusOwner implements ShipmentStatusPort {
  private readonly listeners: { edges: ReadonlySet<StatusEdgeName>; listener: StatusChangeListener }[] = [];

  /**
   * `locking`: how the rows are held (shipments.repository RowLocking): in id order on one server,
   * by the UPDATE itself on a Citus cluster. `chunk`: changes per statement without a caller's journal.
   */
  constructor(private readonly options: { locking?: RowLocking; chunk?: number } = {}) {}

  private get chunk(): number {
    return this.options.chunk ?? STATUS_CHUNK;
  }

  private get locking(): RowLocking {
    return this.options.locking ?? 'ordered';
  }

  /** Calls listener, in the changing transaction, with every change along one of these edges. */
  onEdges(edges: readonly StatusEdgeName[], listener: StatusChangeListener): void {
    this.listeners.push({ edges: new Set(edges), listener });
  }

  lockStatuses(tx: Queryable, shipmentIds: readonly string[]): Promise<Map<string, string>> {
    return lockStatuses(tx, shipmentIds, this.locking);
  }

  /**
   * Without a caller's journal, a large call is written in chunks (STATUS_CHUNK unless constructed with another size) in id order: each
   * chunk's rows, events, audit and messages are flushed before the next is built, so memory stays
   * bounded (a 100,000-parcel consolidation no longer holds 200,000 records at once), and rows are
   * still locked in ascending id order across the whole call, as one statement would.
   */
  async changeStatus(tx: Queryable, changes: readonly StatusChange[], context: StatusChangeContext): Promise<StatusChangeResult> {
    if (context.journal || changes.length <= this.chunk) return this.changeChunk(tx, changes, context);
    const ordered = [...changes].sort((a, b) => (a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0));
    const result: StatusChangeResult = { changed: [], unchanged: [], refused: [] };
    for (let i = 0; i < ordered.length; i += this.chunk) {
      const part = await this.changeChunk(tx, ordered.slice(i, i + this.chunk), context);
      result.changed.push(...part.changed);
      result.unchanged.push(...part.unchanged);
      result.refused.push(...part.refused);
    }
    return result;
  }

  private async changeChunk(tx: Queryable, changes: readonly StatusChange[], context: StatusChangeContext): Promise<StatusChangeResult> {
    if (changes.length === 0) return { changed: [], unchanged: [], refused: [] };
    const rows = { ids: changes.map((c) => c.shipmentId), to: changes.map((c) => c.to), customs: changes.map((c) => c.customsStatus ?? null) };
    // Plain changes written on their own get their audit records and messages from the same statement.
    const journaled = !context.journal && changes.every(isPlain);
    const applied = journaled
      ? await applyStatusChangesJournaled(tx, rows, LEGAL, context.now, this.locking, {
        topic: STATUS_CHANGED_TOPIC, actorKind: context.actor.kind, actorId: actorId(context.actor), requestId: context.requestId ?? null, source: context.source, carrierId: context.carrierId ?? null,
      })
      : await applyStatusChanges(tx, rows, LEGAL, context.now, this.locking);
    const byId = new Map(applied.map((a) => [a.id, a]));
    const refused: StatusChangeResult['refused'] = [];
    if (applied.length < changes.length) {
      const current = await statusesOf(tx, changes.filter((c) => !byId.has(c.shipmentId)).map((c) => c.shipmentId));
      for (const c of changes) {
        if (byId.has(c.shipmentId)) continue;
        const from = current.get(c.shipmentId);
        if (from === undefined) throw new AppError('NOT_FOUND', `Shipment ${c.shipmentId} not found.`);
        refused.push({ shipmentId: c.shipmentId, from, to: c.to });
      }
      if (refused.length && context.illegal !== 'skip') {
        const [first] = refused;
        // Names both states, as every machine's refusal does; the transaction rolls back.
        shipmentStatusMachine.assertTransition(first.from as ShipmentStatus, first.to);
      }
    }
    const journal = context.journal ?? new ChangeJournal();
    const changed: StatusChanged[] = [];
    const heard: StatusChangedWithDetail[] = [];
    const unchanged: string[] = [];
    const eventful = new Set(changes.filter((c) => c.events?.length).map((c) => c.shipmentId));
    for (const c of changes) {
      if (c.events) for (const e of c.events) journal.events.push({ ...e, shipmentId: c.shipmentId });
      const row = byId.get(c.shipmentId);
      if (!row) continue;
      if (row.from === c.to) {
        unchanged.push(c.shipmentId);
        continue;
      }
      const done: StatusChanged = {
        shipmentId: c.shipmentId, from: row.from as ShipmentStatus, to: c.to, edge: statusEdge(row.from, c.to)!, trackingNumber: row.trackingNumber, sellerOrgId: row.sellerOrgId,
      };
      changed.push(done);
      heard.push({ ...done, occurredAt: c.occurredAt ?? context.now, detail: c.detail ?? {} });
      if (!journaled) journalStatusChange(journal, done, c, context);
    }
    for (const { edges, listener } of this.listeners) {
      const along = heard.filter((c) => edges.has(c.edge));
      if (along.length) await listener(tx, along, context);
    }
    // A change with events is announced when they are written; one without must be announced here.
    await notifyTimelinesChanged(tx, changed.filter((c) => !eventful.has(c.shipmentId)).map((c) => c.shipmentId));
    if (!context.journal) await journal.flush(tx);
    return { changed, unchanged, refused };
  }
}

/**
 * The audit record and outbound message of one status change. Also used at declaration, where
 * the shipment is inserted with the status its customs assessment gave it and no UPDATE runs.
 */
export function journalStatusChange(
  journal: ChangeJournal,
  done: StatusChanged,
  change: Pick<StatusChange, 'reason' | 'occurredAt' | 'events' | 'eventCode'>,
  context: Pick<StatusChangeContext, 'actor' | 'source' | 'requestId' | 'carrierId' | 'now'>,
): void {
  journal.audit.push({
    actor: context.actor,
    action: STATUS_CHANGED_TOPIC,
    entityType: 'shipment',
    entityId: done.shipmentId,
    before: { status: done.from },
    after: { status: done.to, transition: done.edge },
    reason: change.reason ?? null,
    requestId: context.requestId ?? null,
  });
  journal.outbox.push({
    topic: STATUS_CHANGED_TOPIC,
    aggregateType: 'shipment',
    aggregateId: done.shipmentId,
    sellerOrgId: done.sellerOrgId,
    carrierId: context.carrierId ?? null,
    payload: {
      trackingNumber: done.trackingNumber,
      previousStatus: done.from,
      status: done.to,
      transition: done.edge,
      event: change.events?.at(-1)?.code ?? change.eventCode ?? null,
      occurredAt: isoTime(change.occurredAt ?? change.events?.at(-1)?.occurredAt ?? context.now),
      source: context.source,
    },
  });
}

/** The edge name of a move at declaration (DECLARED → the assessment's status), checked against the machine. */
export function declarationEdge(to: ShipmentStatus): StatusEdgeName {
  shipmentStatusMachine.assertTransition('DECLARED', to);
  return statusEdge('DECLARED', to)!;
}
