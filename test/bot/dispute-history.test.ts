import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import {
  acceptAndOpen,
  errorNextTo,
  inputIds,
  invoke,
  moderationChoices,
  onlyCardTo,
  press,
  PRIVATE_TEXTS,
  sentTo,
  snapshot,
  stored,
  submitCompleteReview,
  type Card,
} from './audit-forms.js';

const CASE = 'CR-10421'; // Alex reviews; Jordan is the practitioner, Sam the team manager, Priya the service manager
const CHANGE_REASON = 'MOD-REASON: the plan has no timescales, so it cannot be Good.';
const DISPUTE_REASON = 'DISPUTE-REASON: timescales are in the child protection plan, which the audit did not read.';
const DECISION_REASON = 'DECISION-REASON: the CP plan has clear timescales; Good stands as the reviewer found.';
const SECRETS = [...PRIVATE_TEXTS, CHANGE_REASON, DISPUTE_REASON, DECISION_REASON, 'Outstanding', 'Good', 'Requires Improvement', 'Inadequate'];

/**
 * After moderation: the team manager disputes a changed grade from his result card, the dispute owner (Dana
 * Fox, QA head of service) decides, and everyone on the audit is told. The audit trail reads it all back to
 * people with a role on the audit, and to nobody else.
 */
describe('disputes and the audit trail over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const text = (card: unknown) => cardText(card);
  const lastCardTo = (who: Member) => bot.connector.cards(bot.conversationOf(who), 'POST').at(-1)!.card;

  async function expectRefused(attempt: () => Promise<Card>): Promise<Card> {
    const before = await snapshot(bot, CASE);
    const refusalsBefore = bot.logged.filter((l) => l.event === 'refused').length;
    const card = await attempt();
    expect(text(card)).toContain('This is not yours to act on');
    for (const secret of SECRETS) expect(text(card)).not.toContain(secret);
    expect(await snapshot(bot, CASE)).toBe(before);
    expect(bot.logged.filter((l) => l.event === 'refused').length).toBe(refusalsBefore + 1);
    return card;
  }

  /** Types a command as `who` and returns the card the bot answered with. */
  async function say(who: Member, words: string): Promise<Card> {
    const before = bot.connector.cards(bot.conversationOf(who), 'POST').length;
    await bot.post(message(url(), who, words));
    const cards = bot.connector.cards(bot.conversationOf(who), 'POST');
    expect(cards.length).toBe(before + 1);
    return lastCardTo(who);
  }

  let samResult: Card;

  // Alex submits on 1 Dec at 09:00, Chris moderates on 2 Dec (changing Planning), and the results go out.
  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.dana, demo.taylor]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
    const { form } = await acceptAndOpen(bot, demo.alex, CASE);
    await submitCompleteReview(bot, demo.alex, form);
    await bot.deliver();
    bot.clock.set('2026-12-02T10:30:00.000Z');
    const moderation = onlyCardTo(bot, demo.chris, `Moderation · case ${CASE}`);
    await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] }));
    await bot.deliver();
    samResult = onlyCardTo(bot, demo.sam, `Audit result · case ${CASE}`);
    expect((await stored(bot, CASE)).status).toBe('finalised');
  });
  afterAll(() => bot.stop());

  /** The result a person was sent after moderation (a dispute decision later sends another, which says so). */
  const moderatedResult = (who: Member) => {
    const results = sentTo(bot, who, `Audit result · case ${CASE}`).filter((c) => !text(c).includes('Dispute on'));
    expect(results).toHaveLength(1);
    return results[0]!;
  };

  /*
   * The dispute's story, one step per test that changes the audit: the form opened and sent without a reason, the
   * dispute sent, a decision without a reason, the decision. Each returns what its test checks, read when it ran,
   * since later steps change the audit; a test calls the steps it needs, which run the earlier ones first.
   */

  /** On 3 Dec Sam presses "Dispute a grade", then sends it with Planning chosen and no reason. */
  const disputeStarted = step(async () => {
    bot.clock.set('2026-12-03T14:00:00.000Z');
    const form = await press(bot, demo.sam, samResult, 'Dispute a grade');
    const noReason = await press(bot, demo.sam, form, 'Send dispute', { 'dispute.scope': 'planning' });
    return { form, noReason, status: (await stored(bot, CASE)).status };
  });

  /** Sam sends it with a reason, twice; delivery runs twice. */
  const disputeSent = step(async () => {
    const { noReason } = await disputeStarted();
    const sent = await press(bot, demo.sam, noReason, 'Send dispute', { 'dispute.reason': DISPUTE_REASON });
    const audit = await stored(bot, CASE);
    const before = await snapshot(bot, CASE);
    const twice = await press(bot, demo.sam, noReason, 'Send dispute', { 'dispute.reason': DISPUTE_REASON });
    const after = await snapshot(bot, CASE);
    await bot.deliver();
    await bot.deliver();
    return { sent, audit, before, twice, after, decisionCard: onlyCardTo(bot, demo.dana, `Grade dispute · case ${CASE}`) };
  });

  /** Dana records a decision with no reason. */
  const decisionWithoutReason = step(async () => {
    const { decisionCard } = await disputeSent();
    const answer = await press(bot, demo.dana, decisionCard, 'Record decision', { 'ruling.outcome': 'good' });
    return { answer, status: (await stored(bot, CASE)).status };
  });

  /** On 4 Dec Dana decides, then tries to decide otherwise; delivery runs twice. */
  const disputeDecided = step(async () => {
    await decisionWithoutReason();
    const { decisionCard } = await disputeSent();
    bot.clock.set('2026-12-04T09:15:00.000Z');
    const card = await press(bot, demo.dana, decisionCard, 'Record decision', { 'ruling.outcome': 'good', 'ruling.reason': DECISION_REASON });
    const audit = await stored(bot, CASE);
    const before = await snapshot(bot, CASE);
    const twice = await press(bot, demo.dana, decisionCard, 'Record decision', { 'ruling.outcome': 'uphold', 'ruling.reason': 'changed my mind' });
    const after = await snapshot(bot, CASE);
    await bot.deliver();
    await bot.deliver();
    return { card, audit, before, twice, after };
  });

  describe('raising a dispute', () => {
    it('only the team or service manager may dispute: the practitioner is refused, shown nothing, and nothing changes', async () => {
      expect(buttonTitles(moderatedResult(demo.jordan))).toEqual([]);
      const start = (samResult.actions as { verb: string; data: unknown }[])[0]!;
      await expectRefused(() => invoke(bot, demo.jordan, start.verb, start.data));
      await expectRefused(() => invoke(bot, demo.jordan, 'summary.dispute', { ...(start.data as object), 'dispute.scope': 'planning', 'dispute.reason': 'I disagree' }));
      await expectRefused(() => invoke(bot, demo.taylor, start.verb, start.data));
    });

    it('the team manager presses "Dispute a grade"; sending it without a reason keeps his choice and names the problem', async () => {
      const { form, noReason, status } = await disputeStarted();
      expect(inputIds(form)).toEqual(['dispute.scope', 'dispute.reason']);
      expect(buttonTitles(form)).toEqual(['Send dispute', 'Back']);

      expect(errorNextTo(noReason, 'dispute.reason')).toBe('Say why the service disagrees with the moderated grade.');
      expect(inputValue(noReason, 'dispute.scope')).toBe('planning');
      expect(buttonTitles(noReason)).toEqual(['Send dispute', 'Back']);
      expect(status).toBe('finalised');
    });

    it('with a reason it is sent once, even when sent twice; the dispute owner gets the decision card', async () => {
      const { sent, audit, before, twice, after, decisionCard } = await disputeSent();
      expect(text(sent)).toContain('✓ Dispute sent. The decision will come to everyone on the audit.');
      expect(text(sent)).toContain('A grade (Planning) is disputed and waiting for a decision.');
      expect(buttonTitles(sent)).toEqual([]);
      expect(audit.status).toBe('disputed');
      expect(audit.disputes).toMatchObject([{ id: 'd1', scope: 'planning', disputedGrade: 'requiresImprovement', raisedBy: demo.sam.aadObjectId, ownerId: demo.dana.aadObjectId, reason: DISPUTE_REASON }]);

      expect(text(twice)).toContain('You had already raised this dispute. Nothing changed.');
      expect(after).toBe(before);

      for (const fact of ['Sam Patel', 'Planning', 'Good', 'Requires Improvement', DISPUTE_REASON]) expect(text(decisionCard)).toContain(fact);
      expect(inputIds(decisionCard)).toEqual(['ruling.outcome', 'ruling.reason']);
      expect(buttonTitles(decisionCard)).toEqual(['Record decision']);
      expect((decisionCard.refresh as { userIds: string[] }).userIds).toEqual([demo.dana.id]);
    });
  });

  describe('deciding it', () => {
    it('only the dispute owner decides: the moderator and the team manager are refused', async () => {
      const { decisionCard } = await disputeSent();
      for (const who of [demo.chris, demo.sam, demo.priya]) {
        await expectRefused(() => press(bot, who, decisionCard, 'Record decision', { 'ruling.outcome': 'uphold', 'ruling.reason': 'no' }));
      }
    });

    it('a decision needs a reason; what was chosen is kept', async () => {
      const { answer, status } = await decisionWithoutReason();
      expect(errorNextTo(answer, 'ruling.reason')).toBe('Give the reason for the decision: it is final and goes to everyone on the audit.');
      expect(inputValue(answer, 'ruling.outcome')).toBe('good');
      expect(status).toBe('disputed');
    });

    it('the decision is final, recorded with its reason, and sent to everyone on the audit; deciding again changes nothing', async () => {
      const { card: decided, audit, before, twice, after } = await disputeDecided();
      expect(text(decided)).toContain(`✓ Decided by Dana Fox: changed to Good. ${DECISION_REASON}`);
      expect(buttonTitles(decided)).toEqual([]);
      expect(audit.status).toBe('finalised');
      expect(audit.grades?.planning).toEqual({ original: 'good', moderated: 'requiresImprovement', decided: 'good', final: 'good' });
      expect(audit.disputes?.[0]?.decision).toEqual({ outcome: 'changed', grade: 'good', reason: DECISION_REASON, by: demo.dana.aadObjectId, at: '2026-12-04T09:15:00.000Z' });

      expect(text(twice)).toContain('You had already decided this dispute. Nothing changed.');
      expect(text(twice)).toContain('changed to Good');
      expect(after).toBe(before);

      const FINAL = 'Dispute on Planning: changed to Good. This decision is final.';
      for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris]) {
        const card = onlyCardTo(bot, who, FINAL);
        expect(text(card)).toContain(`Audit result · case ${CASE}`);
        expect(text(card)).toContain(`Dispute decision: ${DECISION_REASON}`);
        expect(text(card)).toContain('Good → Requires Improvement (moderated) → Good (dispute decision)');
      }
      expect(sentTo(bot, demo.dana, FINAL)).toEqual([]);
      // Taylor has no role on the audit: he is sent nothing about it (only refusals of what he asked for himself).
      expect(sentTo(bot, demo.taylor, CASE).filter((c) => !text(c).includes('This is not yours to act on'))).toEqual([]);
      expect(audit.outbox.filter((m) => m.kind === 'dispute-decision').map((m) => m.to).sort()).toEqual(
        [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris].map((m) => m.aadObjectId).sort(),
      );
    });

    it('the same grade cannot be disputed again once decided', async () => {
      await disputeDecided();
      const again = await press(bot, demo.sam, (await disputeStarted()).noReason, 'Send dispute', { 'dispute.reason': 'Another try' });
      expect(errorNextTo(again, 'dispute.scope')).toBe('The decision on Planning is final: it was decided on Fri 4 Dec.');
      expect((await stored(bot, CASE)).disputes).toHaveLength(1);
    });
  });

  describe('the audit trail', () => {
    /** The history card's entries: when · who, what, why. */
    function entries(card: Card): { when: string; who: string; what: string; why?: string }[] {
      const containers = (card.body as { type: string; items?: { text: string }[] }[]).filter((e) => e.type === 'Container');
      return containers.map((c) => {
        const [whenWho, what, why] = c.items!.map((i) => i.text);
        const [when, who] = whenWho!.split(' · ');
        return { when: when!, who: who!, what: what!, ...(why ? { why } : {}) };
      });
    }

    it('"audit history CR-10421" shows who, when, what and why: the grades, the change and its reason, the dispute and its decision', async () => {
      await disputeDecided();
      const card = await say(demo.jordan, `audit history ${CASE}`);
      expect(text(card)).toContain(`Audit history · case ${CASE}`);
      // The newest entries come first; the grading is on the page before.
      const earlier = await press(bot, demo.jordan, card, 'Earlier entries');
      const trail = [...entries(earlier), ...entries(card)];
      expect(trail).toEqual(
        expect.arrayContaining([
          { when: '09:00 on Tue 1 Dec 2026', who: 'Alex Morgan', what: 'graded: Planning: Good', why: expect.stringContaining('RAT-planning') },
          { when: '09:00 on Tue 1 Dec 2026', who: 'Alex Morgan', what: 'moderator assigned: Chris Evans', why: 'QA pool: least loaded (0 open moderations)' },
          { when: '10:30 on Wed 2 Dec 2026', who: 'Chris Evans', what: 'grade changed: Planning: Good → Requires Improvement', why: CHANGE_REASON },
          { when: '10:30 on Wed 2 Dec 2026', who: 'Chris Evans', what: 'grade agreed: Overall: Good' },
          { when: '14:00 on Thu 3 Dec 2026', who: 'Sam Patel', what: 'grade disputed: Planning: Requires Improvement; to be decided by Dana Fox', why: DISPUTE_REASON },
          { when: '09:15 on Fri 4 Dec 2026', who: 'Dana Fox', what: 'dispute: grade changed: Planning: Requires Improvement → Good', why: DECISION_REASON },
        ]),
      );
      // In time order, ending with the decision.
      expect(trail.at(-1)).toMatchObject({ who: 'Dana Fox', what: 'finalised: dispute d1 decided' });
      // People are named, never shown as directory ids.
      expect(text(card)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    });

    it('everyone with a role can read it; nobody else learns anything, not even whether the case is audited', async () => {
      await disputeDecided(); // Dana's role on the audit is the dispute's
      for (const who of [demo.alex, demo.sam, demo.priya, demo.chris, demo.dana]) expect(text(await say(who, `audit history ${CASE}`))).toContain(CHANGE_REASON);

      const refusals: string[] = [];
      for (const who of [demo.taylor, demo.stranger]) {
        refusals.push(text(await expectRefused(() => say(who, `audit history ${CASE}`))));
        for (const name of ['Alex Morgan', 'Jordan Lee', 'Chris Evans', 'Dana Fox', 'Sam Patel']) expect(refusals.at(-1)).not.toContain(name);
      }
      const noSuchCase = text(await say(demo.taylor, 'audit history CR-99999'));
      expect(noSuchCase.replace('CR-99999', CASE)).toBe(refusals[0]);
    });
  });

  describe('privacy', () => {
    it('the practitioner and team manager see the rationale on their result; a refusal never shows it', async () => {
      for (const who of [demo.jordan, demo.sam]) {
        const result = text(moderatedResult(who));
        expect(result).toContain(`case ${CASE}`);
        for (const secret of PRIVATE_TEXTS) expect(result).toContain(secret);
      }
      const refresh = (samResult.refresh as { action: { verb: string; data: unknown } }).action;
      await expectRefused(() => invoke(bot, demo.taylor, refresh.verb, refresh.data));
      await expectRefused(() => say(demo.taylor, `audit ${CASE}`));
      await expectRefused(() => say(demo.stranger, `open ${CASE}`));
    });

    it('every card sent about the case is titled by its reference (the case list holds no child\'s name to show)', async () => {
      await disputeDecided(); // the whole story, so every kind of card about the case has been sent
      const cards = bot.connector.cards(undefined, 'POST').map((c) => c.card).filter((c) => text(c).includes(CASE) && !text(c).includes('This is not yours to act on'));
      expect(cards.length).toBeGreaterThan(10);
      for (const card of cards) {
        const title = (card.body as { text?: string }[]).find((e) => e.text)?.text ?? '';
        expect(title).toMatch(new RegExp(` · case ${CASE}$`));
      }
    });
  });
});
