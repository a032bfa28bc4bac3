import type { AuditAction } from './actions.js';
import type { AuditToolSnapshot, ScopeId } from './audit-tools/audit-tool.js';
import type { Dispute } from './dispute-record.js';
import { IllegalTransition, NotPermitted, StaleCard } from './errors.js';
import type { Grade } from './grades.js';
import type { PartnerInput } from './review/partner-input-record.js';
import type { Meeting } from './meeting/meeting-record.js';
import type { ModerationState } from './moderation/moderation-record.js';
import type { SamplingRecord } from './moderation/sampling.js';
import type { PersonId } from './people.js';
import type { OutboxMessage } from './outbox.js';
import type { ReviewState, SelfAssessment } from './review/review-record.js';
import type { InadequatePathway } from './chasing/inadequate-pathway.js';
import type { ImmediateConcern } from './concerns/concern-record.js';
import type { FamilyFeedbackFollowUp } from './review/family-feedback-record.js';
import type { FollowUp } from './chasing/follow-up-record.js';

export const CHILD_STATUSES = ['CIN', 'CP', 'CLA', 'Care leaver', 'Early help'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

/**
 * Lifecycle from QA-DOMAIN.md: allocated → accepted (or declined → allocated again) → [meetingBooked] →
 * inReview (the reviewer's first saved draft) → submitted → awaitingModeration (sampled) → moderated →
 * finalised, or submitted → finalised (not sampled); finalised → disputed → finalised; plus withdrawn.
 * `submitted` and `moderated` are passed through within one write and recorded in the history.
 */
export const AUDIT_STATUSES = [
  /** A re-audit waiting for its date (chasing/reaudit.ts); it then goes out as an allocation. */
  'scheduled',
  'allocated',
  'accepted',
  'declined',
  'meetingBooked',
  'inReview',
  'submitted',
  'awaitingModeration',
  'moderated',
  'finalised',
  'disputed',
  'withdrawn',
] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const STATUS_LABELS: Record<AuditStatus, string> = {
  scheduled: 'Re-audit scheduled',
  allocated: 'Allocated, waiting for the reviewer',
  accepted: 'Accepted',
  declined: 'Declined, waiting for reallocation',
  meetingBooked: 'Meeting booked',
  inReview: 'In review',
  submitted: 'Submitted',
  awaitingModeration: 'Awaiting moderation',
  moderated: 'Moderated',
  finalised: 'Finalised',
  disputed: 'Disputed, waiting for a decision',
  withdrawn: 'Withdrawn',
};

/** Each status in the words a refusal uses: "An audit that is awaiting moderation cannot be …". */
export const STATUS_WORDS: Record<AuditStatus, string> = {
  scheduled: 'scheduled for re-audit',
  allocated: 'allocated',
  accepted: 'accepted',
  declined: 'declined',
  meetingBooked: 'booked for its meeting',
  inReview: 'in review',
  submitted: 'submitted',
  awaitingModeration: 'awaiting moderation',
  moderated: 'moderated',
  finalised: 'finalised',
  disputed: 'disputed',
  withdrawn: 'withdrawn',
};

/** One line of the audit trail: who, when, what (`event`, `detail`) and why (`reason`). */
export interface HistoryEntry {
  readonly at: string;
  readonly by: PersonId;
  readonly event: string;
  readonly detail?: string;
  /** Why: a rationale, a reason for a change, a dispute or a decision. Shown only to people with a role on the audit. */
  readonly reason?: string;
}

/** One scope's grades over the audit's life. Every grade ever given is kept; `final` is the one that stands. */
export interface GradeRecord {
  /** The reviewer's grade. */
  readonly original: Grade;
  /** The moderator's grade (equal to `original` when they agreed); absent when not moderated. */
  readonly moderated?: Grade;
  /** The dispute owner's decision, when this grade was disputed and decided. */
  readonly decided?: Grade;
  readonly final: Grade;
}

/** The people with a role on this audit. Rationale and feedback are shown only to them. */
export interface AuditPeople {
  readonly reviewerId: PersonId;
  readonly practitionerId: PersonId;
  readonly teamManagerId: PersonId;
  readonly serviceManagerId: PersonId;
  /** The QA coordinator who loaded the case: declines and delivery problems go back to them. */
  readonly coordinatorId: PersonId;
  /** The moderator assigned on submission, when the audit was sampled. */
  readonly moderatorId?: PersonId;
}

export interface Audit extends AuditPeople {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'collaborative' | 'reaudit';
  /** A re-audit: the Inadequate audit it follows up, and which re-audit of the case it is (1, 2, …). */
  readonly reauditOf?: { readonly auditId: string; readonly number: number };
  /** A scheduled re-audit goes out on this date (YYYY-MM-DD). */
  readonly allocateOn?: string;
  readonly cycle: string;
  readonly caseRef: string;
  readonly serviceArea: string;
  readonly team: string;
  readonly childStatus: ChildStatus;
  readonly restricted: boolean;
  /** YYYY-MM-DD, the cycle's deadline under the policy profile. */
  readonly dueDate: string;
  readonly status: AuditStatus;
  /** Increases with every (re)allocation, so a card from an earlier allocation is recognisably stale. */
  readonly round: number;
  readonly acceptedAt?: string;
  readonly declineReason?: string;
  readonly previousReviewerIds: readonly PersonId[];
  readonly history: readonly HistoryEntry[];
  readonly outbox: readonly OutboxMessage[];
  /**
   * When the outbox's earliest message is due (ISO; see `nextDeliveryAt` in outbox.ts), absent when none is.
   * Indexed so the delivery sweep reads only audits with something due now, earliest first.
   */
  readonly nextDeliveryAt?: string;
  /** A fingerprint of the case-list row, so reloading the same file is recognised as "already loaded". */
  readonly sourceFingerprint: string;
  /** The audit tool (id, version, domains) this audit was started with, recorded on the reviewer's first save. */
  readonly tool?: AuditToolSnapshot;
  /** The collaborative meeting: times offered, the booked Teams meeting, responses (workflow/meeting/). */
  readonly meeting?: Meeting;
  /**
   * The audit's other meetings, by kind (meeting/meeting-record.ts): the Reflective Practice & Action Meeting the
   * Inadequate pathway asks for where the profile holds one. Kept apart from `meeting` so the collaborative
   * meeting, and everything that reads it (the Submit gate, "my audits"), is untouched by it.
   */
  readonly meetings?: { readonly reflective?: Meeting };
  /** The practitioner's self-assessment, where the profile asks for one before the meeting. */
  readonly selfAssessment?: SelfAssessment;
  /** Multi-agency audits: what each partner agency contributed, recorded by the reviewer (review/partner-input.ts). */
  readonly partnerInputs?: readonly PartnerInput[];
  /** The reviewer's record: the draft as typed, and what was submitted. */
  readonly review?: ReviewState;
  /** By scope (domain id or `overall`), from submission on. */
  readonly grades?: Readonly<Record<ScopeId, GradeRecord>>;
  /** SMART actions set by the reviewer and the moderator. */
  readonly actions?: readonly AuditAction[];
  /** Whether the audit was sampled for moderation, and why (reproducible from `ordinal` and `seed`). */
  readonly sampling?: SamplingRecord;
  readonly moderation?: ModerationState;
  /** Disputes of moderated grades, oldest first; at most one is open (status `disputed`). */
  readonly disputes?: readonly Dispute[];
  readonly finalisedAt?: string;
  /** Immediate safeguarding concerns raised by the reviewer or moderator, oldest first (concerns/). */
  readonly concerns?: readonly ImmediateConcern[];
  /** The Inadequate pathway: the written notice and its acknowledgements, SM assurance, the re-audit, escalation. */
  readonly inadequate?: InadequatePathway;
  /**
   * Family feedback not obtained at submission: the reviewer's later answers to the plan (a new date, or the feedback
   * obtained), chased on the plan's date where the profile says so (review/family-feedback.ts).
   */
  readonly familyFeedbackFollowUp?: FamilyFeedbackFollowUp;
  /** The follow-up of a finalised audit by the SW Academy, where the profile names its grades (chasing/follow-up.ts). */
  readonly followUp?: FollowUp;
  /**
   * When the chase sweep next has something to do for this audit (ISO): a reminder, a rung of the ladder, the
   * manager's digest, a notice deadline or a re-audit date. Absent when nothing is left to chase, so the sweep's
   * range query reads only audits that need it (see chasing/chase-audit.ts).
   */
  readonly nextChaseAt?: string;
}

export function auditId(cycle: string, caseRef: string): string {
  return `a-${cycle}-${caseRef}`;
}

export function rolesOn(audit: AuditPeople, personId: PersonId): string[] {
  const roles: string[] = [];
  if (audit.reviewerId === personId) roles.push('reviewer');
  if (audit.practitionerId === personId) roles.push('practitioner');
  if (audit.teamManagerId === personId) roles.push('teamManager');
  if (audit.serviceManagerId === personId) roles.push('serviceManager');
  if (audit.coordinatorId === personId) roles.push('qaCoordinator');
  if (audit.moderatorId !== undefined && audit.moderatorId === personId) roles.push('moderator');
  return roles;
}

export function requireStatus(audit: Audit, allowed: readonly AuditStatus[], attempted: string): void {
  if (!allowed.includes(audit.status)) throw new IllegalTransition(STATUS_WORDS[audit.status], attempted);
}

/** A card carries the round it was rendered for; acting on an older round changes nothing. */
function requireRound(audit: Audit, round: number): void {
  if (round !== audit.round) {
    throw new StaleCard(`This card is out of date: case ${audit.caseRef} has been reallocated since it was sent.`);
  }
}

function requireReviewer(audit: Audit, actorId: PersonId, action: string): void {
  if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, action);
}

export function accept(audit: Audit, actorId: PersonId, round: number, at: string): Audit {
  // Round first: a previous reviewer pressing their old card learns it was reallocated, not "not yours".
  requireRound(audit, round);
  requireReviewer(audit, actorId, 'accept an audit allocated to someone else');
  requireStatus(audit, ['allocated'], 'accepted');
  return {
    ...audit,
    status: 'accepted',
    acceptedAt: at,
    history: [...audit.history, { at, by: actorId, event: 'accepted' }],
  };
}

export function decline(audit: Audit, actorId: PersonId, round: number, reason: string, at: string): Audit {
  // Round first: a previous reviewer pressing their old card learns it was reallocated, not "not yours".
  requireRound(audit, round);
  requireReviewer(audit, actorId, 'decline an audit allocated to someone else');
  requireStatus(audit, ['allocated'], 'declined');
  return {
    ...audit,
    status: 'declined',
    declineReason: reason,
    history: [...audit.history, { at, by: actorId, event: 'declined', detail: reason }],
  };
}

export function reallocate(audit: Audit, actorId: PersonId, round: number, newReviewerId: PersonId, at: string): Audit {
  requireRound(audit, round);
  requireStatus(audit, ['declined'], 'reallocated');
  return {
    ...audit,
    status: 'allocated',
    reviewerId: newReviewerId,
    round: audit.round + 1,
    declineReason: undefined,
    acceptedAt: undefined,
    previousReviewerIds: [...audit.previousReviewerIds, audit.reviewerId],
    history: [...audit.history, { at, by: actorId, event: 'reallocated', detail: `from ${audit.reviewerId} to ${newReviewerId}` }],
  };
}

export function withdraw(audit: Audit, actorId: PersonId, reason: string, at: string): Audit {
  requireStatus(audit, ['allocated', 'accepted', 'declined', 'meetingBooked', 'inReview'], 'withdrawn');
  return {
    ...audit,
    status: 'withdrawn',
    history: [...audit.history, { at, by: actorId, event: 'withdrawn', detail: reason }],
  };
}
