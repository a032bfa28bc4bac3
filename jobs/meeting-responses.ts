import { checkMeetingResponses } from '../workflow/use-cases/check-meeting-responses.js';
import type { Audits, Clock } from '../workflow/ports.js';
import type { Calendar } from '../workflow/scheduling/calendar.js';
import type { SweepLog } from './sweep-log.js';

/**
 * Reads attendees' responses to booked meetings every so often. Every instance may run it: recording a
 * response is idempotent and each decline is told to the reviewer once (see check-meeting-responses).
 */
export class MeetingResponsesJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { audits: Audits; calendar: Calendar; clock: Clock },
    private readonly tenantId: string,
    private readonly intervalMs: number,
    private readonly log: SweepLog,
    /** Called when a decline was found, so the reviewer's card goes out at once. */
    private readonly onDecline: () => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runOnce().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async runOnce(): Promise<void> {
    try {
      const result = await checkMeetingResponses(this.deps).execute({ tenantId: this.tenantId });
      if (result.changed > 0 || result.failed.length > 0) this.log.info('meeting-responses', { checked: result.checked, changed: result.changed, declined: result.declined, failed: result.failed.length });
      if (result.declined > 0) this.onDecline();
    } catch (error) {
      this.log.error('meeting-responses-failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
