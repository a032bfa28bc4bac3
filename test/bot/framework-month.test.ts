import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import { acceptAndOpen, completeReview, moderationChoices, onlyCardTo, press, stored, type Card } from './audit-forms.js';

/**
 * Each framework's month over HTTP, in the order its seed gives: Alex (reviewer) grades CR-10421 Inadequate with a
 * remedial action; the moderator the framework names moderates it urgently (Telford & Wrekin: as a panel); the
 * Inadequate notices go out when the framework says (West Sussex: only once moderation confirms the grade, with
 * the Reflective Practice & Action Meeting); the team manager disputes the overall grade and the framework's
 * dispute owner decides; past the notice's hours, QA is told who has not acknowledged it. The real bot, Cosmos SDK
 * and embedded store; the clock is moved on, and the sweeps run on it.
 */
const EVERYONE = [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.taylor, demo.dana];
const CASE = 'CR-10421';
const REMEDIAL = 'ACT-REMEDIAL: visit the child with the team manager and update the safety plan.';
const OVERALL_REASON = 'RAT-overall: the child was not seen for six weeks.';
const DISPUTE = 'DISPUTE: the child was seen by the duty worker in week three, which the audit missed.';

interface Expected {
  readonly profile: string;
  /** Who the seed says moderates CR-10421 (Jordan's case in Sam's team, Priya's service). */
  readonly moderator: Member;
  readonly panel?: Member;
  /** When the written notice goes out: as the reviewer submits, or once moderation confirms the grade. */
  readonly noticesAt: 'submission' | 'moderation';
  /** Who the written notice goes to (Sandwell: "the responsible Service Manager, and Head of Service"). */
  readonly noticeTo: readonly Member[];
  readonly reflectiveMeeting: boolean;
  /** Sandwell: the service manager also records assurance about the child's safety. */
  readonly assurance: boolean;
}

const FRAMEWORKS: readonly Expected[] = [
  // West Sussex: "moderated immediately by the allocated Moderator … Where the moderation confirms the grade, the 'Inadequate' process should be followed."
  { profile: 'west-sussex', moderator: demo.chris, noticesAt: 'moderation', noticeTo: [demo.jordan, demo.sam, demo.priya], reflectiveMeeting: true, assurance: false },
  // BCP: the link Practice Learning Reviewer for the service manager (Chris, for Priya); notice within 24 hours of the review.
  { profile: 'bcp', moderator: demo.chris, noticesAt: 'submission', noticeTo: [demo.jordan, demo.sam, demo.priya], reflectiveMeeting: false, assurance: false },
  // Sandwell: the service manager of the case's own service moderates; the SM records assurance.
  { profile: 'sandwell-trust', moderator: demo.priya, noticesAt: 'submission', noticeTo: [demo.priya, demo.dana], reflectiveMeeting: false, assurance: true },
  // Telford & Wrekin: a moderation panel; Chris chairs, Priya sits on it.
  { profile: 'telford-wrekin', moderator: demo.chris, panel: demo.priya, noticesAt: 'submission', noticeTo: [demo.jordan, demo.sam, demo.priya], reflectiveMeeting: false, assurance: false },
  { profile: 'scsp', moderator: demo.chris, noticesAt: 'submission', noticeTo: [demo.jordan, demo.sam, demo.priya], reflectiveMeeting: false, assurance: false },
];

describe.each(FRAMEWORKS)('$profile: a month from allocation to final grade, with an Inadequate and a dispute', (expected) => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);
  const shown = (who: Member, marker: string): Card[] => bot.connector.shownCards(bot.conversationOf(who)).filter((c) => text(c).includes(marker));
  const notices = (who: Member) => shown(who, 'Inadequate').filter((c) => text(c).includes(`case ${CASE}`) && text(c).includes('notice'));

  beforeAll(async () => {
    bot.clock.set('2026-12-07T09:00:00.000Z'); // a Monday
    await bot.start({ env: { POLICY_PROFILE: expected.profile } });
    for (const who of EVERYONE) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  const submitted = step(async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, CASE);
    const values = { ...completeReview(expected.profile), 'grade.overall': 'inadequate', 'rationale.overall': OVERALL_REASON };
    const withRow = await press(bot, demo.alex, form, 'Add an action', values);
    const answer = await press(bot, demo.alex, withRow, 'Submit', { 'action.r1.description': REMEDIAL, 'action.r1.ownerId': demo.sam.aadObjectId, 'action.r1.dueDate': '2026-12-11' });
    await bot.deliver();
    return { answer, noticesBefore: expected.noticeTo.map((who) => notices(who).length) };
  });

  const moderated = step(async () => {
    await submitted();
    bot.clock.set('2026-12-07T14:00:00.000Z');
    const card = onlyCardTo(bot, expected.moderator, `Moderation · case ${CASE}`);
    const panel: Record<string, string> = expected.panel ? { 'panel.tookPart': expected.panel.aadObjectId, 'panel.reflects': 'yes', 'panel.learning': 'PANEL: see the child alone at every visit.' } : {};
    const answer = await press(bot, expected.moderator, card, 'Confirm moderation', { ...moderationChoices({}, expected.profile), ...panel });
    await bot.deliver();
    // What the people saw once moderation was confirmed, read then (later steps send more).
    return {
      answer,
      audit: await stored(bot, CASE),
      notices: expected.noticeTo.map((who) => notices(who).length),
      reflective: shown(demo.alex, 'Reflective Practice & Action Meeting').length > 0,
      assuranceAsked: notices(demo.priya).some((c) => text(c).includes("Assurance about the child's safety")),
      // Every recipient (Sandwell's head of service too) reads the findings on the notice, not only the grade.
      findings: expected.noticeTo.map((who) => notices(who).some((c) => text(c).includes('Findings') && text(c).includes(`Why: ${OVERALL_REASON}`))),
    };
  });

  const decided = step(async () => {
    await moderated();
    bot.clock.set('2026-12-08T10:00:00.000Z');
    const result = shown(demo.sam, `Audit result · case ${CASE}`).at(-1)!;
    const form = await press(bot, demo.sam, result, 'Dispute a grade');
    await press(bot, demo.sam, form, 'Send dispute', { 'dispute.scope': 'overall', 'dispute.reason': DISPUTE });
    await bot.deliver();
    const decision = onlyCardTo(bot, demo.dana, `Grade dispute · case ${CASE}`);
    const answer = await press(bot, demo.dana, decision, 'Record decision', { 'ruling.outcome': 'uphold', 'ruling.reason': 'DECISION: the absence is in the record; Inadequate stands.' });
    await bot.deliver();
    return answer;
  });

  it('1. the reviewer submits Inadequate: the written notice goes out now only where the framework starts it at submission', async () => {
    const { answer, noticesBefore } = await submitted();
    expect(text(answer)).toContain('✓ Submitted.');
    expect(noticesBefore).toEqual(expected.noticeTo.map(() => (expected.noticesAt === 'submission' ? 1 : 0)));
  });

  it('2. the moderator the framework names gets it at once, marked urgent and due the next working day', async () => {
    await submitted();
    const audit = await stored(bot, CASE);
    expect(audit.moderatorId).toBe(expected.moderator.aadObjectId);
    expect(audit.moderation).toMatchObject({ urgent: true, dueDate: '2026-12-08' });
    expect(audit.moderation?.panel ?? []).toEqual(expected.panel ? [expected.panel.aadObjectId] : []);
    expect(text(onlyCardTo(bot, expected.moderator, `Moderation · case ${CASE}`))).toContain('⚠ URGENT');
  });

  it('3. moderation confirms the grade: final, and the pathway runs (West Sussex: only now, with its reflective meeting)', async () => {
    const { answer, audit, notices: counts, reflective, assuranceAsked, findings } = await moderated();
    expect(findings).toEqual(expected.noticeTo.map(() => true));
    expect(text(answer)).toContain('✓ Moderation confirmed');
    expect(audit.grades?.overall).toMatchObject({ original: 'inadequate', moderated: 'inadequate', final: 'inadequate' });
    expect(counts).toEqual(expected.noticeTo.map(() => 1));
    expect(reflective).toBe(expected.reflectiveMeeting);
    // Sandwell: the service manager's notice asks for their assurance about the child's safety.
    expect(assuranceAsked).toBe(expected.assurance);
  });

  it('4. the team manager disputes the overall grade; the framework’s dispute owner upholds it; the trail is in the seed’s order', async () => {
    expect(text(await decided())).toContain('Inadequate stands.');
    const audit = await stored(bot, CASE);
    expect(audit.status).toBe('finalised');
    const events = audit.history.map((h) => h.event);
    const order = (...names: string[]) => names.map((n) => events.indexOf(n));
    const inOrder = (indexes: number[]) => indexes.every((i, k) => i >= 0 && (k === 0 || i > indexes[k - 1]!));
    expect(inOrder(order('accepted', 'submitted', 'moderator assigned', 'moderated', 'finalised', 'grade disputed', 'dispute upheld'))).toBe(true);
    const notice = events.indexOf('inadequate notice');
    expect(notice).toBeGreaterThan(expected.noticesAt === 'submission' ? events.indexOf('submitted') : events.indexOf('moderated'));
    if (expected.noticesAt === 'moderation') expect(notice).toBeGreaterThan(events.indexOf('moderator assigned'));
    else expect(notice).toBeLessThan(events.indexOf('moderated'));
  });

  it('5. past the notice’s hours with nobody acknowledging, QA is told once', async () => {
    await decided();
    bot.clock.set('2026-12-10T09:00:00.000Z');
    await bot.chase();
    await bot.deliver();
    await bot.chase();
    await bot.deliver();
    expect(shown(demo.alex, 'Inadequate notice not acknowledged').filter((c) => text(c).includes(CASE))).toHaveLength(1);
  });
});
