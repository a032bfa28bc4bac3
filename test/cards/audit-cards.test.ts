import { MAX_PARTNER_INPUTS, PARTNER_LIMITS } from '../../workflow/review/partner-input.js';
import { renderPartnerInput } from '../../cards/partner-input.js';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../cards/audit-summary.js';
import { SUMMARY_FEEDBACK_MAX } from '../../bot/views/family-feedback-view.js';
import { renderDispute } from '../../cards/dispute.js';
import { HISTORY_PAGE_SIZE, renderHistory } from '../../cards/history.js';
import { renderMeeting, type MeetingCardData } from '../../cards/meeting.js';
import { MODERATOR_MAX_ACTIONS, renderModeration } from '../../cards/moderation.js';
import { renderReview, type ActionRowView } from '../../cards/review.js';
import { renderSelfAssessment } from '../../cards/self-assessment.js';
import { renderConcern } from '../../cards/concern.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/template.js';
import { ACTION_DESCRIPTION_MAX, MAX_ACTION_ROWS } from '../../workflow/actions.js';
import { LIMITS } from '../../workflow/review/record-paths.js';
import { cardProblems, cardText } from '../support/card-parser.js';

/**
 * The audit cards at their largest: every text at the length limit the domain allows, every field with an
 * error, the most action rows. Together they must still parse cleanly and stay under Teams' 28 KB.
 */
const RATIONALE_MAX = LIMITS.rationale;
const ACTION_MAX = ACTION_DESCRIPTION_MAX;
const MAX_ACTIONS = MAX_ACTION_ROWS;
const MAX_MODERATOR_ACTIONS = MODERATOR_MAX_ACTIONS;

const x = (n: number) => 'x'.repeat(n);
const ref = { auditId: 'a-2026-12-CR-10421', round: 1, sig: 's'.repeat(32) };
const labels = ['Assessment', 'Planning', 'Intervention & Visiting', 'Review', 'Management Oversight', 'Overall: impact on the child'];
const owners = Array.from({ length: 12 }, (_, i) => ({ title: `Person Number ${i} (Practitioner)`, value: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}` }));
const gradeChoices = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'].map((t) => ({ title: t, value: t.toLowerCase() }));
const rows = (n: number): ActionRowView[] =>
  Array.from({ length: n }, (_, i) => ({
    rowId: `r${i}`,
    descriptionInput: `action.r${i}.description`,
    description: x(ACTION_MAX),
    descriptionError: 'Describe the action',
    ownerInput: `action.r${i}.owner`,
    owner: owners[0]!.value,
    ownerError: 'Choose who owns this action',
    dueInput: `action.r${i}.due`,
    due: '2026-12-20',
    dueError: 'Due date is after the 4-week limit (Tue 29 Dec)',
  }));

const largestReview = renderReview({
  caseRef: 'CR-10421',
  subtitle: 'Due Thu 31 Dec 2026 · West Sussex audit tool v1',
  errorSummary: '27 problems: each is named next to its field.',
  meeting: { status: 'Required before you submit. It is booked for 14:00 on Tue 1 Dec 2026: submit after it, or say below why it could not take place.', askWhyNot: true, notHeldInput: 'meeting.notHeld', notHeld: x(LIMITS.meetingNotHeld), notHeldError: 'The collaborative meeting must take place before the audit is submitted. It has not yet: submit after it, or say why it could not take place.' },
  selfAssessment: { status: 'From Jordan Lee, 09:00 on Tue 1 Dec 2026', difference: x(500), discuss: x(500) },
  grades: labels.map((label, i) => ({ label, gradeInput: `grade.${i}`, grade: 'good', gradeError: `Grade for ${label} is required`, rationaleInput: `rationale.${i}`, rationale: x(RATIONALE_MAX), rationalePrompt: 'Why this grade?', rationaleMax: RATIONALE_MAX, rationaleError: `Rationale for ${label} is required` })),
  gradeChoices,
  feedback: { obtainedInput: 'a', obtained: 'no', summaryInput: 'b', summary: x(LIMITS.feedbackSummary), whyNotInput: 'c', whyNot: x(LIMITS.feedbackWhyNot), whereFoundInput: 'd', whereFound: x(LIMITS.feedbackWhereFound), planInput: 'e', plan: x(LIMITS.feedbackPlan), planByInput: 'f', planBy: '2026-12-20', planByError: 'The date must be in the future' },
  goodPracticeInput: 'g',
  goodPractice: x(LIMITS.goodPractice),
  actionsHint: 'Each action has an owner and is due within 4 weeks.',
  actionsError: 'An Inadequate audit needs a remedial action due within 10 days.',
  actions: rows(MAX_ACTIONS),
  ownerChoices: owners,
  maxActions: MAX_ACTIONS,
  actionMax: ACTION_MAX,
  ref: { ...ref, actionRows: 'r1' },
  refreshUserIds: ['29:x'],
});

const largestModeration = renderModeration({
  caseRef: 'CR-10421',
  urgent: true,
  subtitle: 'Submitted by Alex Morgan · moderation due Thu 31 Dec 2026',
  errorSummary: '12 problems',
  editable: true,
  rows: labels.map((label, i) => ({ label, reviewerGrade: 'Good', reviewerRationale: x(RATIONALE_MAX), decisionInput: `d.${i}`, decision: 'agree', choices: gradeChoices, decisionError: 'Choose', rationaleInput: `r.${i}`, rationale: x(LIMITS.reason), rationaleError: 'Say why you changed the grade' })),
  feedback: x(4 * RATIONALE_MAX),
  goodPractice: x(RATIONALE_MAX),
  reviewerActions: Array.from({ length: MAX_ACTIONS }, () => x(ACTION_MAX + 60)),
  actions: rows(MAX_MODERATOR_ACTIONS),
  ownerChoices: owners,
  maxActions: MAX_MODERATOR_ACTIONS,
  rationaleMax: RATIONALE_MAX,
  actionMax: ACTION_MAX,
  ref: { ...ref, actionRows: 'r1' },
  refreshUserIds: [],
});

const largestSummary = renderSummary({
  title: 'Audit result · case CR-10421',
  subtitle: 'Finalised',
  message: 'A grade was changed at moderation: your team manager will discuss it with you.',
  rows: labels.map((label) => ({ label, grades: 'Good → Requires improvement (moderated)', rationales: [`Reviewer: ${x(RATIONALE_MAX)}`, `Moderator: ${x(RATIONALE_MAX)}`] })),
  showRationale: true,
  feedback: x(SUMMARY_FEEDBACK_MAX),
  meetingNotHeld: x(LIMITS.meetingNotHeld),
  partnerInputs: Array.from({ length: MAX_PARTNER_INPUTS }, () => `${x(PARTNER_LIMITS.agency)} · ${x(PARTNER_LIMITS.role)}: ${x(PARTNER_LIMITS.input)}`),
  panelDecision: `${'Colleague Longname, '.repeat(6)}agreed this result. It partly reflects the quality of practice. Learning for the worker: ${x(LIMITS.reason)}`,
  goodPractice: x(RATIONALE_MAX),
  actions: Array.from({ length: MAX_ACTIONS + MAX_MODERATOR_ACTIONS }, () => x(ACTION_MAX + 60)),
  disputeState: 'disputing',
  disputeChoices: gradeChoices,
  disputeReason: x(LIMITS.reason),
  disputeReasonError: 'Say why',
  ref,
  refreshUserIds: [],
});

const cards: [string, AdaptiveCard][] = [
  ['review form, largest', largestReview],
  ['moderation, largest', largestModeration],
  ['moderation, confirmed (read-only)', renderModeration({ caseRef: 'CR-1', urgent: false, subtitle: 's', editable: false, rows: [], feedback: 'f', goodPractice: '', reviewerActions: [], actions: [], ownerChoices: [], maxActions: 3, rationaleMax: 500, actionMax: 200, outcomeSummary: 'Confirmed', ref: { ...ref, actionRows: 'r1' }, refreshUserIds: [] })],
  ['summary / result with dispute form, largest', largestSummary],
  ['summary without rationale', renderSummary({ title: 't', subtitle: 's', rows: [{ label: 'Planning', grades: 'Good', rationales: ['secret rationale'] }], showRationale: false, feedback: 'secret feedback', goodPractice: 'secret praise', actions: [], disputeState: 'none', disputeChoices: [], ref, refreshUserIds: [] })],
  ['dispute decision', renderDispute({ caseRef: 'CR-1', disputedBy: 'Sam Patel', target: 'Overall', originalGrade: 'Good', moderatedGrade: 'Requires improvement', reason: x(2000), open: true, choices: gradeChoices, decisionReason: x(2000), decisionReasonError: 'Say why', ref: { ...ref, disputeId: 'd1' }, refreshUserIds: [] })],
  [
    'partner agencies input, largest',
    renderPartnerInput({
      caseRef: 'CR-10421',
      subtitle: 'Multi-agency audit · reviewer Christopher Evans-Smythe',
      banner: '✓ Recorded on the audit.',
      recorded: Array.from({ length: MAX_PARTNER_INPUTS }, () => ({ heading: `${x(PARTNER_LIMITS.agency)} · ${x(PARTNER_LIMITS.role)} (recorded by Christopher Evans-Smythe, Thu 31 Dec 2026)`, input: x(PARTNER_LIMITS.input) })),
      editable: true,
      agency: x(PARTNER_LIMITS.agency),
      role: x(PARTNER_LIMITS.role),
      input: x(PARTNER_LIMITS.input),
      agencyError: 'Name the partner agency.',
      roleError: 'Give the role of the person from the agency, such as Health visitor.',
      inputError: `This audit already has ${MAX_PARTNER_INPUTS} partners' input, the most one audit holds.`,
      max: PARTNER_LIMITS,
      ref,
      refreshUserIds: ['29:x'],
    }),
  ],
  ['history, long', renderHistory({ caseRef: 'CR-1', subtitle: 's', entries: Array.from({ length: 200 }, (_, i) => ({ when: '09:00 on Tue 1 Dec 2026', who: 'Christopher Evans-Smythe', what: `Changed Planning from Good to Requires improvement (${i})`, why: x(RATIONALE_MAX) })) })],
];

const meeting = (over: Partial<MeetingCardData>): MeetingCardData => ({
  caseRef: 'CR-10421',
  subtitle: 'Audit due Thu 31 Dec 2026 · 60 minutes · required before grading',
  state: 'offer',
  attendees: ['Alex Morgan · reviewer', 'Jordan Lee · practitioner', 'Sam Patel · team manager', 'Casey Rowe · conference & reviewing officer · optional'],
  notes: ['No Conference & Reviewing Officer in the directory: the meeting goes ahead without one.'],
  minutes: 60,
  slots: Array.from({ length: 3 }, (_, i) => ({ title: `Wed ${2 + i} Dec, 09:00–10:00 · ⚠ Casey Rowe busy (optional)`, value: `2026-12-0${2 + i}T09:00:00.000Z` })),
  hasLater: true,
  reschedule: false,
  shorterOptions: [],
  withoutOptions: [],
  responses: [],
  ref: { ...ref, offer: 1 },
  refreshUserIds: ['29:x'],
  ...over,
});

cards.push(
  ['meeting: times offered', renderMeeting(meeting({}))],
  ['meeting: no slot, with every way out', renderMeeting(meeting({ state: 'no-slot', explanation: 'Sam Patel has no free 60-minute slot before Thu 31 Dec within working hours.', shorterOptions: [{ minutes: 45, data: ref }], withoutOptions: [{ name: 'Sam Patel', data: ref }, { name: 'Jordan Lee', data: ref }], deadlineReason: x(500) }))],
  ['meeting: booked', renderMeeting(meeting({ state: 'booked', bookedTime: 'Wed 2 Dec, 09:00–10:00', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', responses: ['Jordan Lee: accepted', 'Sam Patel: ⚠ declined'] }))],
  ['self-assessment, largest with errors', renderSelfAssessment({ caseRef: 'CR-10421', subtitle: 's', reviewer: 'Alex Morgan', banner: 'b', editable: true, differenceInput: 'selfAssessment.difference', difference: x(500), differenceError: x(100), discussInput: 'selfAssessment.discuss', discuss: x(500), discussError: x(100), max: 500, submitTitle: 'Send', ref, refreshUserIds: ['29:x'] })],
  ['self-assessment, as read by the reviewer', renderSelfAssessment({ caseRef: 'CR-10421', subtitle: 's', reviewer: 'Alex Morgan', editable: false, differenceInput: 'a', difference: 'd', discussInput: 'b', discuss: 'q', max: 500, submitTitle: 'Send', ref, refreshUserIds: [] })],
  ['concern: the form, with its error', renderConcern({ title: 't', subtitle: 's', banner: 'b', lines: [x(300)], raising: true, reasonInput: 'concern.reason', reason: x(500), reasonError: x(100), max: 500, recipients: [], canAcknowledge: false, ref, refreshUserIds: ['29:x'] })],
  ['concern: as its recipients read it', renderConcern({ title: 't', subtitle: 's', lines: [x(500), 'Please act on it now.'], raising: false, reasonInput: 'concern.reason', reason: '', max: 500, recipients: Array.from({ length: 5 }, (_, i) => `Person ${i} (team manager): not yet`), canAcknowledge: true, ref: { ...ref, concernId: 'c1' }, refreshUserIds: ['29:x'] })],
  ['meeting: cancelling', renderMeeting(meeting({ state: 'cancelling', bookedTime: 'Wed 2 Dec, 09:00–10:00', responses: [], cancelReason: x(500) }))],
);

describe('audit, moderation, result, dispute and history cards', () => {
  it.each(cards)('%s parses cleanly and stays under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    // A binding left unexpanded would show "${…}" to the user, or become an input's value.
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('a summary for someone without a role on the audit carries no rationale, feedback or good practice', () => {
    const text = cardText(cards[4]![1]);
    expect(text).not.toContain('secret');
    expect(text).toContain('Planning');
  });

  it('every input on the review form keeps what was typed', () => {
    const text = JSON.stringify(largestReview);
    expect(text).toContain('"id":"rationale.0","label":"Rationale for Assessment"');
    expect((text.match(new RegExp(`"value":"x{${RATIONALE_MAX}}"`, 'g')) ?? []).length).toBe(6 + 1); // six rationales and the feedback summary
  });

  it('the history card pages through a long trail, newest first, so no entry is out of reach', () => {
    const entries = Array.from({ length: 45 }, (_, i) => ({ when: 'w', who: 'p', what: `entry ${i}.` }));
    const newest = renderHistory({ caseRef: 'CR-1', subtitle: 's', entries });
    expect(cardText(newest)).toContain('entry 44.');
    expect(cardText(newest)).not.toContain('entry 24.');
    expect(cardText(newest)).toContain(`Entries 26–45 of 45, oldest first.`);
    const earlier = (newest.actions as { title: string; data: { page: number } }[]).find((a) => a.title === 'Earlier entries')!;
    const oldest = renderHistory({ caseRef: 'CR-1', subtitle: 's', entries, page: earlier.data.page + 1 });
    expect(cardText(oldest)).toContain('entry 0.');
    expect(cardText(oldest)).toContain('Entries 1–5 of 45');
    expect((oldest.actions as { title: string }[]).map((a) => a.title)).toEqual(['Later entries']);
    expect(HISTORY_PAGE_SIZE).toBe(20);
  });
});
