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
  /** Every edge some listener listens on: only changes along these are copied out for listeners. */
  private readonly heardEdges = new Set<StatusEdgeName>();

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
    for (const edge of edges) this.heardEdges.add(edge);
  }

  lockStatuses(tx: Queryable, shipmentIds: readonly string[]): Promise<Map<string, string>> {
    return lockStatuses(tx, shipmentIds, this.locking);
  }

  /**
   * Several changes of one parcel in a call are steps it passes through, in order: one UPDATE moves
   * it to the last, the first step is checked on the row, each further step against the machine
   * (a parcel stops at the step before one it may not take), and every step gets its own audit
   * record, message and listeners, as separate calls would (a carrier's "out for delivery" and
   * "delivered" in one report: one row write instead of two).
   * Without a caller's journal, a large call is written in chunks (STATUS_CHUNK unless constructed with another size) in id order: each
   * chunk's rows, events, audit and messages are flushed before the next is built, so memory stays
   * bounded (a 100,000-parcel consolidation no longer holds 200,000 records at once), and rows are
   * still locked in ascending id order across the whole call, as one statement would.
   */
  async changeStatus(tx: Queryable, changes: readonly StatusChange[], context: StatusChangeContext): Promise<StatusChangeResult> {
    const paths = pathsOf(changes);
    if (context.journal || paths.length <= this.chunk) return this.changeChunk(tx, paths, context);
    const ordered = paths.sort((a, b) => (a[0].shipmentId < b[0].shipmentId ? -1 : a[0].shipmentId > b[0].shipmentId ? 1 : 0));
    const result: StatusChangeResult = { changed: [], unchanged: [], refused: [] };
    for (let i = 0; i < ordered.length; i += this.chunk) {
      const part = await this.changeChunk(tx, ordered.slice(i, i + this.chunk), context);
      result.changed.push(...part.changed);
      result.unchanged.push(...part.unchanged);
      result.refused.push(...part.refused);
    }
    return result;
  }

  private async changeChunk(tx: Queryable, allPaths: readonly StatusChange[][], context: StatusChangeContext): Promise<StatusChangeResult> {
    if (allPaths.length === 0) return { changed: [], unchanged: [], refused: [] };
    const refused: StatusChangeResult['refused'] = [];
    // Further steps the machine refuses are cut off here; the parcel stops at the step before.
    const paths = allPaths.map((path) => {
      const legal = path.findIndex((c, i) => i > 0 && c.to !== path[i - 1].to && !statusEdge(path[i - 1].to, c.to));
      if (legal < 0) return path;
      refused.push({ shipmentId: path[0].shipmentId, from: path[legal - 1].to, to: path[legal].to });
      return path.slice(0, legal);
    });
    const changes = paths.map((path) => path[path.length - 1]);
    const rows = {
      ids: changes.map((c) => c.shipmentId), to: changes.map((c) => c.to), first: paths.map((path) => path[0].to),
      customs: paths.map((path) => path.reduce<string | null>((customs, c) => c.customsStatus ?? customs, null)),
    };
    // Plain changes written on their own get their audit records and messages from the same statement.
    const journaled = !context.journal && paths.every((path) => path.length === 1 && isPlain(path[0]));
    const applied = journaled
      ? await applyStatusChangesJournaled(tx, rows, LEGAL, context.now, this.locking, {
        topic: STATUS_CHANGED_TOPIC, actorKind: context.actor.kind, actorId: actorId(context.actor), requestId: context.requestId ?? null, source: context.source, carrierId: context.carrierId ?? null,
      })
      : await applyStatusChanges(tx, rows, LEGAL, context.now, this.locking);
    const byId = new Map(applied.map((a) => [a.id, a]));
    if (applied.length < paths.length) {
      const current = await statusesOf(tx, changes.filter((c) => !byId.has(c.shipmentId)).map((c) => c.shipmentId));
      for (const path of paths) {
        if (byId.has(path[0].shipmentId)) continue;
        const from = current.get(path[0].shipmentId);
        if (from === undefined) throw new AppError('NOT_FOUND', `Shipment ${path[0].shipmentId} not found.`);
        // Refused at its first step: a later step it was cut at does not matter.
        const cut = refused.findIndex((r) => r.shipmentId === path[0].shipmentId);
        if (cut >= 0) refused.splice(cut, 1);
        refused.unshift({ shipmentId: path[0].shipmentId, from, to: path[0].to });
      }
    }
    if (refused.length && context.illegal !== 'skip') {
      const [first] = refused;
      // Names both states, as every machine's refusal does; the transaction rolls back.
      shipmentStatusMachine.assertTransition(first.from as ShipmentStatus, first.to);
    }
    const journal = context.journal ?? new ChangeJournal();
    const changed: StatusChanged[] = [];
    const heard: StatusChangedWithDetail[] = [];
    const unchanged: string[] = [];
    const eventful = new Set(allPaths.flatMap((path) => (path.some((c) => c.events?.length) ? [path[0].shipmentId] : [])));
    allPaths.forEach((path, p) => {
      for (const c of path) {
        if (!c.events) continue;
        for (const e of c.events) journal.events.push({ shipmentId: c.shipmentId, code: e.code, occurredAt: e.occurredAt, office: e.office, countryCode: e.countryCode, source: e.source, detail: e.detail });
      }
      const row = byId.get(path[0].shipmentId);
      if (!row) return;
      let from = row.from as ShipmentStatus;
      let moved = false;
      for (const c of paths[p]) {
        if (from === c.to) continue;
        moved = true;
        const done: StatusChanged = {
          shipmentId: c.shipmentId, from, to: c.to, edge: statusEdge(from, c.to)!, trackingNumber: row.trackingNumber, sellerOrgId: row.sellerOrgId,
        };
        changed.push(done);
        if (this.heardEdges.has(done.edge)) heard.push({ ...done, occurredAt: c.occurredAt ?? context.now, detail: c.detail ?? {} });
        if (!journaled) journalStatusChange(journal, done, c, context);
        from = c.to;
      }
      if (!moved) unchanged.push(path[0].shipmentId);
    });
    for (const { edges, listener } of this.listeners) {
      const along = heard.filter((c) => edges.has(c.edge));
      if (along.length) await listener(tx, along, context);
    }
    // A change with events is announced when they are written; one without must be announced here.
    await notifyTimelinesChanged(tx, [...new Set(changed.filter((c) => !eventful.has(c.shipmentId)).map((c) => c.shipmentId))]);
    if (!context.journal) await journal.flush(tx);
    return { changed, unchanged, refused };
  }
}

/** The changes of a call by parcel, in the order given: a parcel with several passes through each. */
function pathsOf(changes: readonly StatusChange[]): StatusChange[][] {
  const paths = new Map<string, StatusChange[]>();
  for (const c of changes) {
    const path = paths.get(c.shipmentId);
    if (path) path.push(c);
    else paths.set(c.shipmentId, [c]);
  }
  return [...paths.values()];
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
