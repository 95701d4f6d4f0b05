import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { appendAudit } from '../audit/audit.repository.js';
import * as repo from './customs.repository.js';
import { ESCALATION_ACTOR, GREEN_CHANNEL_ACTOR, type CustomsOptions } from './customs.types.js';
import type { CustomsTransitions } from './transitions.js';

/** Customs' scheduled work: the green channel and the escalation of declarations left under review. */
export class CustomsJobs {
  constructor(
    private readonly db: Database,
    private readonly options: CustomsOptions,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
  ) {}

  /** Green channel: releases GREEN declarations in batches, as system:green-channel, with the same events and audit. */
  async releaseGreen(maxTotal = this.options.greenChannelMaxPerRun): Promise<{ released: number; dutyDue: number; batches: number }> {
    let released = 0;
    let dutyDue = 0;
    let batches = 0;
    while (released + dutyDue < maxTotal) {
      const limit = Math.min(this.options.greenChannelBatch, maxTotal - released - dutyDue);
      const rows = await this.db.transaction(async (tx) => {
        const moved = await repo.releaseGreenBatch(tx, limit, this.clock.now());
        await this.transitions.record(
          tx,
          moved.map((row) => ({ row: { ...row, version: row.version - 1 }, from: 'ASSESSED' as const, to: row.state })),
          GREEN_CHANNEL_ACTOR,
          { reason: () => 'Green lane: released automatically.' },
        );
        return moved;
      });
      batches += 1;
      for (const r of rows) if (r.state === 'DUTY_DUE') dutyDue += 1; else released += 1;
      if (rows.length < limit) break;
    }
    return { released, dutyDue, batches };
  }

  /** Flags declarations under review for longer than the configured time. */
  async escalate(olderThanMinutes = this.options.escalateAfterMinutes): Promise<{ escalated: number }> {
    const flagged = await this.db.transaction(async (tx) => {
      const rows = await repo.escalateStale(tx, olderThanMinutes, this.clock.now());
      await appendAudit(tx, rows.map((r) => ({
        actor: ESCALATION_ACTOR, action: 'customs.escalated', entityType: 'shipment', entityId: r.shipmentId,
        after: { escalated: true, underReviewSince: r.stateChangedAt }, reason: `Under review for more than ${olderThanMinutes} minutes.`,
      })));
      return rows;
    });
    return { escalated: flagged.length };
  }

  definitions(): JobDefinition[] {
    return [
      { name: 'customs.green-channel', every: this.options.greenChannelEvery, run: () => this.releaseGreen() },
      { name: 'customs.escalation', every: this.options.escalationEvery, run: () => this.escalate() },
    ];
  }
}
