import { Agenda, InMemoryNotificationChannel } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { Pool } from 'pg';
import type { Database } from '../../db/database.js';
import type { JobDefinition } from '../jobs.js';
import type { Logger } from '../logger.js';
import { poolOverDatabase } from './database-pool.js';

export interface SchedulerOptions {
  /** How often Agenda looks for due jobs; at most the shortest job interval. */
  processEvery: string;
  /** How long a running job holds its lock. Agenda leaves a timer of half this after each run. */
  lockLifetimeMs: number;
  /** Instance name, stored as lastModifiedBy. */
  name?: string;
}

/**
 * The shared scheduler: runs modules' JobDefinitions on their intervals with Agenda 6 on the
 * application database (jobs in table agenda_jobs), so several Silkgate processes share one
 * schedule and a job runs on one of them at a time. Notifications are in-process (polling every
 * processEvery), which works on PGlite and needs no dedicated LISTEN connection on PostgreSQL.
 */
export class Scheduler {
  private readonly definitions = new Map<string, JobDefinition>();
  private agenda?: Agenda;
  private started = false;
  private readonly waiting = new Map<string, ((summary: Record<string, unknown>) => void)[]>();

  constructor(
    private readonly db: Database,
    private readonly options: SchedulerOptions,
    private readonly logger: Logger,
  ) {}

  register(...jobs: JobDefinition[]): void {
    if (this.started) throw new Error('Register jobs before the scheduler starts.');
    for (const job of jobs) {
      if (this.definitions.has(job.name)) throw new Error(`Job ${job.name} is registered twice.`);
      this.definitions.set(job.name, job);
    }
  }

  get jobNames(): string[] {
    return [...this.definitions.keys()];
  }

  /** Runs one job now, in this process, without Agenda: what tests and operators call. */
  async runNow(name: string): Promise<Record<string, unknown>> {
    const job = this.definitions.get(name);
    if (!job) throw new Error(`No job named ${name}.`);
    return job.run();
  }

  /** Resolves with the summary of the next run Agenda completes of this job (operators and specs wait on it, not on a timer). */
  nextRun(name: string): Promise<Record<string, unknown>> {
    if (!this.definitions.has(name)) return Promise.reject(new Error(`No job named ${name}.`));
    return new Promise((resolve) => this.waiting.set(name, [...(this.waiting.get(name) ?? []), resolve]));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const agenda = new Agenda({
      backend: new PostgresBackend({ pool: poolOverDatabase(this.db) as unknown as Pool, disableNotifications: true }),
      notificationChannel: new InMemoryNotificationChannel(),
      name: this.options.name ?? `silkgate-${process.pid}`,
      processEvery: this.options.processEvery,
      defaultLockLifetime: this.options.lockLifetimeMs,
      defaultConcurrency: 1,
    });
    agenda.on('error', (error) => this.logger.error({ err: error }, 'scheduler error'));
    for (const job of this.definitions.values()) {
      agenda.define(
        job.name,
        async () => {
          const started = Date.now();
          try {
            const summary = await job.run();
            this.logger.info({ job: job.name, ms: Date.now() - started, ...summary }, 'job done');
            const waiting = this.waiting.get(job.name) ?? [];
            this.waiting.delete(job.name);
            for (const resolve of waiting) resolve(summary);
          } catch (error) {
            this.logger.error({ job: job.name, err: error }, 'job failed');
            throw error;
          }
        },
        { concurrency: 1 },
      );
    }
    await agenda.start();
    for (const job of this.definitions.values()) await agenda.every(job.every, job.name);
    this.agenda = agenda;
    this.logger.info({ jobs: this.jobNames, processEvery: this.options.processEvery }, 'scheduler started');
  }

  /** Lets running jobs finish (up to the lock lifetime), then stops polling. */
  async stop(): Promise<void> {
    const agenda = this.agenda;
    this.agenda = undefined;
    if (!agenda) return;
    await agenda.drain({ timeout: this.options.lockLifetimeMs });
  }
}
