import { describe, expect, it } from 'vitest';
import { CardSigner } from '../../bot/card-signing.js';
import { familyFeedbackView, feedbackFollowUpText, SUMMARY_FEEDBACK_MAX } from '../../bot/views/family-feedback-view.js';
import { followUpView } from '../../bot/views/follow-up-view.js';
import { chaseAlertView } from '../../bot/views/chase-alerts-view.js';
import type { OutboxMessage } from '../../workflow/outbox.js';
import type { ViewContext } from '../../bot/views/view-context.js';
import { FAMILY_FEEDBACK_ACTIONS } from '../../cards/family-feedback.js';
import { OPEN_AUDIT_ACTIONS } from '../../cards/my-audits.js';
import { MAX_CARD_BYTES } from '../../cards/template.js';
import { SUMMARY_ACTIONS } from '../../cards/audit-summary.js';
import { ACTION_DESCRIPTION_MAX, MAX_ACTION_ROWS, type AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { TamperedCard } from '../../workflow/errors.js';
import { aPerson } from '../fakes/person-builder.js';
import type { Person } from '../../workflow/people.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { FAMILY_FEEDBACK_PATH as P, FAMILY_FEEDBACK_REPLANS_MAX, FAMILY_FEEDBACK_SAID_MAX, FAMILY_FEEDBACK_WHY_MAX } from '../../workflow/review/family-feedback.js';
import { LIMITS } from '../../workflow/review/record-paths.js';
import { MODERATOR_MAX_ACTIONS } from '../../cards/moderation.js';
import { anAudit, cast, fullCastList } from '../fakes/index.js';
import { inputsOn, errorNextTo } from '../bot/audit-forms.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardProblems, cardText } from '../support/card-parser.js';

/**
 * The family-feedback card (BC-10) and the SW Academy's follow-up card (ST-28), at their largest: every text at its
 * limit, every error shown, the longest names; each parses with the official parser and fits a Teams message.
 */
const x = (n: number) => 'x'.repeat(n);
const signer = new CardSigner('k'.repeat(32));
const longName = (n: number) => aPerson().named(`Christopher-Alexander Montgomery-Smythe ${n}`).withRoles('reviewer').build();
const longNamed: Person = { ...longName(0), id: cast.reviewer.id };
const people = [...fullCastList.filter((p) => p.id !== cast.reviewer.id), longNamed];
const view = (viewerId: string, profile = 'bcp', now = '2026-12-10T10:00:00.000Z'): ViewContext => ({
  viewerId,
  viewer: people.find((p) => p.id === viewerId),
  channelUserId: '29:viewer',
  people: new Map(people.map((p) => [p.id, p])),
  now: new Date(now),
  profile: loadProfile(profile),
  signer,
});
/** Every button's title, wherever it sits (the family-feedback card keeps each button beside its inputs). */
const allButtons = (card: unknown): string[] => [...JSON.stringify(card).matchAll(/"type":"Action.Execute","title":"([^"]+)"/g)].map((m) => m[1]!);
const checks = (card: unknown) => {
  expect(cardProblems(card)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
  expect(JSON.stringify(card)).not.toContain('${');
};

/** A submitted BCP audit whose plan is as long as the form allows, moved the most times it may be. */
function largestPlan(obtained = false): Audit {
  const audit = anAudit().withStatus('finalised').build();
  return {
    ...audit,
    review: {
      submitted: {
        at: '2026-12-01T10:00:00.000Z',
        by: cast.reviewer.id,
        grades: {},
        familyFeedback: { obtained: false, whyNot: x(LIMITS.feedbackWhyNot), whereFound: x(LIMITS.feedbackWhereFound), plan: x(LIMITS.feedbackPlan), planBy: '2026-12-10' },
        goodPractice: '',
      },
    },
    familyFeedbackFollowUp: {
      replans: Array.from({ length: FAMILY_FEEDBACK_REPLANS_MAX }, (_, i) => ({ at: `2026-12-1${i}T10:00:00.000Z`, by: cast.reviewer.id, why: x(FAMILY_FEEDBACK_WHY_MAX), planBy: `2026-12-2${i}`, was: '2026-12-10' })),
      ...(obtained ? { obtained: { at: '2026-12-30T10:00:00.000Z', by: cast.reviewer.id, said: x(FAMILY_FEEDBACK_SAID_MAX) } } : {}),
    },
  };
}

describe('the family-feedback card', () => {
  it('at its largest, with every error shown and what was typed kept, parses and stays under 28 KB', () => {
    const values = { [P.said]: x(FAMILY_FEEDBACK_SAID_MAX), [P.why]: x(FAMILY_FEEDBACK_WHY_MAX), [P.planBy]: '2026-13-45' };
    const errors = { [P.said]: x(200), [P.why]: x(200), [P.planBy]: x(200) };
    const card = familyFeedbackView(view(cast.reviewer.id, 'bcp', '2026-12-22T10:00:00.000Z'), largestPlan(), { values, errors, banner: x(300) });
    checks(card);
    expect(inputsOn(card)).toEqual(values);
    for (const id of Object.keys(errors)) expect(errorNextTo(card, id)).toBe(x(200));
    expect(allButtons(card)).toEqual(['Record the feedback', 'Still not possible']);
  });

  it('as sent on the plan date: the plan, the question and both ways to answer; signed for this card only', () => {
    const audit = { ...largestPlan(), familyFeedbackFollowUp: { replans: [] } };
    const card = familyFeedbackView(view(cast.reviewer.id), audit);
    checks(card);
    const text = cardText(card);
    expect(text).toContain('Family feedback · case CR-1001');
    expect(text).toContain('Your plan is due Thu 10 Dec 2026');
    expect(text).toContain('The date in your plan has come.');
    expect(text).toContain('What the child and family said');
    const data = button(card, 'Record the feedback').data as Record<string, unknown>;
    expect(() => signer.verify(FAMILY_FEEDBACK_ACTIONS['familyFeedback.record'], data)).not.toThrow();
    expect(() => signer.verify(SUMMARY_ACTIONS['summary.refresh'], data)).toThrow(TamperedCard);
  });

  it('recorded, or read by someone else with a role on the audit: the plan and the answer, no inputs', () => {
    const recorded = familyFeedbackView(view(cast.reviewer.id), largestPlan(true));
    checks(recorded);
    expect(inputsOn(recorded)).toEqual({});
    expect(allButtons(recorded)).toEqual([]);
    expect(cardText(recorded)).toContain('The feedback is recorded on the audit.');
    const byManager = familyFeedbackView(view(cast.teamManager.id), { ...largestPlan(), familyFeedbackFollowUp: { replans: [] } });
    checks(byManager);
    expect(allButtons(byManager)).toEqual([]);
    expect(cardText(byManager)).toContain('plan is due Thu 10 Dec 2026');
  });

  it('the summary’s feedback line, at its longest, is within what the largest summary card is checked with', () => {
    const audit = largestPlan(true);
    const submitted = audit.review!.submitted!.familyFeedback!;
    if (submitted.obtained) throw new Error('expected a plan');
    const line = `Not possible: ${submitted.whyNot} Existing feedback found: ${submitted.whereFound} Plan: ${submitted.plan} (by Thu 10 Dec 2026).${feedbackFollowUpText(view(cast.teamManager.id), audit)}`;
    expect(line).toContain(x(FAMILY_FEEDBACK_SAID_MAX));
    expect(line.length).toBeLessThanOrEqual(SUMMARY_FEEDBACK_MAX);
  });
});

describe('the SW Academy’s follow-up card', () => {
  const action = (i: number): AuditAction => ({
    id: `r${i}`,
    source: i < MAX_ACTION_ROWS ? 'review' : 'moderation',
    description: x(ACTION_DESCRIPTION_MAX),
    ownerId: cast.reviewer.id,
    dueDate: '2026-12-18',
    remedial: true,
    setBy: cast.reviewer.id,
    setAt: '2026-12-01T10:00:00.000Z',
  });
  const followed = (grade: 'requiresImprovement' | 'good' = 'requiresImprovement'): Audit => ({
    ...anAudit().withStatus('finalised').moderatedBy(cast.coordinator.id).build(),
    grades: { overall: { original: 'requiresImprovement', moderated: grade, final: grade } },
    actions: Array.from({ length: MAX_ACTION_ROWS + MODERATOR_MAX_ACTIONS }, (_, i) => action(i)),
    finalisedAt: '2026-12-08T15:00:00.000Z',
    followUp: { at: '2026-12-08T15:01:00.000Z', grade: 'requiresImprovement', by: 'swAcademy', to: ['p-academy'] },
  });

  it('at its largest (every action at its limit, long names) parses and stays under 28 KB', () => {
    checks(followUpView(view('p-academy', 'sandwell-trust'), followed()));
  });

  it('names the case and the grade, lists the recommendations, and opens the audit summary; no rationale', () => {
    const card = followUpView(view('p-academy', 'sandwell-trust'), followed());
    const text = cardText(card);
    expect(text).toContain('Follow-up: Requires Improvement · case CR-1001');
    expect(text).toContain('Practice recommendations');
    expect(text).toContain(`1. ${x(ACTION_DESCRIPTION_MAX)} · Christopher-Alexander Montgomery-Smythe 0 · due Fri 18 Dec 2026 · remedial · open`);
    expect(buttonTitles(card)).toEqual(['Open the audit']);
    const open = button(card, 'Open the audit');
    expect(open.verb).toBe('audit.open');
    expect(() => signer.verify(OPEN_AUDIT_ACTIONS['audit.open'], open.data as Record<string, unknown>)).not.toThrow();
  });

  it('a grade since changed away from those followed up says no follow-up is needed', () => {
    const text = cardText(followUpView(view('p-academy', 'sandwell-trust'), followed('good')));
    expect(text).toContain('now graded Good overall, so no follow-up is needed any more');
  });
});

describe('the chase alerts', () => {
  const message = (kind: OutboxMessage['kind'], to: string): OutboxMessage => ({ key: `${kind}:x`, kind, to, state: 'pending', attempts: 0, createdAt: '2026-12-17T09:00:00.000Z' });

  it('the team manager is told the plan’s feedback is not recorded, with no rationale; once recorded, the alert says so', () => {
    const plan = { ...largestPlan(), familyFeedbackFollowUp: { replans: [] } };
    const card = chaseAlertView(view(cast.teamManager.id), message('family-feedback-overdue', cast.teamManager.id), plan);
    checks(card);
    expect(cardText(card)).toContain('Family feedback not recorded · case CR-1001');
    expect(cardText(card)).toContain('planned to obtain it by Thu 10 Dec 2026, and has not recorded it yet');
    expect(cardText(card)).not.toContain(x(50));
    const since = chaseAlertView(view(cast.teamManager.id), message('family-feedback-overdue', cast.teamManager.id), largestPlan(true));
    expect(cardText(since)).toContain('has recorded the family');
  });

  it('QA is told when nobody holds the SW Academy role', () => {
    const audit: Audit = { ...anAudit().withStatus('finalised').build(), followUp: { at: '2026-12-08T15:01:00.000Z', grade: 'inadequate', by: 'swAcademy', to: [] } };
    const card = chaseAlertView(view(cast.coordinator.id, 'sandwell-trust'), message('follow-up-recipient-missing', cast.coordinator.id), audit);
    checks(card);
    expect(cardText(card)).toContain('Follow-up: nobody to send it to · case CR-1001');
    expect(cardText(card)).toContain('finalised as Inadequate, so the SW Academy should review it');
  });
});
