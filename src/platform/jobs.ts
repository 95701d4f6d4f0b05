/**
 * A scheduled job as a module declares it. The scheduler (Agenda 6 on PostgreSQL, see
 * src/platform/scheduler/) runs each definition on its interval; tests call run() directly or
 * through the scheduler. Modules never import Agenda themselves.
 */
export interface JobDefinition {
  /** Stable name, e.g. `customs.green-channel`. */
  name: string;
  /** Interval in Agenda's human form, e.g. `10 seconds`; configurable per deployment. */
  every: string;
  /** One pass of the job; returns a short summary for the log. */
  run(): Promise<Record<string, unknown>>;
}
