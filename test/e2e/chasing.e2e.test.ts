/**
 * End to end: Jordan Lee (practitioner) in the Agents Playground gets the demo's overdue action (case CR-09950,
 * seeded by `npm start -- --as jordan`), is told a note is needed, marks it done with one, and the card reads
 * "marked done". Every wait is for a condition in the page, never a fixed delay.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundDriver, startPlayground, UI_TIMEOUT } from '../support/playground.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'qa-e2e-screenshots');
const WAIT = UI_TIMEOUT;
const STEP = 300_000;

describe('Jordan chases their own overdue action in the Agents Playground', () => {
  let pg: PlaygroundDriver | undefined;
  let starting: Promise<PlaygroundDriver> | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    starting = startPlayground('jordan');
    pg = await starting;
  }, 240_000);

  beforeEach((context) => {
    context.onTestFailed(async () => {
      await pg?.dump(SHOTS, `FAILED-chasing-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    });
  });

  afterAll(async () => {
    const started = pg ?? (await starting?.catch(() => undefined));
    await started?.close();
  }, 120_000);

  it('the overdue action arrives with its buttons; Mark done needs a note, then the card says it waits for sign-off', async () => {
    const d = pg!;
    const card = d.card('Update the chronology with the last three visits');
    await card.waitFor({ timeout: WAIT });
    await d.expectText(card, 'Action overdue · case CR-09950');
    await d.expectText(card, /⚠ Overdue by \d+ working days?/);
    expect(await card.getByRole('button', { name: 'Ask for more time', exact: true }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Snooze 1 day (2 left)', exact: true }).count()).toBe(1);
    await d.shot(SHOTS, 'chase-01-overdue', card);

    await card.getByRole('button', { name: 'Mark done', exact: true }).click();
    const note = card.getByRole('textbox', { name: 'What was done (required)' });
    await note.waitFor({ timeout: WAIT });
    await card.getByRole('button', { name: 'Mark as done', exact: true }).click();
    await d.expectText(card, 'Say in a few words what was done.');
    await d.shot(SHOTS, 'chase-02-note-needed', card);

    await card.getByRole('textbox', { name: 'What was done (required)' }).fill('Chronology updated after the visit on Monday.');
    await card.getByRole('button', { name: 'Mark as done', exact: true }).click();
    await d.expectText(card, /Marked done by Jordan Lee at .+: waiting for Sam Patel to sign it off/);
    expect(await card.getByRole('button', { name: 'Mark done', exact: true }).count()).toBe(0);
    await d.shot(SHOTS, 'chase-03-done', card);

    // The reminder for the action due the next working day came too.
    await d.card('Share the child’s plan with the family').waitFor({ timeout: WAIT });
  }, STEP);
});
