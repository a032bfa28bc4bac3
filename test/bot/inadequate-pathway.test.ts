import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { acceptAndOpen, completeReview, invoke, moderationChoices, onlyCardTo, press, stored, command, type Card } from './audit-forms.js';

/**
 * The Inadequate pathway over HTTP as its people meet it (issue 16): the notice after a regrade, the scheduled
 * re-audit in `my audits` and `audit history`, the date a re-audit really goes out, and the service manager's
 * assurance under Sandwell. The real bot, Cosmos SDK and embedded store; the sweeps run on the bot's injected clock.
 */

const EVERYONE = [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.taylor, demo.dana];
const REMEDIAL = 'ACT-REMEDIAL: visit the child with the team manager and update the safety plan.';

async function startWith(profile: string, at: string): Promise<BotHarness> {
  const bot = new BotHarness();
  bot.clock.set(at);
  await bot.start({ env: { POLICY_PROFILE: profile } });
  for (const who of EVERYONE) await bot.post(installationUpdate(bot.connector.url, who));
  await seedDemo(bot.services);
  await bot.deliver();
  return bot;
}

/** The reviewer accepts `caseRef`, grades it Inadequate overall with a remedial action due `remedialDue`, and submits. */
async function submitInadequate(bot: BotHarness, caseRef: string, remedialDue: string, reviewer: Member = demo.alex): Promise<void> {
  const { form } = await acceptAndOpen(bot, reviewer, caseRef);
  const values = { ...completeReview(bot.services.profile.id), 'grade.overall': 'inadequate', 'rationale.overall': 'RAT-overall: the child was not seen for six weeks.' };
  const withRow = await press(bot, reviewer, form, 'Add an action', values);
  const answer = await press(bot, reviewer, withRow, 'Submit', { 'action.r1.description': REMEDIAL, 'action.r1.ownerId': demo.sam.aadObjectId, 'action.r1.dueDate': remedialDue });
  expect(cardText(answer)).not.toContain('Please fix');
  expect((await stored(bot, caseRef)).inadequate).toBeDefined();
  await bot.deliver();
}

/** Every card in a person's chat that mentions `marker`, as it reads now (updated in place or not). */
const shown = (bot: BotHarness, who: Member, marker: string): Card[] => bot.connector.shownCards(bot.conversationOf(who)).filter((c) => cardText(c).includes(marker));

/** The one Inadequate notice about `caseRef` in a person's chat, as it reads now. */
function noticeFor(bot: BotHarness, who: Member, caseRef: string): Card {
  const cards = shown(bot, who, `Inadequate`).filter((c) => cardText(c).includes(`case ${caseRef}`) && cardText(c).includes('notice'));
  if (cards.length !== 1) throw new Error(`Expected one notice about ${caseRef} for ${who.name}, found ${cards.length}`);
  return cards[0]!;
}

const tick = async (bot: BotHarness, iso: string) => {
  bot.clock.set(iso);
  await bot.chase();
  await bot.deliver();
};

const qaAlerts = (bot: BotHarness, caseRef: string) => shown(bot, demo.alex, 'Inadequate notice not acknowledged').filter((c) => cardText(c).includes(caseRef));

describe('BCP: a notice moderated away from Inadequate, and a re-audit that is scheduled', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startWith('bcp', '2026-12-07T09:00:00.000Z'); // a Monday
  });
  afterAll(() => bot?.stop());

  it('1. moderated to Requires Improvement: every recipient’s notice says so in place, the history says the clocks stopped, and QA is not alerted', async () => {
    await submitInadequate(bot, 'CR-10421', '2026-12-11');
    for (const who of [demo.jordan, demo.sam, demo.priya]) expect(cardText(noticeFor(bot, who, 'CR-10421'))).toContain('awaiting moderation');

    bot.clock.advance({ hours: 1 });
    const moderation = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10421');
    await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({ overall: ['requiresImprovement', 'MOD: the child was seen by the duty worker; RI, not Inadequate.'] }, bot.services.profile.id));
    await bot.deliver();

    for (const who of [demo.jordan, demo.sam, demo.priya]) {
      const notice = cardText(noticeFor(bot, who, 'CR-10421'));
      expect(notice).toContain('No longer Inadequate');
      expect(notice).toContain('Chris Evans changed the overall grade to Requires Improvement at moderation');
      expect(notice).toContain('Chris Evans');
      expect(notice).not.toContain('awaiting moderation');
      expect(notice).not.toContain('re-audited on');
      expect(buttonTitles(noticeFor(bot, who, 'CR-10421'))).toEqual([]);
    }
    // The card's own refresh (Teams asks for it when the card is seen) says the same.
    const refreshed = await invoke(bot, demo.priya, 'inadequate.refresh', (noticeFor(bot, demo.priya, 'CR-10421').refresh as { action: { data: unknown } }).action.data);
    expect(cardText(refreshed)).toContain('No longer Inadequate');

    const history = cardText(await command(bot, demo.priya, 'audit history CR-10421'));
    expect(history).toContain('Inadequate clocks stopped');
    expect(history).toContain('Requires Improvement');
    expect(history).toContain('no re-audit');

    // Past the 24 hours to acknowledge, nobody having acknowledged: QA is not alerted about a notice that no longer stands.
    await tick(bot, '2026-12-08T12:00:00.000Z');
    await tick(bot, '2026-12-09T12:00:00.000Z');
    expect(qaAlerts(bot, 'CR-10421')).toEqual([]);
    expect((await stored(bot, 'CR-10421')).status).toBe('finalised');
  });

  it('3. a re-audit due on a Sunday: the notice shows the Monday it goes out, before and after moderation', async () => {
    bot.clock.set('2026-12-07T10:00:00.000Z');
    await submitInadequate(bot, 'CR-10633', '2026-12-11');
    // Two months from Monday 7 December is Sunday 7 February: it goes out on Monday 8 February.
    expect(cardText(noticeFor(bot, demo.priya, 'CR-10633'))).toContain('re-audited on Mon 8 Feb 2027');
    expect(cardText(noticeFor(bot, demo.priya, 'CR-10633'))).not.toContain('Sun 7 Feb 2027');

    const moderation = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10633');
    await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({}, bot.services.profile.id));
    await tick(bot, '2026-12-07T10:05:00.000Z');
    const parent = await stored(bot, 'CR-10633');
    expect(parent.status).toBe('finalised');
    expect(parent.inadequate?.reaudit?.allocateOn).toBe('2027-02-08');
    for (const who of [demo.jordan, demo.sam, demo.priya]) {
      const notice = cardText(noticeFor(bot, who, 'CR-10633'));
      expect(notice).toContain('as moderated by Chris Evans');
      expect(notice).toContain('re-audited on Mon 8 Feb 2027');
    }
  });

  it('2. the scheduled re-audit is shown in my audits and in the audit history: "Re-audit · goes to <reviewer> on <date>"', async () => {
    // Sam reviews CR-10702 on Tuesday 8 December; moderation confirms the Inadequate grade and it is finalised.
    bot.clock.set('2026-12-08T09:00:00.000Z');
    await submitInadequate(bot, 'CR-10702', '2026-12-14', demo.sam);
    await press(bot, demo.chris, onlyCardTo(bot, demo.chris, 'Moderation · case CR-10702'), 'Confirm moderation', moderationChoices({}, bot.services.profile.id));
    await tick(bot, '2026-12-08T09:05:00.000Z');
    expect((await stored(bot, 'CR-10702')).inadequate?.reaudit?.allocateOn).toBe('2027-02-08');

    const myAudits = await command(bot, demo.priya, 'my audits');
    expect(cardText(myAudits)).toContain('Re-audit · goes to Sam Patel on Mon 8 Feb 2027');
    const opened = cardText(await press(bot, demo.priya, myAudits, 'Open re-audit of case CR-10702'));
    expect(opened).toContain('This re-audit goes out on Mon 8 Feb 2027');
    const sams = cardText(await command(bot, demo.sam, 'my audits'));
    expect(sams).toContain('Re-audit · goes to you on Mon 8 Feb 2027');

    const history = cardText(await command(bot, demo.priya, 'audit history CR-10702'));
    expect(history).toContain('Re-audit · goes to Sam Patel on Mon 8 Feb 2027');
  });
});

describe('Sandwell: the service manager’s assurance counts as their acknowledgement', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startWith('sandwell-trust', '2026-12-07T09:00:00.000Z');
  });
  afterAll(() => bot?.stop());

  it('4. recording the assurance acknowledges the notice; with the head of service’s acknowledgement nobody is chased', async () => {
    await submitInadequate(bot, 'CR-10421', '2026-12-11');
    const asked = noticeFor(bot, demo.priya, 'CR-10421');
    expect(cardText(asked)).toContain('Recording your assurance also acknowledges this notice');
    const recorded = await press(bot, demo.priya, asked, 'Record assurance', { assurance: 'ASSURE: the child is with grandparents under a safety plan.' });
    expect(cardText(recorded)).toContain('✓ You acknowledged this notice');
    expect(cardText(recorded)).toContain('Acknowledged by 1 of 2');

    const danas = await press(bot, demo.dana, noticeFor(bot, demo.dana, 'CR-10421'), 'Acknowledge');
    expect(cardText(danas)).toContain('Everyone has acknowledged this notice');

    await tick(bot, '2026-12-07T11:30:00.000Z'); // past the profile's one hour
    expect(qaAlerts(bot, 'CR-10421')).toEqual([]);
  });

  it('4. QA is alerted only about the one who has truly not acknowledged', async () => {
    bot.clock.set('2026-12-07T12:00:00.000Z');
    await submitInadequate(bot, 'CR-10633', '2026-12-11');
    await press(bot, demo.priya, noticeFor(bot, demo.priya, 'CR-10633'), 'Record assurance', { assurance: 'ASSURE: a strategy discussion is booked for today.' });
    await tick(bot, '2026-12-07T13:30:00.000Z');
    const alerts = qaAlerts(bot, 'CR-10633');
    expect(alerts).toHaveLength(1);
    expect(cardText(alerts[0])).toContain('Dana Fox');
    expect(cardText(alerts[0])).not.toContain('Priya Shah');
  });
});
