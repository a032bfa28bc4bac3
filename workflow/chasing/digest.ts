/**
 * A manager's daily digest: one card a working day listing their team's overdue and due-soon actions and the
 * ones marked done waiting for their sign-off, instead of a message per action. It is its own small document
 * (one per manager and day, so creating it twice is a no-op) holding the one message; the card is rendered from
 * the audits as they stand when it is sent.
 */
import type { HasOutbox } from '../outbox.js';
import { enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';

export interface Digest extends HasOutbox {
  readonly id: string;
  readonly tenantId: string;
  readonly type: 'digest';
  readonly managerId: PersonId;
  /** YYYY-MM-DD, the authority's zone. */
  readonly date: string;
  /**
   * The QA coordinator of the audit that first listed it: who to ask about it. Not told when a digest cannot be
   * delivered (a digest is one day's news; tomorrow's replaces it).
   */
  readonly coordinatorId: PersonId;
  readonly createdAt: string;
}

export function digestId(managerId: PersonId, date: string): string {
  return `digest-${date}-${managerId}`;
}

/** The day's digest for a manager, its card due at `notBefore` (their morning) or at once. */
export function newDigest(input: { tenantId: string; managerId: PersonId; date: string; coordinatorId: PersonId; at: string; notBefore?: string }): Digest {
  const digest: Digest = {
    id: digestId(input.managerId, input.date),
    tenantId: input.tenantId,
    type: 'digest',
    managerId: input.managerId,
    date: input.date,
    coordinatorId: input.coordinatorId,
    createdAt: input.at,
    outbox: [],
  };
  return enqueue(
    digest,
    { key: `digest:${input.date}:${input.managerId}`, kind: 'digest', to: input.managerId, ...(input.notBefore ? { notBefore: input.notBefore } : {}) },
    input.at,
  );
}
