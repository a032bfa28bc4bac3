/**
 * End to end: an immediate safeguarding concern reaches the case's managers (West Sussex, WS-11: the product's
 * default profile, which sends it to the case's team manager, service manager, head of service and QA
 * coordinator), in the Microsoft 365 Agents Playground driven in headless Debian Chromium. Alex Morgan (reviewer)
 * accepts CR-10421, opens the audit, and types `concern CR-10421` as the form tells them; Send with no reason is
 * refused with the problem named and nothing sent; with a reason it is sent. The Playground shows proactive
 * messages to the current user only, so, as in review-moderation.e2e, the product is then stopped and started
 * again on the same store as each manager in turn: Sam Patel (team manager) gets the held concern card and
 * acknowledges it; then Priya Shah (service manager) gets hers, which shows Sam's acknowledgement, and
 * acknowledges too.
 *
 * Every wait is for a condition in the page, never a fixed delay. Screenshots of the key states go to
 * $E2E_SCREENSHOTS/immediate-concern (default: <tmp>/qa-e2e-screenshots/immediate-concern); on a failure, the
 * whole page (PNG and HTML) is kept there as FAILED-*.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlaygroundDriver, UI_TIMEOUT } from '../support/playground.js';
import { playgroundCast } from '../support/playground-cast.js';
import { step } from '../support/steps.js';

const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'qa-e2e-screenshots'), 'immediate-concern');
const WAIT = UI_TIMEOUT;
/** A step is several waits (and may restart the product); each is bounded by WAIT. */
const STEP = 420_000;
const CASE = 'CR-10421';
/** The form that raises a concern, as `concern CR-10421` answers it. */
const RAISE = `Raise an immediate safeguarding concern · case ${CASE}`;
/** The concern once sent: the raiser's card turns into it, and each recipient gets it. */
const CONCERN = `⚠ Immediate safeguarding concern · case ${CASE}`;
/** Demo cases proposed for others: the coordinator's notices about them end Alex's initial burst of cards. */
const HELD_FOR_OTHERS = ['CR-10702', 'CR-10744', 'CR-10810'];
const REASON = 'Ellie told me today her stepfather hit her last night, and she is scared to go home after school.';
const REASON_LABEL = 'What is the concern? Say what you saw and why it cannot wait.';
const NO_REASON = 'Say what the concern is, so the managers can act on it now.';
/** "Sam Patel (team manager): ✓ Mon 7 Dec 2026, 10:15": an acknowledgement, as the card lists it. */
const acknowledged = (name: string, role: string) => new RegExp(`${name} \\(${role}\\): ✓ .+`);

describe(`An immediate safeguarding concern about ${CASE}: raised by Alex, acknowledged by the managers`, () => {
  const { playAs, driver, storedAudit } = playgroundCast({ shots: SHOTS, first: 'alex', caseRef: CASE });


  async function people(d: PlaygroundDriver): Promise<Record<'sam' | 'priya' | 'dana', string>> {
    const all = await d.services.directory.all(d.services.tenantId);
    const id = (name: string) => {
      const person = all.find((p) => p.name === name);
      if (!person) throw new Error(`${name} is not in the directory.`);
      return person.id;
    };
    return { sam: id('Sam Patel'), priya: id('Priya Shah'), dana: id('Dana Fox') };
  }

  /*
   * The story, as steps: each runs once, whichever test needs it first (a later step runs the earlier ones, and
   * restarts the product as its own person), and returns what its test checks, read from the page and the store
   * when it ran, since later steps change both.
   */

  /** Alex accepts CR-10421, opens the audit, types `concern CR-10421` and presses Send with no reason. */
  const refused = step(async () => {
    const d = driver();
    await d.card('Welcome to QA Audits, Alex').waitFor({ timeout: WAIT });
    const allocation = d.card(`Audit allocation · case ${CASE}`);
    await allocation.waitFor({ timeout: WAIT });
    // The last of the initial burst: after these the chat no longer scrolls under the pointer.
    for (const ref of HELD_FOR_OTHERS) await d.card(`⚠ Card waiting · case ${ref}`).waitFor({ timeout: WAIT });

    await allocation.getByRole('checkbox', { name: 'The allocated practitioner is still Jordan Lee' }).check();
    await allocation.getByRole('button', { name: 'Accept', exact: true }).click();
    await d.expectText(allocation, /Accepted by Alex Morgan at .+/);
    // Accepting sends Jordan the self-assessment, held (Jordan has no chat yet), so Alex is told: wait for that
    // notice, or the chat may re-render under the pointer and swallow the next click.
    await d.card(`⚠ Card waiting · case ${CASE}`).first().waitFor({ timeout: WAIT });
    await allocation.getByRole('button', { name: 'Open the audit', exact: true }).click();
    const form = d.card(`Audit · case ${CASE}`);
    await form.waitFor({ timeout: WAIT });
    // The form says how: a command, so the form itself stays as it is.
    await d.expectText(form, `A child at risk now? Type concern ${CASE} to raise an immediate safeguarding concern.`);
    await d.shot(SHOTS, 'ic01-audit-form-says-how', form.getByText(/A child at risk now\?/));

    await d.say(`concern ${CASE}`);
    const raise = d.card(RAISE);
    await raise.waitFor({ timeout: WAIT });
    await d.expectText(raise, "It goes at once to the case's team manager, service manager, head of service and QA coordinator.");
    await d.shot(SHOTS, 'ic02-concern-form', raise);
    const inputs = { textboxes: await raise.getByRole('textbox').count(), comboboxes: await raise.getByRole('combobox').count() };

    await raise.getByRole('button', { name: 'Send the concern now', exact: true }).click();
    // The problem is named under the reason's input, and nothing was sent: the form is still the form.
    const reason = raise.getByRole('textbox', { name: REASON_LABEL, exact: true });
    const problem = raise.getByText(NO_REASON, { exact: true });
    await problem.waitFor({ timeout: WAIT });
    await d.shot(SHOTS, 'ic03-no-reason', problem);
    return {
      inputs,
      problemUnderReason: await d.precedes(reason, problem),
      stillRaising: await raise.getByRole('button', { name: 'Send the concern now', exact: true }).count(),
      concerns: await d.card(CONCERN).count(),
      audit: await storedAudit(d),
      formsKept: await d.card(`Audit · case ${CASE}`).count(),
    };
  });

  /** Alex types the reason and sends it. */
  const sent = step(async () => {
    await refused();
    const d = driver();
    const raise = d.card(RAISE);
    await raise.getByRole('textbox', { name: REASON_LABEL, exact: true }).fill(REASON);
    await raise.getByRole('button', { name: 'Send the concern now', exact: true }).click();

    // Updated in place: the form becomes the concern as sent, with who has acknowledged it.
    const concern = d.card(CONCERN);
    await concern.waitFor({ timeout: WAIT });
    await d.expectText(concern, '✓ Sent. It is recorded on the audit.');
    await d.expectText(concern, REASON);
    await d.expectText(concern, 'Sam Patel (team manager): not yet');
    await d.expectText(concern, 'Priya Shah (service manager): not yet');
    await d.expectText(concern, 'Dana Fox (head of service): not yet');
    await d.shot(SHOTS, 'ic04-sent', concern);
    const shown = {
      forms: await d.card(RAISE).count(),
      concerns: await d.card(CONCERN).count(),
      textboxes: await concern.getByRole('textbox').count(),
      sendButtons: await concern.getByRole('button', { name: 'Send the concern now', exact: true }).count(),
      // Alex raised it: nothing for Alex to acknowledge.
      acknowledgeButtons: await concern.getByRole('button', { name: 'Acknowledge', exact: true }).count(),
    };
    return { shown, audit: await storedAudit(d), ids: await people(d) };
  });

  /** Sam, the case's team manager, starting on the same store, gets the held concern and acknowledges it. */
  const samAcknowledged = step(async () => {
    await sent();
    // Alex's chat was in the Playground just stopped: what the bot sends Alex from here on cannot be delivered
    // (expect "turn-error … ECONNREFUSED" lines in the log, with the outbox retrying them).
    const d = await playAs('sam');
    await d.card('Welcome to QA Audits, Sam').waitFor({ timeout: WAIT });
    // Sam's own held allocation comes too; the concern is what he must act on now.
    await d.card('Audit allocation · case CR-10702').waitFor({ timeout: WAIT });
    const concern = d.card(CONCERN);
    await concern.waitFor({ timeout: WAIT });
    await d.expectText(concern, /Raised by Alex Morgan at .+/);
    await d.expectText(concern, REASON);
    await d.expectText(concern, 'Sam Patel (team manager): not yet');
    await d.shot(SHOTS, 'ic05-sam-receives', concern);
    const before = { cards: await d.card(CONCERN).count(), acknowledgeButtons: await concern.getByRole('button', { name: 'Acknowledge', exact: true }).count() };

    await concern.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await d.expectText(concern, acknowledged('Sam Patel', 'team manager'));
    await d.shot(SHOTS, 'ic06-sam-acknowledged', concern);
    return {
      before,
      after: {
        cards: await d.card(CONCERN).count(),
        acknowledgeButtons: await concern.getByRole('button', { name: 'Acknowledge', exact: true }).count(),
        priyaStill: await concern.getByText('Priya Shah (service manager): not yet', { exact: true }).count(),
      },
      audit: await storedAudit(d),
    };
  });

  /** Priya, the case's service manager, starting on the same store, gets hers: Sam's acknowledgement is on it. */
  const priyaAcknowledged = step(async () => {
    await samAcknowledged();
    const d = await playAs('priya');
    await d.card('Welcome to QA Audits, Priya').waitFor({ timeout: WAIT });
    await d.card('Audit allocation · case CR-10810').waitFor({ timeout: WAIT });
    const concern = d.card(CONCERN);
    await concern.waitFor({ timeout: WAIT });
    await d.expectText(concern, REASON);
    await d.expectText(concern, acknowledged('Sam Patel', 'team manager'));
    await d.expectText(concern, 'Priya Shah (service manager): not yet');
    await d.shot(SHOTS, 'ic07-priya-sees-sams-acknowledgement', concern);
    const before = { acknowledgeButtons: await concern.getByRole('button', { name: 'Acknowledge', exact: true }).count() };

    await concern.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await d.expectText(concern, acknowledged('Priya Shah', 'service manager'));
    await d.shot(SHOTS, 'ic08-priya-acknowledged', concern);
    return {
      before,
      after: {
        cards: await d.card(CONCERN).count(),
        acknowledgeButtons: await concern.getByRole('button', { name: 'Acknowledge', exact: true }).count(),
        samStill: await concern.getByText(acknowledged('Sam Patel', 'team manager')).count(),
        danaNotYet: await concern.getByText('Dana Fox (head of service): not yet', { exact: true }).count(),
      },
      audit: await storedAudit(d),
    };
  });

  it('Alex types "concern CR-10421", as the audit form says; Send with no reason is refused, the problem named, nothing sent', async () => {
    const { inputs, problemUnderReason, stillRaising, concerns, audit, formsKept } = await refused();
    // The concern form asks only for the reason.
    expect(inputs).toEqual({ textboxes: 1, comboboxes: 0 });
    expect(problemUnderReason).toBe(true);
    expect(stillRaising).toBe(1);
    expect(concerns).toBe(0);
    expect(audit.concerns ?? []).toHaveLength(0);
    expect(audit.history.some((h) => h.event === 'immediate concern raised')).toBe(false);
    // The audit form stays as it was.
    expect(formsKept).toBe(1);
  }, STEP);

  it('with a reason it is sent at once to the team manager, service manager and head of service, and recorded', async () => {
    const { audit: before } = await refused();
    const { shown, audit, ids } = await sent();
    expect(shown).toEqual({ forms: 0, concerns: 1, textboxes: 0, sendButtons: 0, acknowledgeButtons: 0 });
    const [concern, ...more] = audit.concerns ?? [];
    expect(more).toHaveLength(0);
    expect(concern?.reason).toBe(REASON);
    expect(concern?.recipients).toEqual([
      { personId: ids.sam, role: 'teamManager' },
      { personId: ids.priya, role: 'serviceManager' },
      { personId: ids.dana, role: 'headOfService' },
    ]);
    expect(audit.history.find((h) => h.event === 'immediate concern raised')?.reason).toBe(REASON);
    // A concern changes no grade and does not move the audit on.
    expect(audit.status).toBe(before.status);
    expect(audit.grades).toEqual(before.grades);
  }, 2 * STEP);

  it('Sam, the team manager, gets the concern card and acknowledges it: the card shows his acknowledgement', async () => {
    const { before, after, audit } = await samAcknowledged();
    expect(before).toEqual({ cards: 1, acknowledgeButtons: 1 });
    expect(after).toEqual({ cards: 1, acknowledgeButtons: 0, priyaStill: 1 });
    const recipients = audit.concerns?.[0]?.recipients ?? [];
    expect(recipients.find((r) => r.role === 'teamManager')?.acknowledgedAt).toBeTruthy();
    expect(recipients.find((r) => r.role === 'serviceManager')?.acknowledgedAt).toBeUndefined();
    expect(audit.history.filter((h) => h.event === 'immediate concern acknowledged')).toHaveLength(1);
  }, 3 * STEP);

  it('Priya, the service manager, gets it too, with Sam’s acknowledgement on it, and acknowledges it herself', async () => {
    const { before, after, audit } = await priyaAcknowledged();
    expect(before).toEqual({ acknowledgeButtons: 1 });
    expect(after).toEqual({ cards: 1, acknowledgeButtons: 0, samStill: 1, danaNotYet: 1 });
    const recipients = audit.concerns?.[0]?.recipients ?? [];
    expect(recipients.filter((r) => r.acknowledgedAt).map((r) => r.role)).toEqual(['teamManager', 'serviceManager']);
    expect(audit.history.filter((h) => h.event === 'immediate concern acknowledged')).toHaveLength(2);
  }, 4 * STEP);
});
