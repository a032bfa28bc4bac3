/**
 * End to end: a Telford & Wrekin practice evaluation moderated by a panel (TW-04, TW-05), in the Microsoft 365
 * Agents Playground driven in headless Debian Chromium, with POLICY_PROFILE=telford-wrekin. Alex Morgan (reviewer)
 * accepts CR-10421 and submits a complete review on the Telford & Wrekin form (eight standards and the overall
 * grade; rationales of at most 215 characters). The QA pool makes Chris Evans (least loaded, then by name) chair a
 * panel with Priya Shah, the only other moderator. The Playground shows proactive messages to the current user
 * only, so, as in review-moderation.e2e, the product is stopped and started again on the same store as each
 * person in turn: Priya first, whose held card says Chris chairs and has no Confirm button; then Chris, who
 * presses Confirm without the panel's answers (three problems named next to the panel's inputs, his decisions
 * kept), then records who took part, "Partly" and the learning, and confirms.
 *
 * Every wait is for a condition in the page, never a fixed delay. Screenshots of the key states go to
 * $E2E_SCREENSHOTS/telford-panel (default: <tmp>/qa-e2e-screenshots/telford-panel); on a failure, the whole page
 * (PNG and HTML) is kept there as FAILED-*.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlaygroundDriver, UI_TIMEOUT } from '../support/playground.js';
import { playgroundCast } from '../support/playground-cast.js';
import { step } from '../support/steps.js';

const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'qa-e2e-screenshots'), 'telford-panel');
const WAIT = UI_TIMEOUT;
/** A step is several waits (and may restart the product); each is bounded by WAIT. */
const STEP = 420_000;
const PROFILE = 'telford-wrekin';
const CASE = 'CR-10421';
const MODERATION = `Moderation · case ${CASE}`;
/** Demo cases proposed for others: the coordinator's notices about them end Alex's initial burst of cards. */
const HELD_FOR_OTHERS = ['CR-10702', 'CR-10744', 'CR-10810'];
/** The Telford & Wrekin rationale limit (workflow/audit-tools/telford-wrekin-v1.json, limits.rationaleMax). */
const RATIONALE_MAX = 215;

/** What Alex types on the Telford & Wrekin form: its eight standards and the overall grade. */
const REVIEW = [
  { label: "Child and family's voice", grade: 'Good', rationale: "Ellie's wishes are in the assessment and the plan, in her own words." },
  { label: 'Assessment', grade: 'Good', rationale: 'Timely and proportionate; the history and the family network are analysed.' },
  { label: 'Plans and care planning', grade: 'Requires Improvement', rationale: 'Two plan actions have no timescale and school is not invited to the meetings.' },
  { label: 'Statutory requirements and visits', grade: 'Good', rationale: 'Visits are on time, purposeful and Ellie is seen alone.' },
  { label: 'Thresholds and decision-making', grade: 'Good', rationale: 'The step-up to a child protection plan was timely and explained.' },
  { label: 'Recording', grade: 'Good', rationale: 'Up to date and clear; the reasons for each decision are recorded.' },
  { label: 'Supervision and oversight', grade: 'Good', rationale: 'Monthly reflective supervision with clear direction; the IRO is visible.' },
  { label: 'Family Safeguarding', grade: 'Good', rationale: 'The workbook is used and the adult practitioners join group supervision.' },
  { label: 'Overall', grade: 'Good', rationale: 'Our involvement has made a positive difference: Ellie is safer and attends school every day.' },
] as const;
const FEEDBACK = 'Mum said the worker listened and explained the plan to her.';
/**
 * Priya's tick under "Panel members who took part". The Playground names each box of an expanded multi-select by
 * the set's label and then its choice ("Panel members who took part Priya Shah").
 */
const PRIYA_TICK = /(^|\s)Priya Shah$/;
const LEARNING = 'Record what the child said in their own words, and set a timescale for every action.';

describe(`A Telford & Wrekin audit of ${CASE}: recorded by Alex, moderated by a panel Chris chairs with Priya`, () => {
  const { playAs, driver, storedAudit } = playgroundCast({ shots: SHOTS, first: 'alex', caseRef: CASE, profile: PROFILE });


  async function personId(d: PlaygroundDriver, name: string): Promise<string> {
    const person = (await d.services.directory.all(d.services.tenantId)).find((p) => p.name === name);
    if (!person) throw new Error(`${name} is not in the directory.`);
    return person.id;
  }

  /*
   * The story, as steps: each runs once, whichever test needs it first (a later step runs the earlier ones, and
   * restarts the product as its own person), and returns what its test checks, read from the page and the store
   * when it ran, since later steps change both.
   */

  /** Alex accepts CR-10421, opens the audit, fills in the Telford & Wrekin form and submits it. */
  const submitted = step(async () => {
    const d = driver();
    await d.card('Welcome to QA Audits, Alex').waitFor({ timeout: WAIT });
    const allocation = d.card(`Audit allocation · case ${CASE}`);
    await allocation.waitFor({ timeout: WAIT });
    // The last of the initial burst: after these the chat no longer scrolls under the pointer.
    for (const ref of HELD_FOR_OTHERS) await d.card(`⚠ Card waiting · case ${ref}`).waitFor({ timeout: WAIT });

    await allocation.getByRole('checkbox', { name: 'The allocated practitioner is still Jordan Lee' }).check();
    await allocation.getByRole('button', { name: 'Accept', exact: true }).click();
    await d.expectText(allocation, /Accepted by Alex Morgan at .+/);
    await allocation.getByRole('button', { name: 'Open the audit', exact: true }).click();

    const form = d.card(`Audit · case ${CASE}`);
    await form.waitFor({ timeout: WAIT });
    await d.expectText(form, 'audit tool telford-wrekin v1');
    await d.shot(SHOTS, 'tw01-telford-form', form);
    const shown = {
      // The Telford & Wrekin standards, not West Sussex's domains.
      gradeInputs: await form.getByRole('combobox', { name: /^Grade for / }).count(),
      westSussexOnly: await form.getByRole('combobox', { name: 'Grade for Intervention & Visiting', exact: true }).count(),
      rationaleMaxLengths: [] as (string | null)[],
      // No collaborative meeting gate: Telford & Wrekin does not make it mandatory.
      meetingReason: await form.getByRole('textbox', { name: 'If it could not take place: why (QA will see this)', exact: true }).count(),
    };

    for (const { label, grade, rationale } of REVIEW) {
      await d.choose(form, `Grade for ${label}`, grade);
      const box = form.getByRole('textbox', { name: `Rationale for ${label}`, exact: true });
      shown.rationaleMaxLengths.push(await box.getAttribute('maxlength', { timeout: WAIT }));
      await box.fill(rationale);
    }
    await form.getByRole('radio', { name: 'Yes, feedback was obtained', exact: true }).check();
    await form.getByRole('textbox', { name: 'If obtained: what they said', exact: true }).fill(FEEDBACK);
    await d.shot(SHOTS, 'tw02-telford-form-filled', form.getByRole('button', { name: 'Submit', exact: true }));
    await form.getByRole('button', { name: 'Submit', exact: true }).click();

    const summary = d.card(`Audit submitted · case ${CASE}`);
    await summary.waitFor({ timeout: WAIT });
    await d.expectText(summary, /✓ Submitted\./);
    await d.expectText(summary, 'Chris Evans');
    for (const { rationale } of REVIEW) await d.expectText(summary, `Reviewer: ${rationale}`);
    await d.shot(SHOTS, 'tw03-submitted', summary);

    // Neither Chris nor Priya has opened the app: both panel cards are held, and Alex (the coordinator) is told.
    const waiting = d.card(`⚠ Card waiting · case ${CASE}`);
    await waiting.filter({ hasText: 'Chris Evans' }).first().waitFor({ timeout: WAIT });
    await waiting.filter({ hasText: 'Priya Shah' }).first().waitFor({ timeout: WAIT });
    return { shown, audit: await storedAudit(d), chris: await personId(d, 'Chris Evans'), priya: await personId(d, 'Priya Shah') };
  });

  /** Priya, starting on the same store, reads her held panel card. */
  const priyaRead = step(async () => {
    await submitted();
    // Alex's chat was in the Playground just stopped: what the bot sends Alex from here on cannot be delivered
    // (expect "turn-error … ECONNREFUSED" lines in the log, with the outbox retrying them).
    const d = await playAs('priya');
    await d.card('Welcome to QA Audits, Priya').waitFor({ timeout: WAIT });
    const card = d.card(MODERATION);
    await card.waitFor({ timeout: WAIT });
    await d.expectText(card, 'Chris Evans chairs this panel with Priya Shah and records the decision it agrees.');
    await d.expectText(card, 'Submitted by Alex Morgan');
    await d.expectText(card, `Reviewer's rationale: ${REVIEW.at(-1)!.rationale}`);
    await d.shot(SHOTS, 'tw04-priya-member-card', card.getByText('Moderation panel', { exact: true }));
    return {
      cards: await d.card(MODERATION).count(),
      confirmButtons: await card.getByRole('button', { name: 'Confirm moderation', exact: true }).count(),
      panelInputs: (await card.getByRole('checkbox').count()) + (await card.getByRole('radio').count()) + (await card.getByRole('textbox').count()),
      decisionInputs: await card.getByRole('combobox').count(),
      audit: await storedAudit(d),
    };
  });

  /** Chris, starting on the same store, agrees every grade and presses Confirm without the panel's answers. */
  const refused = step(async () => {
    await priyaRead();
    const d = await playAs('chris');
    await d.card('Welcome to QA Audits, Chris').waitFor({ timeout: WAIT });
    // Both held cards arrive: his own allocation and the moderation. After these the burst is over.
    await d.card('Audit allocation · case CR-10744').waitFor({ timeout: WAIT });
    const card = d.card(MODERATION);
    await card.waitFor({ timeout: WAIT });
    await d.expectText(card, 'You chair this panel. Record the one decision it agrees.');
    await d.shot(SHOTS, 'tw05-chris-chair-card', card);

    for (const { label, grade } of REVIEW) await d.choose(card, `Your decision on ${label}`, `Agree: ${grade}`);
    await card.getByRole('button', { name: 'Confirm moderation', exact: true }).click();

    await d.expectText(card, '⚠ 3 things need fixing before this can be submitted');
    const tookPart = card.getByRole('checkbox', { name: PRIYA_TICK });
    const reflects = card.getByRole('radiogroup', { name: /Does the audit reflect the quality of practice\?/ });
    const learning = card.getByRole('textbox', { name: 'What learning does the audit give the worker?', exact: true });
    const problems = {
      tookPart: card.getByText('Say which panel members took part in the decision.', { exact: true }),
      reflects: card.getByText('Say whether the audit reflects the quality of practice.', { exact: true }),
      learning: card.getByText('Say what learning the audit gives the worker.', { exact: true }),
    };
    for (const problem of Object.values(problems)) await problem.waitFor({ timeout: WAIT });
    await d.shot(SHOTS, 'tw06-panel-answers-missing', problems.tookPart);

    // Each problem sits between its own input and the next one: next to it, in the panel's part of the card.
    const placed = {
      tookPart: (await d.precedes(tookPart, problems.tookPart)) && (await d.precedes(problems.tookPart, reflects)),
      reflects: (await d.precedes(reflects, problems.reflects)) && (await d.precedes(problems.reflects, learning)),
      learning: await d.precedes(learning, problems.learning),
      inPanel: await d
        .container(card, d.page.getByText('Moderation panel', { exact: true }))
        .filter({ has: d.page.getByText('Say which panel members took part in the decision.', { exact: true }) })
        .filter({ has: d.page.getByText('Say what learning the audit gives the worker.', { exact: true }) })
        .count(),
    };
    const kept: string[] = [];
    for (const { label } of REVIEW) kept.push(await card.getByRole('combobox', { name: `Your decision on ${label}`, exact: true }).inputValue());
    return { placed, kept, audit: await storedAudit(d) };
  });

  /** Chris ticks Priya, chooses "Partly", types the learning and confirms. */
  const confirmed = step(async () => {
    await refused();
    const d = driver();
    const card = d.card(MODERATION);
    await card.getByRole('checkbox', { name: PRIYA_TICK }).check();
    await card.getByRole('radio', { name: 'Partly', exact: true }).check();
    await card.getByRole('textbox', { name: 'What learning does the audit give the worker?', exact: true }).fill(LEARNING);
    await d.shot(SHOTS, 'tw07-panel-answered', card.getByRole('textbox', { name: 'What learning does the audit give the worker?', exact: true }));
    await card.getByRole('button', { name: 'Confirm moderation', exact: true }).click();

    await d.expectText(card, /✓ Moderation confirmed/);
    await d.expectText(card, `Chris Evans (chair) and Priya Shah agreed this result. It partly reflects the quality of practice. Learning for the worker: ${LEARNING}`);
    await d.shot(SHOTS, 'tw08-moderation-confirmed', card.getByText(/✓ Moderation confirmed/));
    return {
      agreed: await card.getByText(/^Agreed: /).count(),
      comboboxes: await card.getByRole('combobox').count(),
      checkboxes: await card.getByRole('checkbox').count(),
      confirmButtons: await card.getByRole('button', { name: 'Confirm moderation', exact: true }).count(),
      cards: await d.card(MODERATION).count(),
      audit: await storedAudit(d),
    };
  });

  it('Alex submits a complete review on the Telford & Wrekin form: its standards, 215-character rationales, no meeting gate', async () => {
    const { shown, audit, chris, priya } = await submitted();
    expect(shown.gradeInputs).toBe(REVIEW.length);
    expect(shown.westSussexOnly).toBe(0);
    expect(shown.meetingReason).toBe(0);
    // Every standard's rationale is limited to 215 characters; the overall one to more.
    expect(shown.rationaleMaxLengths.slice(0, -1)).toEqual(Array(REVIEW.length - 1).fill(String(RATIONALE_MAX)));
    expect(Number(shown.rationaleMaxLengths.at(-1))).toBeGreaterThan(RATIONALE_MAX);
    for (const { rationale } of REVIEW) expect(rationale.length).toBeLessThanOrEqual(RATIONALE_MAX);

    expect(audit.status).toBe('awaitingModeration');
    expect(audit.moderatorId).toBe(chris);
    expect(audit.moderation?.panel).toEqual([priya]);
    expect(audit.grades?.carePlanning?.original).toBe('requiresImprovement');
  }, STEP);

  it('Priya, a panel member, gets the moderation card: Chris chairs and records the decision; she has no Confirm button', async () => {
    const { cards, confirmButtons, panelInputs, decisionInputs, audit } = await priyaRead();
    expect(cards).toBe(1);
    expect(confirmButtons).toBe(0);
    expect(panelInputs).toBe(0);
    expect(decisionInputs).toBe(0);
    expect(audit.status).toBe('awaitingModeration');
  }, 2 * STEP);

  it('Chris, the chair, confirms without the panel’s answers: the three problems are named next to the panel’s inputs and his decisions are kept', async () => {
    const { placed, kept, audit } = await refused();
    expect(placed).toEqual({ tookPart: true, reflects: true, learning: true, inPanel: 1 });
    expect(kept).toEqual(REVIEW.map((r) => `Agree: ${r.grade}`));
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.moderation?.outcome).toBeUndefined();
  }, 3 * STEP);

  it('Chris records who took part, "Partly" and the learning: "✓ Moderation confirmed", agreed by Chris (chair) and Priya', async () => {
    const { agreed, comboboxes, checkboxes, confirmButtons, cards, audit } = await confirmed();
    expect(agreed).toBe(REVIEW.length);
    expect(comboboxes).toBe(0);
    expect(checkboxes).toBe(0);
    expect(confirmButtons).toBe(0);
    // Updated in place: still one card.
    expect(cards).toBe(1);

    const chris = audit.moderatorId;
    expect(audit.status).toBe('finalised');
    expect(audit.moderation?.outcome?.panel).toEqual({ tookPart: [chris, ...(audit.moderation?.panel ?? [])], reflects: 'partly', learning: LEARNING });
    expect(audit.history.find((h) => h.event === 'panel decision')).toMatchObject({ by: chris, reason: LEARNING });
    expect(audit.grades?.carePlanning).toMatchObject({ original: 'requiresImprovement', final: 'requiresImprovement' });
    expect(audit.grades?.overall).toMatchObject({ original: 'good', final: 'good' });
  }, 4 * STEP);
});
