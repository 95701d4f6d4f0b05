import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Database } from '../../db/database.js';
import type { JobDefinition } from '../../platform/jobs.js';
import * as repo from './history.repository.js';

/** The append-only tables partitioned by month (migrations 0035, 0056 and 0079). */
export const HISTORY_TABLES = ['tracking_events', 'audit_log', 'outbox_messages', 'webhook_delivery_attempts', 'carrier_events', 'customs_addressee_declarations'] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/**
 * Months of each history kept attached; null keeps it for ever. docs/scale-out.md explains the
 * choices: tracking as long as a buyer or a claim may ask, the audit log until an operator sets its
 * legal period, outbound messages and delivery attempts long after any retry has ended.
 */
export const DEFAULT_RETENTION_MONTHS: Record<HistoryTable, number | null> = {
  tracking_events: 24,
  audit_log: null,
  outbox_messages: 3,
  webhook_delivery_attempts: 3,
  // As long as the tracking they feed; their idempotency keys stay in carrier_event_keys for ever.
  carrier_events: 24,
  // Customs' addressee window on a cluster: read back to the start of the UTC calendar year (China's
  // annual CBEC limit) or the split-shipment window, whichever is earlier; 12 months covers both
  // while that window (24 hours in seed/risk-rules.json) stays under 11 months.
  customs_addressee_declarations: 12,
};

export interface HistoryConfig {
  /** Whole months of partitions kept ready beyond the current one. */
  monthsAhead: number;
  retentionMonths: Record<HistoryTable, number | null>;
  /** Where detached partitions are exported, one NDJSON file each, before they are dropped. */
  archiveDir: string;
  every: string;
  now?: () => Date;
}

export interface ArchivedPartition {
  table: HistoryTable;
  partition: string;
  rows: number;
  file: string;
}

const EXPORT_PAGE = 5_000;

function monthStart(date: Date, monthsLater: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthsLater, 1));
}

/** Keeps monthly partitions created ahead, and detaches, exports and drops the expired ones. */
export class HistoryPartitions {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly config: HistoryConfig,
  ) {
    this.now = config.now ?? (() => new Date());
  }

  jobs(): JobDefinition[] {
    return [{ name: 'history.partitions', every: this.config.every, run: () => this.maintain() }];
  }

  async maintain(): Promise<Record<string, unknown>> {
    const created = await this.createAhead();
    const archived = await this.archiveExpired();
    return { created, archived: archived.map((a) => `${a.partition} (${a.rows} rows)`) };
  }

  /** Partitions for this month through monthsAhead months on, where missing; how many were made. */
  async createAhead(): Promise<number> {
    const now = this.now();
    let made = 0;
    for (const table of HISTORY_TABLES) {
      made += await repo.createMonthPartitions(this.db, table, monthStart(now, 0), monthStart(now, this.config.monthsAhead));
    }
    return made;
  }

  /**
   * Every partition whose rows are all older than its table's retention (upper bound at or before
   * the first day of the month `retention` months back) is detached, written to the archive
   * directory as NDJSON, and dropped. A crash in between leaves the table detached under its own
   * name (and a `.partial` file): docs/scale-out.md says how to finish by hand.
   */
  async archiveExpired(): Promise<ArchivedPartition[]> {
    const archived: ArchivedPartition[] = [];
    for (const table of HISTORY_TABLES) {
      const months = this.config.retentionMonths[table];
      if (months === null) continue;
      const cutoff = monthStart(this.now(), -months);
      for (const partition of await repo.partitionsOf(this.db, table)) {
        if (!partition.upperBound || partition.upperBound > cutoff) continue;
        await repo.detachPartition(this.db, table, partition.name);
        archived.push({ table, partition: partition.name, ...(await this.exportAndDrop(table, partition.name)) });
      }
    }
    return archived;
  }

  private async exportAndDrop(table: HistoryTable, partition: string): Promise<{ rows: number; file: string }> {
    const dir = path.join(this.config.archiveDir, table);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${partition}.ndjson`);
    const out = createWriteStream(`${file}.partial`);
    let rows = 0;
    let after = '(0,0)';
    for (;;) {
      const page = await repo.partitionRows(this.db, partition, after, EXPORT_PAGE);
      if (page.length === 0) break;
      if (!out.write(page.map((r) => `${r.json}\n`).join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      rows += page.length;
      after = page[page.length - 1].tid;
    }
    out.end();
    await finished(out);
    await rename(`${file}.partial`, file);
    await repo.dropTable(this.db, partition);
    return { rows, file };
  }
}
