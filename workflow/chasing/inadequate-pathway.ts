/** The Inadequate pathway as recorded on an audit (the rules are in inadequate.ts). */
import type { Grade } from '../grades.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';

export type NoticeRole = PolicyProfile['inadequate']['noticeTo'][number];

export interface NoticeRecipient {
  readonly personId: PersonId;
  readonly role: NoticeRole;
  readonly acknowledgedAt?: string;
}

export interface InadequatePathway {
  /** 1 for a first Inadequate, 2 when its re-audit is Inadequate again, and so on. */
  readonly level: number;
  readonly since: string;
  /** Everyone must have acknowledged the notice by then (ISO), or QA is alerted. */
  readonly noticeDueBy: string;
  readonly recipients: readonly NoticeRecipient[];
  readonly qaAlertedAt?: string;
  /** The SM's assurance about the child's safety, when the profile asks for one. */
  readonly assurance?: {
    readonly required: true;
    readonly at?: string;
    readonly by?: PersonId;
    readonly text?: string;
    /** When it is due (ISO), where the profile sets a deadline; and when the SM and QA were told it was late. */
    readonly dueBy?: string;
    readonly chasedAt?: string;
  };
  /** Who the repeated Inadequate was escalated to (level ≥ 2). */
  readonly escalation?: { readonly role: 'assistantDirector' | 'executiveDirector'; readonly to: readonly PersonId[]; readonly at: string };
  /** The follow-up re-audit, once scheduled. */
  readonly reaudit?: { readonly auditId: string; readonly allocateOn: string };
  /**
   * Set while the overall grade is no longer Inadequate (moderated or decided otherwise): nobody is chased, no
   * re-audit or escalation follows, and the notice says so.
   */
  readonly stopped?: { readonly at: string; readonly by: PersonId; readonly how: RegradedBy; readonly grade: Grade };
  /** How many times the notices were updated in place (each update has its own outbox key). */
  readonly updates?: number;
}

/** What changed the overall grade after the notice went. */
export type RegradedBy = 'moderation' | 'dispute';
