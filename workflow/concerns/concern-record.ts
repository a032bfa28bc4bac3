/** An immediate safeguarding concern as recorded on an audit (the rules are in immediate-concern.ts). */
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';

export type ConcernRole = PolicyProfile['concerns']['to'][number];

export interface ConcernRecipient {
  readonly personId: PersonId;
  readonly role: ConcernRole;
  readonly acknowledgedAt?: string;
}

export interface ImmediateConcern {
  /** `c1`, `c2`, … on the audit. */
  readonly id: string;
  readonly raisedBy: PersonId;
  readonly at: string;
  readonly reason: string;
  readonly recipients: readonly ConcernRecipient[];
  /** Everyone must have acknowledged it by then (ISO), or QA is alerted. */
  readonly dueBy: string;
  readonly qaAlertedAt?: string;
}
