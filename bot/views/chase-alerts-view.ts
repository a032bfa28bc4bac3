import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderInfo } from '../../cards/info.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS, type Audit } from '../../workflow/audit.js';
import { actionManager, findAction } from '../../workflow/chasing/action-lifecycle.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { unacknowledged } from '../../workflow/chasing/inadequate.js';
import { awaitingSubmission } from '../../workflow/chasing/chase-audit.js';
import { findConcern, unacknowledgedOf } from '../../workflow/concerns/immediate-concern.js';
import { overdueDays } from '../../workflow/chasing/ladder.js';
import { localDate } from '../../workflow/dates.js';
import type { OutboxMessage } from '../../workflow/outbox.js';
import { ROLE_LABELS } from '../../workflow/people.js';
import { GRADE_LABELS } from '../../workflow/grades.js';
import { openFeedbackPlan } from '../../workflow/review/family-feedback.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, type ViewContext } from './view-context.js';

/**
 * Notices of the chase that ask nothing of the reader but attention: an escalation to a service manager or head
 * of service, the owner's answer to a request for more time, QA's alert that a notice is unacknowledged, and a
 * director's escalation of a repeated Inadequate. Case references and people only; never rationale.
 */
export function chaseAlertView(v: ViewContext, message: OutboxMessage, audit: Audit): AdaptiveCard {
  switch (message.kind) {
    case 'action-escalation': {
      const action = findAction(audit, message.about ?? '');
      const { ladder, calendar } = chaseSettings(v.profile);
      const days = overdueDays(action.dueDate, localDate(v.now), ladder, calendar);
      const managerId = actionManager(audit, action);
      return renderInfo({
        title: `Overdue action escalated to you · case ${audit.caseRef}`,
        lines: [
          `“${action.description}”`,
          `Owner: ${nameIn(v, action.ownerId)} · due ${formatDate(action.dueDate)}${days > 0 ? ` · ${days} working day${days === 1 ? '' : 's'} overdue` : ''}.`,
          managerId === message.to
            ? 'It is in your daily digest too. Please raise it in supervision.'
            : `${nameIn(v, managerId)} has it in their daily digest. Please raise it in supervision.`,
        ],
        tone: 'warning',
      });
    }
    case 'extension-decision': {
      const action = findAction(audit, message.about ?? '');
      // The key names the request: `extension-decision:<action>:<request id>`.
      const request = action.extensions?.find((e) => e.id === message.requestId) ?? [...(action.extensions ?? [])].reverse().find((e) => e.decision);
      const who = nameIn(v, request?.decision?.by);
      const approved = request?.decision?.approved ?? false;
      return renderInfo({
        title: approved ? `More time agreed · case ${audit.caseRef}` : `More time not agreed · case ${audit.caseRef}`,
        lines: [
          `“${action.description}”`,
          approved ? `${who} agreed: it is now due ${formatDate(action.dueDate)}.` : `${who} kept the due date: it is still due ${formatDate(action.dueDate)}. Talk to them if it cannot be done.`,
        ],
        tone: approved ? 'good' : 'warning',
      });
    }
    case 'inadequate-unacknowledged': {
      const pathway = audit.inadequate!;
      const waiting = unacknowledged(pathway);
      return renderInfo({
        title: `Inadequate notice not acknowledged · case ${audit.caseRef}`,
        lines: [
          `The written notice of the Inadequate grade was sent at ${formatDateTime(pathway.since)}. By ${formatDateTime(pathway.noticeDueBy)} these people had not acknowledged it:`,
          ...waiting.map((r) => `• ${nameIn(v, r.personId)} (${ROLE_LABELS[r.role]})`),
          waiting.length === 0 ? 'Everyone has acknowledged it since.' : 'Please follow it up with them directly.',
        ],
        tone: 'attention',
      });
    }
    case 'reaudit-escalation': {
      const pathway = audit.inadequate!;
      return renderInfo({
        title: `Repeated Inadequate escalated to you · case ${audit.caseRef}`,
        lines: [
          `The audit of case ${audit.caseRef} has been graded Inadequate ${pathway.level} times in a row (latest: ${audit.kind === 'reaudit' ? `re-audit ${audit.reauditOf?.number}` : 'the audit'} of cycle ${audit.cycle}).`,
          `The written notice went to ${pathway.recipients.map((r) => ROLE_LABELS[r.role].toLowerCase()).join(', ')}; remedial actions are due within ${v.profile.inadequate.remedialActionDays} days and the case stays on re-audit until it is no longer Inadequate.`,
        ],
        tone: 'attention',
      });
    }
    case 'assurance-overdue': {
      const assurance = audit.inadequate?.assurance;
      const recorded = assurance?.text !== undefined;
      return renderInfo({
        title: `Assurance not recorded · case ${audit.caseRef}`,
        lines: recorded
          ? [`${nameIn(v, audit.serviceManagerId)} has recorded their assurance about the child's safety since.`]
          : [
              `${nameIn(v, audit.serviceManagerId)} has not recorded their assurance about the child's safety after the Inadequate grade${assurance?.dueBy ? `, due by ${formatDateTime(assurance.dueBy)}` : ''}.`,
              'They have been asked again. Please follow it up with them.',
            ],
        tone: recorded ? 'good' : 'attention',
      });
    }
    case 'notice-recipient-missing': {
      const roles = (message.about ?? '').split(',').filter(Boolean) as (keyof typeof ROLE_LABELS)[];
      return renderInfo({
        title: `Inadequate notice: nobody to send it to · case ${audit.caseRef}`,
        lines: [
          `The written notice of the Inadequate grade should go to the case's ${roles.map((r) => ROLE_LABELS[r].toLowerCase()).join(' and ')}, but nobody holds that role in the directory for this case.`,
          'Please send it to the right person yourself, and correct the directory (their line manager) so it goes next time.',
        ],
        tone: 'attention',
      });
    }
    case 'concern-unacknowledged': {
      const concern = findConcern(audit, message.about ?? '');
      const waiting = unacknowledgedOf(concern);
      return renderInfo({
        title: `Safeguarding concern not acknowledged · case ${audit.caseRef}`,
        lines: [
          `${nameIn(v, concern.raisedBy)} raised an immediate safeguarding concern at ${formatDateTime(concern.at)}. By ${formatDateTime(concern.dueBy)} these people had not acknowledged it:`,
          ...waiting.map((r) => `• ${nameIn(v, r.personId)} (${ROLE_LABELS[r.role]})`),
          waiting.length === 0 ? 'Everyone has acknowledged it since.' : 'Please make sure it is being acted on.',
        ],
        tone: 'attention',
      });
    }
    case 'audit-overdue': {
      const submitted = !awaitingSubmission(audit);
      const toReviewer = message.to === audit.reviewerId;
      return renderInfo({
        title: `Audit overdue · case ${audit.caseRef}`,
        lines: submitted
          ? [`The audit of case ${audit.caseRef} was due ${formatDate(audit.dueDate)}. It has been submitted since.`]
          : toReviewer
            ? [`Your audit of case ${audit.caseRef} was due ${formatDate(audit.dueDate)} and is not submitted yet.`, `Type "audit ${audit.caseRef}" to open it, or tell QA if you cannot finish it.`]
            : [`${nameIn(v, audit.reviewerId)} has not submitted the audit of case ${audit.caseRef}, due ${formatDate(audit.dueDate)} (${STATUS_LABELS[audit.status].toLowerCase()}).`, 'They have been reminded. Please follow it up, or reallocate it.'],
        tone: submitted ? 'good' : 'attention',
      });
    }
    case 'family-feedback-overdue': {
      const recorded = audit.familyFeedbackFollowUp?.obtained;
      const plan = openFeedbackPlan(audit);
      return renderInfo({
        title: `Family feedback not recorded · case ${audit.caseRef}`,
        lines: recorded
          ? [`${nameIn(v, audit.reviewerId)} has recorded the family's feedback on case ${audit.caseRef} since.`]
          : [
              `When the audit of case ${audit.caseRef} was submitted, family feedback could not be obtained. ${nameIn(v, audit.reviewerId)} planned to obtain it by ${plan ? formatDate(plan.planBy) : 'an earlier date'}, and has not recorded it yet.`,
              'They were asked for it on that date. Please follow it up with them (the plan is on the audit: type "audit ' + audit.caseRef + '").',
            ],
        tone: recorded ? 'good' : 'attention',
      });
    }
    case 'follow-up-recipient-missing': {
      const rule = v.profile.followUp;
      const role = rule ? ROLE_LABELS[rule.by] : 'follow-up';
      return renderInfo({
        title: `Follow-up: nobody to send it to · case ${audit.caseRef}`,
        lines: [
          `The audit of case ${audit.caseRef} was finalised${audit.followUp ? ` as ${GRADE_LABELS[audit.followUp.grade]}` : ''}, so the ${role} should review it and track its practice recommendations, but nobody holds the ${role} role in the directory.`,
          `Please pass it to them yourself, and add the ${role} role to the right people so it goes next time.`,
        ],
        tone: 'attention',
      });
    }
    case 'moderation-overdue': {
      const moderation = audit.moderation;
      const done = audit.status !== 'awaitingModeration';
      return renderInfo({
        title: `Moderation overdue · case ${audit.caseRef}`,
        lines: [
          `The moderation by ${nameIn(v, audit.moderatorId)} was due ${moderation?.dueDate ? formatDate(moderation.dueDate) : 'earlier'}${moderation?.urgent ? ' (urgent: graded Inadequate, to be moderated immediately)' : ''}.`,
          done ? 'It has been moderated since.' : 'They have been reminded. Please follow it up, or moderate it another way.',
        ],
        tone: done ? 'good' : 'attention',
      });
    }
    default:
      throw new Error(`chaseAlert cannot render ${message.kind}`);
  }
}

/** Reads what the notice needs once (its reader is the message's recipient), then renders it. */
export async function chaseAlert(s: Services, message: OutboxMessage, audit: Audit): Promise<AdaptiveCard> {
  return chaseAlertView(await readViewContext(s, message.to), message, audit);
}
