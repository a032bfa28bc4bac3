import { renderSummary, type DisputeState, type SummaryRow } from '../../cards/audit-summary.js';
import { formatDate } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS, type Audit, type GradeRecord } from '../../workflow/audit.js';
import { scopeLabel, scopesOf } from '../../workflow/audit-tools/audit-tool.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { canSeeRationale } from '../../workflow/audit-trail.js';
import { mayDispute, openDispute } from '../../workflow/disputes.js';
import { GRADE_LABELS } from '../../workflow/grades.js';
import { changeDiscussion } from '../../workflow/moderation/moderation-result.js';
import { liveBooking, reflectiveSummary } from '../../workflow/meeting/meeting.js';
import { meetingRef } from './meeting-view.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';
import { optional } from './review-view.js';
import { panelDecisionText } from './panel-text.js';
import { feedbackFollowUpText } from './family-feedback-view.js';

export interface SummaryState {
  readonly disputing?: boolean;
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  readonly banner?: string;
}

/** "Good", or every step the grade went through: "Good → Requires Improvement (moderated)". */
function gradeLine(record: GradeRecord): string {
  const steps = [GRADE_LABELS[record.original]];
  if (record.moderated && record.moderated !== record.original) steps.push(`${GRADE_LABELS[record.moderated]} (moderated)`);
  if (record.decided && record.decided !== (record.moderated ?? record.original)) steps.push(`${GRADE_LABELS[record.decided]} (dispute decision)`);
  return steps.join(' → ');
}

/** The read-only record of a submitted audit, as this viewer may see it; for the TM and SM, the dispute form. */
export function summaryView(v: ViewContext, audit: Audit, state: SummaryState = {}): AdaptiveCard {
  const tool = toolFor(audit, v.profile);
  const submitted = audit.review?.submitted;
  const actions = audit.actions ?? [];
  const zone = zoneOf(v);
  const decisions = audit.moderation?.outcome?.decisions ?? {};
  const rows: SummaryRow[] = scopesOf(tool).map((scope) => {
    const record = audit.grades?.[scope];
    const moderatorReason = decisions[scope]?.reason;
    const decided = [...(audit.disputes ?? [])].reverse().find((d) => d.scope === scope && d.decision);
    return {
      label: scopeLabel(tool, scope),
      grades: record ? gradeLine(record) : 'Not graded yet',
      rationales: [
        ...(submitted?.grades[scope] ? [`Reviewer: ${submitted.grades[scope]!.rationale}`] : []),
        ...(moderatorReason ? [`Moderator: ${moderatorReason}`] : []),
        ...(decided?.decision ? [`Dispute decision: ${decided.decision.reason}`] : []),
      ],
    };
  });

  const feedback = submitted?.familyFeedback;
  const feedbackText = !feedback
    ? submitted
      ? 'Not recorded: the audit tool does not require it.'
      : ''
    : feedback.obtained
      ? `Obtained: ${feedback.summary}`
      : `Not possible: ${feedback.whyNot} Existing feedback found: ${feedback.whereFound} Plan: ${feedback.plan} (by ${formatDate(feedback.planBy, zone)}).${feedbackFollowUpText(v, audit)}`;

  const moderated = audit.moderation?.outcome !== undefined;
  const canDispute = audit.status === 'finalised' && moderated && mayDispute(audit, v.viewerId);
  const disputeState: DisputeState = canDispute ? (state.disputing ? 'disputing' : 'can') : 'none';
  const open = openDispute(audit);
  const lastDecided = [...(audit.disputes ?? [])].reverse().find((d) => d.decision);
  const disputeOutcome = open
    ? `A grade (${scopeLabel(tool, open.scope)}) is disputed and waiting for a decision.`
    : lastDecided?.decision
      ? `Dispute on ${scopeLabel(tool, lastDecided.scope)}: ${lastDecided.decision.outcome === 'upheld' ? 'the moderated grade stands' : `changed to ${GRADE_LABELS[lastDecided.decision.grade]}`}. This decision is final.`
      : undefined;

  const title = audit.status === 'finalised' || audit.status === 'disputed' ? `Audit result · case ${audit.caseRef}` : `Audit submitted · case ${audit.caseRef}`;
  const moderation = audit.moderation;
  const subtitle = [
    STATUS_LABELS[audit.status],
    audit.moderatorId ? `moderator ${nameIn(v, audit.moderatorId)}` : undefined,
    moderation?.dueDate && !moderated ? `moderation due ${formatDate(moderation.dueDate, zone)}` : undefined,
    audit.sampling && !audit.sampling.sampled ? audit.sampling.reason : undefined,
    `reviewer ${nameIn(v, audit.reviewerId)}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return renderSummary({
    title,
    subtitle,
    ...optional('banner', state.banner),
    ...optional('message', changeMessage(v, audit)),
    rows,
    showRationale: canSeeRationale(audit, v.viewerId),
    feedback: feedbackText,
    goodPractice: submitted?.goodPractice ?? '',
    ...optional('meetingNotHeld', submitted?.meetingNotHeld),
    partnerInputs: (audit.partnerInputs ?? []).map((p) => `${p.agency} · ${p.role}: ${p.input}`),
    ...optional('reflectiveMeeting', reflectiveLine(v, audit)),
    // Its organiser opens the meeting card from here, while the meeting is still wanted.
    ...(audit.meetings?.reflective && v.viewerId === audit.reviewerId && !audit.inadequate?.stopped
      ? { reflectiveRef: meetingRef(v, audit, 'reflective') }
      : {}),
    ...optional('panelDecision', audit.moderation?.outcome?.panel ? panelDecisionText(v, audit.moderation.outcome.panel) : undefined),
    actions: actions.map((a, i) => `${i + 1}. ${a.description} (${nameIn(v, a.ownerId)}, due ${formatDate(a.dueDate, zone)}${a.remedial ? ', remedial' : ''})`),
    disputeState,
    disputeChoices: scopesOf(tool).map((scope) => ({ title: `${scopeLabel(tool, scope)}: ${audit.grades?.[scope] ? GRADE_LABELS[audit.grades[scope]!.final] : ''}`, value: scope })),
    ...optional('disputeTarget', state.values?.['dispute.scope']),
    ...optional('disputeTargetError', state.errors?.['dispute.scope']),
    ...optional('disputeReason', state.values?.['dispute.reason']),
    ...optional('disputeReasonError', state.errors?.['dispute.reason']),
    ...optional('disputeOutcome', disputeOutcome),
    ref: v.signer.audit('summary', audit.id, audit.round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function summaryCard(s: Services, audit: Audit, viewerId: string, state: SummaryState = {}): Promise<AdaptiveCard> {
  return summaryView(await readViewContext(s, viewerId), audit, state);
}

/**
 * The Reflective Practice & Action Meeting in one line, with who booked it and when (WS-39):
 * "Reflective Practice & Action Meeting Wed 9 Dec, 10:00–11:00 · booked by Alex Morgan on Tue 1 Dec 2026".
 */
function reflectiveLine(v: ViewContext, audit: Audit): string | undefined {
  const zone = zoneOf(v);
  const summary = reflectiveSummary(audit, zone);
  if (!summary) return undefined;
  const booking = liveBooking(audit, 'reflective');
  return booking ? `${summary.text} · booked by ${nameIn(v, booking.bookedBy)} on ${formatDate(booking.bookedAt, zone)}` : summary.text;
}

/** Who talks a changed grade through, told to each side (BCP: the reviewing manager; West Sussex: the moderator). */
function changeMessage(v: ViewContext, audit: Audit): string | undefined {
  const talk = changeDiscussion(audit, v.profile);
  if (!talk) return undefined;
  if (v.viewerId === talk.by && talk.with.length > 0) {
    return `A grade was changed at moderation. Please discuss it with ${new Intl.ListFormat('en-GB').format(talk.with.map((id) => nameIn(v, id)))}.`;
  }
  if (!talk.with.includes(v.viewerId)) return undefined;
  return v.viewerId === audit.practitionerId && talk.by === audit.teamManagerId
    ? 'A grade was changed at moderation. Your team manager will discuss it with you.'
    : `A grade was changed at moderation. ${nameIn(v, talk.by)} will discuss it with you.`;
}
