/** What the jobs log: one event name and a few fields. */
export interface SweepLog {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}
