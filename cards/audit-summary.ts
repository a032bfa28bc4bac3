import template from './audit-summary.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import type { MeetingRef } from './meeting.js';
import type { Choice } from './review.js';
import { LIMITS } from '../workflow/review/record-paths.js';
import { expand, type AdaptiveCard } from './template.js';

export const SUMMARY_ACTIONS = cardActions(['summary.refresh', 'summary.startDispute', 'summary.dispute'], FormData, { family: 'summary', id: 'auditId' });
export type SummaryVerb = keyof typeof SUMMARY_ACTIONS;

export interface SummaryRow {
  readonly label: string;
  /** "Good", or "Good → Requires improvement (moderated)". */
  readonly grades: string;
  /** Only rendered for people with a role on the audit. */
  readonly rationales: readonly string[];
}

/** `none`: no dispute button for this viewer; `can`: a button; `disputing`: the dispute form. */
export type DisputeState = 'none' | 'can' | 'disputing';

export interface SummaryCardData {
  readonly title: string;
  readonly subtitle: string;
  readonly banner?: string;
  /** A line for this reader, e.g. to the practitioner about a changed grade. */
  readonly message?: string;
  readonly rows: readonly SummaryRow[];
  readonly showRationale: boolean;
  readonly feedback: string;
  readonly goodPractice: string;
  /** Why the mandatory meeting did not take place (people with a role on the audit only, QA among them). */
  readonly meetingNotHeld?: string;
  /** A panel's agreed decision: who took part, its judgement and the learning for the worker (rationale: role holders only). */
  readonly panelDecision?: string;
  /** Multi-agency audits: "Health · Health visitor: what they said" (rationale: role holders only). */
  readonly partnerInputs?: readonly string[];
  /** The Reflective Practice & Action Meeting (WS-39), when one was asked for: when, and who booked it when. */
  readonly reflectiveMeeting?: string;
  /** For its organiser: the meeting card's reference, to open that card from here. */
  readonly reflectiveRef?: MeetingRef;
  readonly actions: readonly string[];
  readonly disputeState: DisputeState;
  readonly disputeChoices: readonly Choice[];
  readonly disputeTarget?: string;
  readonly disputeTargetError?: string;
  readonly disputeReason?: string;
  readonly disputeReasonError?: string;
  readonly disputeOutcome?: string;
  readonly ref: AuditRef;
  readonly refreshUserIds: readonly string[];
}

/** Read-only record of a submitted or finalised audit; also the result card, with the dispute form. */
export function renderSummary(data: SummaryCardData): AdaptiveCard {
  return expand(template, {
    ...data,
    reasonMax: LIMITS.reason,
    action: data.ref,
    reflectiveMeeting: data.reflectiveMeeting ?? '',
    hasReflectiveRef: data.reflectiveRef !== undefined,
    reflectiveRef: data.reflectiveRef ?? {},
    // Bound even when absent: an unbound "${…}" would be left in the inputs as their value.
    disputeTarget: data.disputeTarget ?? '',
    disputeReason: data.disputeReason ?? '',
    rows: data.rows.map((r) => ({ ...r, rationales: data.showRationale ? r.rationales : [] })),
    feedback: data.showRationale ? data.feedback : '',
    goodPractice: data.showRationale ? data.goodPractice : '',
    meetingNotHeld: data.showRationale ? (data.meetingNotHeld ?? '') : '',
    panelDecision: data.showRationale ? (data.panelDecision ?? '') : '',
    partnerInputs: data.showRationale ? (data.partnerInputs ?? []) : [],
  });
}
