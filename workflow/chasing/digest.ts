/**
 * A manager's daily digest: one card a working day listing their team's overdue and due-soon actions and the
 * ones marked done waiting for their sign-off, instead of a message per action. It is its own small document
 * (one per manager and day, so creating it twice is a no-op) holding the one message; the card is rendered from
 * the audits as they stand when it is sent.
 */
import type { HasOutbox } from '../outbox.js';
import { enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';
import { addDays, DEFAULT_TIME_ZONE } from '../dates.js';
import { ZonedTime } from '../scheduling/zoned-time.js';

export interface Digest extends HasOutbox {
  readonly id: string;
  readonly tenantId: string;
  readonly type: 'digest';
  readonly managerId: PersonId;
  /** YYYY-MM-DD, the authority's zone. */
  readonly date: string;
  readonly createdAt: string;
}

export function digestId(managerId: PersonId, date: string): string {
  return `digest-${date}-${managerId}`;
}

/** The day's digest for a manager, its card due at `notBefore` (their morning) or at once. */
export function newDigest(input: { tenantId: string; managerId: PersonId; date: string; at: string; notBefore?: string }): Digest {
  const digest: Digest = {
    id: digestId(input.managerId, input.date),
    tenantId: input.tenantId,
    type: 'digest',
    managerId: input.managerId,
    date: input.date,
    createdAt: input.at,
    outbox: [],
  };
  return enqueue(
    digest,
    {
      key: `digest:${input.date}:${input.managerId}`,
      kind: 'digest',
      to: input.managerId,
      // The day's news: held past its day (the manager had no chat yet), it is dropped; tomorrow's replaces it.
      expiresAt: new Date(new ZonedTime().startOfDay(addDays(input.date, 1), DEFAULT_TIME_ZONE)).toISOString(),
      ...(input.notBefore ? { notBefore: input.notBefore } : {}),
    },
    input.at,
  );
}
