import { describe, expect, it } from 'vitest';
import { addActionRow, defaultActionOwner, MAX_ACTION_ROWS, nextRowId, removeActionRow, suggestedActionOwners, type ActionDraft } from '../../workflow/actions.js';
import { snapshotOf } from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool } from '../../workflow/audit-tools/tools.js';
import { normaliseReviewDraft, reviewDraftShapeProblems, type ReviewDraft } from '../../workflow/review/draft.js';
import { FIELD, inputsFromModerationDraft, inputsFromReviewDraft, moderationDraftFromInputs, reviewDraftFromInputs } from '../../bot/forms/audit-form-inputs.js';
import { LIMITS } from '../../workflow/review/record-paths.js';
import { validateReview, type ReviewContext } from '../../workflow/review/validate.js';
import { aModerationDraft, anAudit, aReviewDraft, cast, castList, type ReviewDraftBuilder } from '../fakes/index.js';

const tool = snapshotOf(loadAuditTool('west-sussex-v1'));
/** Tue 1 Dec 2026; 4 weeks → Tue 29 Dec; remedial 10 days → Fri 11 Dec. */
const context: ReviewContext = { tool, today: '2026-12-01', maxWeeks: 4, remedialActionDays: 10, people: castList };
const { practitioner, teamManager } = cast;

const problemsOf = (draft: ReviewDraft, ctx: ReviewContext = context) => {
  const result = validateReview(draft, ctx);
  return result.ok ? {} : result.problems;
};

describe('validateReview', () => {
  it('accepts a complete review, trimmed, with its actions', () => {
    const draft = aReviewDraft().graded('planning', 'requiresImprovement', '  Plan is not SMART.  ').build();
    const result = validateReview(draft, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.review.grades.planning).toEqual({ grade: 'requiresImprovement', rationale: 'Plan is not SMART.' });
    expect(Object.keys(result.review.grades)).toEqual(['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight', 'overall']);
    expect(result.review.familyFeedback).toEqual({ obtained: true, summary: 'Mum said the social worker listens and visits when promised.' });
    expect(result.review.actions).toEqual([
      { rowId: 'r1', description: 'Update the chronology', ownerId: practitioner.id, dueDate: '2026-12-08', remedial: false },
    ]);
  });

  /** Each row: what is wrong, the draft, and exactly the problems expected (field id → message). */
  const table: [string, (b: ReviewDraftBuilder) => ReviewDraftBuilder, Record<string, string>][] = [
    ['a domain without a grade', (b) => b.graded('planning', null), { 'grade.planning': 'Choose a grade for Planning.' }],
    ['a domain without a rationale', (b) => b.graded('planning', 'good', null), { 'rationale.planning': 'Rationale for Planning is required.' }],
    ['a rationale of spaces only', (b) => b.graded('review', 'good', '   \n '), { 'rationale.review': 'Rationale for Review is required.' }],
    ['a grade that is not on the scale', (b) => b.graded('assessment', 'Adequate'), { 'grade.assessment': 'Choose a grade for Assessment from the list.' }],
    ['a label instead of a grade id', (b) => b.graded('assessment', 'Good'), { 'grade.assessment': 'Choose a grade for Assessment from the list.' }],
    [
      'a domain missing altogether',
      (b) => b.ungraded('interventionVisiting'),
      { 'grade.interventionVisiting': 'Choose a grade for Intervention & Visiting.', 'rationale.interventionVisiting': 'Rationale for Intervention & Visiting is required.' },
    ],
    ['no overall grade', (b) => b.overall(null), { 'grade.overall': 'Choose the overall grade.' }],
    [
      'no overall rationale',
      (b) => b.overall('good', null),
      { 'rationale.overall': 'Rationale for the overall grade is required: say what the impact is on the child.' },
    ],
    ['feedback: not answered', (b) => b.withFeedback({}), { 'feedback.obtained': 'Say whether family feedback was obtained.' }],
    ['feedback: neither yes nor no', (b) => b.withFeedback({ obtained: 'maybe' }), { 'feedback.obtained': 'Answer yes or no: was family feedback obtained?' }],
    ['feedback obtained without a summary', (b) => b.feedbackObtained(null), { 'feedback.summary': "Summarise the child's or family's feedback." }],
    [
      'feedback not obtained, nothing said',
      (b) => b.withFeedback({ obtained: 'no' }),
      {
        'feedback.whyNot': 'Say why family feedback could not be obtained.',
        'feedback.whereFound': 'Say where in the record existing feedback was found (or that none was).',
        'feedback.plan': 'Say what will be done to obtain family feedback.',
        'feedback.planBy': 'Say by when family feedback will be obtained.',
      },
    ],
    ['feedback planned by today', (b) => b.feedbackNotObtained({ planBy: '2026-12-01' }), { 'feedback.planBy': 'The date must be in the future (after Tue 1 Dec).' }],
    ['feedback planned by a non-date', (b) => b.feedbackNotObtained({ planBy: 'next week' }), { 'feedback.planBy': 'The date must be a date, like 2026-12-24.' }],
    ['an action without a description', (b) => b.withActions({ rowId: 'r1', ownerId: practitioner.id, dueDate: '2026-12-08' }), { 'action.r1.description': 'Describe the action, or remove the row.' }],
    ['an action without an owner', (b) => b.withActions({ rowId: 'r1', description: 'Visit', dueDate: '2026-12-08' }), { 'action.r1.ownerId': 'Choose who owns the action.' }],
    [
      'an action owned by someone not in the directory',
      (b) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: 'p-nobody', dueDate: '2026-12-08' }),
      { 'action.r1.ownerId': 'The owner is not in the directory: choose someone from the list.' },
    ],
    ['an action without a due date', (b) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id }), { 'action.r1.dueDate': 'Due date is required.' }],
    [
      'an action due yesterday',
      (b) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-11-30' }),
      { 'action.r1.dueDate': 'Due date is in the past (today is Tue 1 Dec).' },
    ],
    [
      'an action due after the 4-week limit',
      (b) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-30' }),
      { 'action.r1.dueDate': 'Due date is after the 4-week limit (Tue 29 Dec).' },
    ],
    [
      'an action due on an impossible date',
      (b) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-02-30' }),
      { 'action.r1.dueDate': 'Due date must be a date, like 2026-12-24.' },
    ],
    [
      'overall Inadequate with no action within 10 days',
      (b) => b.overall('inadequate').withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-12' }),
      { actions: 'The overall grade is Inadequate: add at least one remedial action due within 10 days (by Fri 11 Dec).' },
    ],
    [
      'overall Inadequate with no actions at all',
      (b) => b.overall('inadequate').withActions(),
      { actions: 'The overall grade is Inadequate: add at least one remedial action due within 10 days (by Fri 11 Dec).' },
    ],
    [
      'more rows than the limit',
      (b) => b.withActions(...Array.from({ length: MAX_ACTION_ROWS + 1 }, (_, i) => ({ rowId: `r${i + 1}`, description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-08' }))),
      { actions: `No more than ${MAX_ACTION_ROWS} actions: remove 1.` },
    ],
    [
      'a rationale over the limit',
      (b) => b.graded('planning', 'good', 'x'.repeat(LIMITS.rationale + 1)),
      { 'rationale.planning': `Keep this under ${LIMITS.rationale} characters (it has ${LIMITS.rationale + 1}).` },
    ],
    [
      'good practice over the limit',
      (b) => b.withGoodPractice('y'.repeat(LIMITS.goodPractice + 5)),
      { goodPractice: `Keep this under ${LIMITS.goodPractice} characters (it has ${LIMITS.goodPractice + 5}).` },
    ],
  ];

  it.each(table)('names the problem: %s', (_what, change, expected) => {
    expect(problemsOf(change(aReviewDraft()).build())).toEqual(expected);
  });

  it.each([
    ['no actions for a Good audit', (b: ReviewDraftBuilder) => b.withActions()],
    ['no good practice', (b: ReviewDraftBuilder) => b.withGoodPractice(undefined)],
    ['an action due today', (b: ReviewDraftBuilder) => b.withActions({ rowId: 'r1', description: 'Visit', ownerId: teamManager.id, dueDate: '2026-12-01' })],
    ['an action due on the 4-week limit', (b: ReviewDraftBuilder) => b.withActions({ rowId: 'r9', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-29' })],
    ['feedback not obtained, fully explained', (b: ReviewDraftBuilder) => b.feedbackNotObtained()],
    ['overall Inadequate with a remedial action on day 10', (b: ReviewDraftBuilder) => b.overall('inadequate').withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-11' })],
    ['a rationale exactly at the limit', (b: ReviewDraftBuilder) => b.graded('planning', 'good', 'x'.repeat(LIMITS.rationale))],
  ])('accepts %s', (_what, change) => {
    expect(problemsOf(change(aReviewDraft()).build())).toEqual({});
  });

  it('returns every problem at once', () => {
    const draft = aReviewDraft()
      .graded('assessment', null, null)
      .graded('planning', 'good', '')
      .overall('inadequate', '')
      .withFeedback({ obtained: 'no', whyNot: 'Declined' })
      .withActions({ rowId: 'r1', description: '', ownerId: 'p-nobody', dueDate: '2027-03-01' }, { rowId: 'r2', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-20' })
      .build();
    expect(Object.keys(problemsOf(draft)).sort()).toEqual(
      [
        'grade.assessment',
        'rationale.assessment',
        'rationale.planning',
        'rationale.overall',
        'feedback.whereFound',
        'feedback.plan',
        'feedback.planBy',
        'action.r1.description',
        'action.r1.ownerId',
        'action.r1.dueDate',
        'actions',
      ].sort(),
    );
  });

  it('marks actions in the remedial window as remedial when overall is Inadequate', () => {
    const draft = aReviewDraft()
      .overall('inadequate')
      .withActions({ rowId: 'r1', description: 'Visit now', ownerId: practitioner.id, dueDate: '2026-12-04' }, { rowId: 'r2', description: 'Review plan', ownerId: teamManager.id, dueDate: '2026-12-20' })
      .build();
    const result = validateReview(draft, context);
    expect(result.ok && result.review.actions.map((a) => [a.rowId, a.remedial])).toEqual([
      ['r1', true],
      ['r2', false],
    ]);
  });

  it('takes its limits from the profile: a 2-week limit and a 5-day remedial window', () => {
    const strict = { ...context, maxWeeks: 2, remedialActionDays: 5 };
    const draft = aReviewDraft().overall('inadequate').withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-16' }).build();
    expect(problemsOf(draft, strict)).toEqual({
      'action.r1.dueDate': 'Due date is after the 2-week limit (Tue 15 Dec).',
      actions: 'The overall grade is Inadequate: add at least one remedial action due within 5 days (by Sun 6 Dec).',
    });
  });
});

describe('the draft as typed', () => {
  it('keeps anything typed, even invalid, and drops only what belongs to no input', () => {
    const draft = {
      grades: { planning: { grade: 'Adequate?', rationale: '  half a thought' }, notADomain: { grade: 'good' } },
      familyFeedback: { obtained: 'no', planBy: 'soon' },
      actions: [{ rowId: 'r2', dueDate: '31/12' }],
    } as ReviewDraft;
    expect(normaliseReviewDraft(draft, tool)).toEqual({
      grades: { planning: { grade: 'Adequate?', rationale: '  half a thought' } },
      familyFeedback: { obtained: 'no', planBy: 'soon' },
      actions: [{ rowId: 'r2', dueDate: '31/12' }],
    });
  });

  it('refuses over-long text and unreadable rows rather than truncating them', () => {
    const draft = aReviewDraft()
      .feedbackNotObtained({ plan: 'p'.repeat(LIMITS.feedbackPlan + 1) })
      .withActions({ rowId: 'r1', description: 'd'.repeat(LIMITS.actionDescription + 1) })
      .build();
    expect(reviewDraftShapeProblems(draft, tool)).toEqual({
      'feedback.plan': `Keep this under ${LIMITS.feedbackPlan} characters (it has ${LIMITS.feedbackPlan + 1}).`,
      'action.r1.description': `Keep this under ${LIMITS.actionDescription} characters (it has ${LIMITS.actionDescription + 1}).`,
    });
    expect(reviewDraftShapeProblems(aReviewDraft().withActions({ rowId: 'r 1' }).build(), tool)).toEqual({
      actions: 'The action rows could not be read: open the audit card again.',
    });
    expect(reviewDraftShapeProblems(aReviewDraft().withActions({ rowId: 'r1' }, { rowId: 'r1' }).build(), tool)).toEqual({
      actions: 'The action rows could not be read: open the audit card again.',
    });
  });
});

describe('action rows', () => {
  const audit = anAudit().build();

  it('suggests the practitioner, then the team manager, as owner', () => {
    expect(defaultActionOwner(audit)).toBe(practitioner.id);
    expect(suggestedActionOwners(audit)).toEqual([practitioner.id, teamManager.id]);
  });

  it('adds rows with fresh stable ids (never reusing a later one) and removes by id, keeping the others as typed', () => {
    let rows: readonly ActionDraft[] = [];
    rows = addActionRow(rows, practitioner.id);
    rows = addActionRow(rows, practitioner.id);
    rows = [{ ...rows[0]!, description: 'typed' }, rows[1]!];
    rows = addActionRow(rows, practitioner.id);
    expect(rows.map((r) => r.rowId)).toEqual(['r1', 'r2', 'r3']);
    rows = removeActionRow(rows, 'r2');
    expect(rows).toEqual([
      { rowId: 'r1', ownerId: practitioner.id, description: 'typed' },
      { rowId: 'r3', ownerId: practitioner.id },
    ]);
    expect(nextRowId(rows)).toBe('r4');
  });

  it('stops adding at the limit', () => {
    let rows: readonly ActionDraft[] = [];
    for (let i = 0; i < MAX_ACTION_ROWS + 3; i += 1) rows = addActionRow(rows);
    expect(rows).toHaveLength(MAX_ACTION_ROWS);
  });
});

describe('card fields (review/fields.ts)', () => {
  it('names inputs by scope, feedback part and row', () => {
    expect(FIELD.grade('planning')).toBe('grade.planning');
    expect(FIELD.rationale('overall')).toBe('rationale.overall');
    expect(FIELD.action('r3', 'dueDate')).toBe('action.r3.dueDate');
    expect(FIELD.decision('review')).toBe('decision.review');
  });

  it('a review draft survives the round trip through card inputs exactly as typed', () => {
    const draft = aReviewDraft()
      .graded('planning', 'Good?', '  spaces kept  ')
      .feedbackNotObtained({ planBy: 'not a date' })
      .withActions({ rowId: 'r2', description: 'Visit' }, { rowId: 'r5', ownerId: teamManager.id, dueDate: '2026-12-09' })
      .build();
    const fields = inputsFromReviewDraft(draft);
    expect(fields.actionRows).toBe('r2,r5');
    expect(reviewDraftFromInputs(fields, tool)).toEqual(normaliseReviewDraft(draft, tool));
  });

  it('reads only strings and only this tool’s inputs from card data', () => {
    const data = { 'grade.planning': 'good', 'grade.bogus': 'good', 'rationale.planning': 42, 'feedback.obtained': ['yes'], actionRows: ['r1', 7, 'r1', ' '], 'action.r1.description': 'x' };
    expect(reviewDraftFromInputs(data, tool)).toEqual({ grades: { planning: { grade: 'good' } }, familyFeedback: {}, actions: [{ rowId: 'r1', description: 'x' }] });
  });

  it('a moderation draft survives the round trip through card inputs', () => {
    const draft = aModerationDraft({ planning: ['requiresImprovement', 'No contingency plan.'] }, [{ rowId: 'r1', description: 'Revisit plan' }]);
    expect(moderationDraftFromInputs(inputsFromModerationDraft(draft), tool)).toEqual(draft);
  });
});
