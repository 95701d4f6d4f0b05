import type { Database, Queryable } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { fail, isFailure, typed } from '../../platform/failure.js';
import { isoTime } from '../../platform/iso-time.js';
import { inTransaction } from '../../platform/transaction.js';
import type { Actor } from '../auth/principal.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import * as repo from './customs.repository.js';
import { customsMachine, PUBLIC_STATUS, trackingEventFor, type CustomsState } from './customs.state-machine.js';
import type { DeclarationRow, TransitionFailure, TransitionOutcome, VersionConflict } from './customs.types.js';

export interface Transition {
  row: DeclarationRow;
  from: CustomsState;
  to: CustomsState;
  occurredAt?: Date;
}

export interface RecordOptions<T extends Transition = Transition> {
  requestId?: string | null;
  reason?: (t: T) => string | null;
  action?: string;
  topic?: string;
  outbox?: (t: T) => boolean;
  payloadExtra?: (t: T) => Record<string, unknown>;
  auditExtra?: (t: T) => Record<string, unknown>;
}

/**
 * How a customs state change is written: checked against the machine and the expected version,
 * the customs state riding in the status owner's update, and per transition its tracking event,
 * audit record and outbox message in the caller's transaction.
 */
export class CustomsTransitions {
  constructor(
    private readonly reference: ReferenceData,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock,
  ) {}

  /** Writes shipments' customs and public status, tracking events, audit and outbox for many transitions at once. */
  async record(tx: Queryable, transitions: readonly Transition[], actor: Actor, opts: RecordOptions): Promise<void> {
    if (!transitions.length) return;
    const journal = new ChangeJournal();
    this.journal(journal, transitions, actor, opts);
    // The customs state rides along in the status owner's one UPDATE per batch.
    await this.status.changeStatus(
      tx,
      transitions.map((t) => ({ shipmentId: t.row.shipmentId, to: PUBLIC_STATUS[t.to], customsStatus: t.to, reason: opts.reason?.(t) ?? null, occurredAt: t.occurredAt })),
      { actor, source: 'customs', requestId: opts.requestId, journal, now: transitions[0].occurredAt ?? this.clock.now() },
    );
    await journal.flush(tx);
  }

  /** Each transition's tracking event, audit record and outbound message. */
  journal<T extends Transition>(journal: ChangeJournal, transitions: readonly T[], actor: Actor, opts: RecordOptions<T>): void {
    for (const t of transitions) {
      const hub = this.reference.hubById(t.row.hubId);
      const event = trackingEventFor(t.row.direction, t.to);
      const reason = opts.reason?.(t) ?? null;
      // Before the parcel is presented, decisions rest on the declaration alone: the timeline shows them at presentation.
      if (event && t.row.presentedAt) {
        journal.events.push({
          shipmentId: t.row.shipmentId,
          code: event,
          occurredAt: t.occurredAt,
          office: hub?.officeOfExchange ?? null,
          countryCode: hub?.countryCode ?? null,
          source: 'customs',
          detail: { state: t.to },
        });
      }
      const after: Record<string, unknown> = { customsState: t.to, version: t.row.version + (t.from === 'SUBMITTED' ? 0 : 1), lane: t.row.lane, score: t.row.score };
      if (opts.auditExtra) Object.assign(after, opts.auditExtra(t));
      journal.audit.push({
        actor,
        action: opts.action ?? `customs.${t.to.toLowerCase()}`,
        entityType: 'shipment',
        entityId: t.row.shipmentId,
        before: { customsState: t.from, version: t.from === 'SUBMITTED' ? 0 : t.row.version },
        after,
        reason,
        requestId: opts.requestId ?? null,
      });
      if (opts.outbox && !opts.outbox(t)) continue;
      const payload: Record<string, unknown> = {
        trackingNumber: t.row.trackingNumber,
        from: t.from,
        to: t.to,
        status: PUBLIC_STATUS[t.to],
        event,
        direction: t.row.direction,
        reason,
        occurredAt: isoTime(t.occurredAt ?? this.clock.now()),
      };
      if (opts.payloadExtra) Object.assign(payload, opts.payloadExtra(t));
      journal.outbox.push({
        topic: opts.topic ?? 'customs.decision',
        aggregateType: 'shipment',
        aggregateId: t.row.shipmentId,
        sellerOrgId: t.row.sellerOrgId,
        payload,
      });
    }
  }

  /**
   * One checked transition in the caller's transaction: legal in the table, and the version still
   * the expected one (the UPDATE re-checks it, so of two concurrent officers exactly one wins).
   */
  async one(
    tx: Queryable,
    row: DeclarationRow,
    to: CustomsState,
    expectedVersion: number,
    actor: Actor,
    opts: { reason?: string | null; requestId?: string | null; action?: string; paidMinorDelta?: number; auditExtra?: Record<string, unknown> },
  ): Promise<TransitionOutcome> {
    if (row.version !== expectedVersion) return conflict(row, expectedVersion);
    if (!customsMachine.canTransition(row.state, to)) {
      return fail('IllegalTransition', 'ILLEGAL_TRANSITION', `${customsMachine.name} cannot move from ${row.state} to ${to}.`, { from: row.state, to });
    }
    const updated = await repo.updateState(tx, row.shipmentId, expectedVersion, to, this.clock.now(), { paidMinorDelta: opts.paidMinorDelta });
    if (!updated) {
      const [current] = await repo.findDeclarations(tx, {}, [row.shipmentId]);
      return conflict(current ?? row, expectedVersion);
    }
    await this.record(tx, [{ row, from: row.state, to }], actor, {
      requestId: opts.requestId,
      reason: () => opts.reason ?? null,
      action: opts.action,
      auditExtra: () => opts.auditExtra ?? {},
    });
    const [after] = await repo.findDeclarations(tx, {}, [row.shipmentId]);
    return typed(after, 'CustomsDeclaration');
  }
}

/** Runs fn in a transaction and rolls back when it returns a failure, so nothing is written. */
export function inDecisionTransaction<T extends object>(db: Database, fn: (tx: Queryable) => Promise<T | TransitionFailure>): Promise<T | TransitionFailure> {
  return inTransaction(db, fn, (r): r is TransitionFailure => isFailure(r));
}

export function conflict(row: DeclarationRow, expectedVersion: number): VersionConflict {
  return fail('VersionConflict', 'CONFLICT', `The declaration changed: you expected version ${expectedVersion}, it is at version ${row.version} (${row.state}). Reload it and decide again.`, {
    expectedVersion,
    currentVersion: row.version,
    currentState: row.state,
  });
}

