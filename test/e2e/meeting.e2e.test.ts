/**
 * End to end: the whole product (bot, embedded store, demo data, the local Graph-compatible calendar) and the
 * Microsoft 365 Agents Playground, driven in headless Debian Chromium. Alex Morgan accepts CR-10421, books the
 * collaborative audit meeting from the card, moves it, and cancels it; the calendar is checked along the way.
 *
 * Every wait is for a condition in the page or the calendar, never a fixed delay. Screenshots of the key
 * states go to $E2E_SCREENSHOTS (default: <tmp>/qa-e2e-screenshots).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundDriver, startPlayground, UI_TIMEOUT } from '../support/playground.js';
import { step } from '../support/steps.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'qa-e2e-screenshots');
const WAIT = UI_TIMEOUT;
/** A step is several waits; each is bounded by WAIT. */
const STEP = 300_000;
const CASE = 'CR-10421';
const SUBJECT = `QA collaborative audit · case ${CASE}`;
const ORGANISER = 'alex.morgan@example.org';
const ALLOCATION = `Audit allocation · case ${CASE}`;
const MEETING = `Collaborative audit meeting · case ${CASE}`;
/** Demo cases proposed for others: the coordinator's notices about them end the initial burst of cards. */
const HELD_FOR_OTHERS = ['CR-10702', 'CR-10744', 'CR-10810'];

interface CalendarEvent {
  readonly id: string;
  readonly subject: string;
  readonly start: { readonly dateTime: string };
  readonly isCancelled?: boolean;
}

/** A slot's time as the card shows it ("Tue 1 Dec, 10:00–11:00"), without any "· ⚠ …" concerns after it. */
const timeOf = (title: string): string => title.split(' · ⚠')[0]!.trim();

describe('Alex books, moves and cancels the collaborative audit meeting in the Agents Playground', () => {
  let pg: PlaygroundDriver | undefined;
  let starting: Promise<PlaygroundDriver> | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    starting = startPlayground('alex');
    pg = await starting;
  }, 240_000);

  // On a failure, keep the page as it was (screenshot and HTML) for diagnosis.
  beforeEach((context) => {
    context.onTestFailed(async () => {
      await pg?.dump(SHOTS, `FAILED-meeting-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    });
  });

  // Even if start-up outlived beforeAll's timeout, whatever it started is stopped once it settles.
  afterAll(async () => {
    const started = pg ?? (await starting?.catch(() => undefined));
    await started?.close();
  }, 120_000);

  const driver = (): PlaygroundDriver => {
    if (!pg) throw new Error('The Playground did not start.');
    return pg;
  };

  /** The organiser's events for the case, straight from the local calendar server. */
  const events = async (): Promise<CalendarEvent[]> => {
    const url = driver().localCalendarUrl;
    if (!url) throw new Error('The product did not start the local calendar server (LOCAL_GRAPH_PORT).');
    const response = await fetch(`${url}/v1.0/users/${ORGANISER}/events`, { headers: { authorization: 'Bearer local-graph-token' } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { value: CalendarEvent[] }).value.filter((e) => e.subject.includes(CASE));
  };

  /** The radio buttons of the card's expanded "Choose a time" choice set. */
  const times = (card: Locator): Locator => card.getByRole('radiogroup', { name: /^Choose a time \(\d+ minutes\)/ }).getByRole('radio');

  /** Each radio's accessible name (the slot's title), in order. */
  const timeTitles = async (card: Locator): Promise<string[]> => {
    const radios = times(card);
    await radios.first().waitFor({ timeout: WAIT });
    const count = await radios.count();
    const titles: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await radios.nth(i).getAttribute('id', { timeout: WAIT });
      const label = id ? card.locator(`label[for="${id}"]`) : undefined;
      const text = label && (await label.count()) === 1 ? await label.innerText({ timeout: WAIT }) : await radios.nth(i).getAttribute('aria-label', { timeout: WAIT });
      titles.push((text ?? '').trim());
    }
    return titles;
  };

  /*
   * The story's steps: each runs once, whichever test needs it first (a later step runs the earlier ones), and
   * returns what its test checks, read from the page and the calendar when it ran, since later steps change both.
   */

  /** Alex accepts CR-10421 and presses "Book the meeting". */
  const offered = step(async () => {
    const d = driver();
    const allocation = d.card(ALLOCATION);
    await allocation.waitFor({ timeout: WAIT });
    // Wait for the initial burst of cards to end, so the chat no longer scrolls under the pointer.
    for (const ref of HELD_FOR_OTHERS) await d.card(`⚠ Card waiting · case ${ref}`).waitFor({ timeout: WAIT });

    await allocation.getByRole('checkbox', { name: 'The allocated practitioner is still Jordan Lee' }).check({ timeout: WAIT });
    await allocation.getByRole('button', { name: 'Accept', exact: true }).click();
    await d.expectText(allocation, /Accepted by Alex Morgan at .+/);
    await d.shot(SHOTS, 'm01-accepted', allocation);

    await allocation.getByRole('button', { name: 'Book the meeting', exact: true }).click();
    const meeting = d.card(MEETING);
    await meeting.waitFor({ timeout: WAIT });
    await d.shot(SHOTS, 'm02-times-offered', meeting);
    const allocationCards = await d.card(ALLOCATION).count();
    const meetingCards = await d.card(MEETING).count();
    const aboveTheLastNotice = await d.precedes(meeting, d.card(`⚠ Card waiting · case ${HELD_FOR_OTHERS.at(-1)}`));

    await d.expectText(meeting, 'Jordan Lee · practitioner');
    await d.expectText(meeting, 'Sam Patel · team manager');
    return {
      allocationCards,
      meetingCards,
      aboveTheLastNotice,
      times: await times(meeting).count(),
      firstChosen: await times(meeting).first().isChecked(),
      bookButtons: await meeting.getByRole('button', { name: 'Book this time', exact: true }).count(),
      events: await events(),
    };
  });

  /** Alex picks the second time and presses "Book this time". */
  const booked = step(async () => {
    await offered();
    const d = driver();
    const meeting = d.card(MEETING);
    const titles = await timeTitles(meeting);
    expect(titles[1], titles.join(' | ')).toBeTruthy();
    const second = times(meeting).nth(1);
    await second.check({ timeout: WAIT });
    const picked = { second: await second.isChecked(), first: await times(meeting).first().isChecked() };
    await d.shot(SHOTS, 'm03-second-time-picked', meeting);

    await meeting.getByRole('button', { name: 'Book this time', exact: true }).click();
    await d.expectText(meeting, /✓ Booked: .+/);
    await d.shot(SHOTS, 'm04-booked', meeting);
    const bookedTime = timeOf(titles[1]!);
    await d.expectText(meeting, `✓ Booked: ${bookedTime}`);
    return {
      picked,
      bookedTime,
      // Action.OpenUrl: the Playground renders it as a button with the link role, the join URL as its title.
      joinUrl: await meeting.getByRole('link', { name: 'Join the Teams meeting', exact: true }).getAttribute('title', { timeout: WAIT }),
      buttons: {
        findAnother: await meeting.getByRole('button', { name: 'Find another time', exact: true }).count(),
        cancel: await meeting.getByRole('button', { name: 'Cancel the meeting', exact: true }).count(),
        book: await meeting.getByRole('button', { name: 'Book this time', exact: true }).count(),
      },
      times: await times(meeting).count(),
      events: await events(),
    };
  });

  /** Alex presses "Find another time", picks one other than the booked time, and moves the meeting. */
  const moved = step(async () => {
    const { bookedTime } = await booked();
    if (!bookedTime) throw new Error('The booking step did not complete.');
    const d = driver();
    const meeting = d.card(MEETING);
    await meeting.getByRole('button', { name: 'Find another time', exact: true }).click();
    const move = meeting.getByRole('button', { name: 'Move the meeting to this time', exact: true });
    await move.waitFor({ timeout: WAIT });
    const titles = await timeTitles(meeting);
    await d.shot(SHOTS, 'm05-reoffer', meeting);
    // Any offered time other than the booked one.
    const other = titles.findIndex((t) => timeOf(t) !== bookedTime);
    expect(other, titles.join(' | ')).toBeGreaterThanOrEqual(0);
    await times(meeting).nth(other).check({ timeout: WAIT });
    const otherChosen = await times(meeting).nth(other).isChecked();
    await move.click();

    await d.expectText(meeting, '✓ Moved.');
    await d.expectText(meeting, `✓ Booked: ${timeOf(titles[other]!)}`);
    await d.shot(SHOTS, 'm06-moved', meeting);
    return {
      otherChosen,
      moveButtons: await meeting.getByRole('button', { name: 'Move the meeting to this time', exact: true }).count(),
      events: await events(),
    };
  });

  it('accepts CR-10421, and "Book the meeting" turns the card, in place, into up to three times to pick', async () => {
    const offer = await offered();
    // In place: the allocation card became the meeting card; nothing was sent anew at the end of the chat.
    expect(offer.allocationCards).toBe(0);
    expect(offer.meetingCards).toBe(1);
    expect(offer.aboveTheLastNotice).toBe(true);

    expect(offer.times).toBeGreaterThanOrEqual(2);
    expect(offer.times).toBeLessThanOrEqual(3);
    // The first time is chosen for you.
    expect(offer.firstChosen).toBe(true);
    expect(offer.bookButtons).toBe(1);
    expect(offer.events).toHaveLength(0);
  }, STEP);

  it('books the second time: the card reads "✓ Booked" with a join button, and the calendar has one event', async () => {
    const booking = await booked();
    expect(booking.picked.second).toBe(true);
    expect(booking.picked.first).toBe(false);

    expect(booking.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(booking.buttons.findAnother).toBe(1);
    expect(booking.buttons.cancel).toBe(1);
    expect(booking.buttons.book).toBe(0);
    expect(booking.times).toBe(0);

    expect(booking.events.map((e) => e.subject)).toEqual([SUBJECT]);
    expect(booking.events[0]!.isCancelled ?? false).toBe(false);
  }, STEP);

  it('"Find another time" offers times again; moving the meeting updates the one event', async () => {
    const { events: bookedEvents } = await booked();
    const move = await moved();
    expect(move.otherChosen).toBe(true);
    expect(move.moveButtons).toBe(0);

    const bookedEvent = bookedEvents[0];
    if (!bookedEvent) throw new Error('The booking step did not record the event.');
    expect(move.events.map((e) => e.subject)).toEqual([SUBJECT]);
    expect(move.events[0]!.id).toBe(bookedEvent.id);
    expect(move.events[0]!.start.dateTime).not.toBe(bookedEvent.start.dateTime);
    expect(move.events[0]!.isCancelled ?? false).toBe(false);
  }, STEP);

  it('"Cancel the meeting" then "Send cancellation" cancels it, and the event is gone from the calendar', async () => {
    await moved(); // the story's last step: every other test's step comes before it
    const d = driver();
    const meeting = d.card(MEETING);
    await meeting.getByRole('button', { name: 'Cancel the meeting', exact: true }).click();
    const send = meeting.getByRole('button', { name: 'Send cancellation', exact: true });
    await send.waitFor({ timeout: WAIT });
    expect(await meeting.getByRole('button', { name: 'Keep the meeting', exact: true }).count()).toBe(1);
    await d.shot(SHOTS, 'm07-cancelling', meeting);
    await send.click();

    await d.expectText(meeting, '✓ Cancelled.');
    await d.shot(SHOTS, 'm08-cancelled', meeting);
    expect(await meeting.getByRole('button', { name: 'Send cancellation', exact: true }).count()).toBe(0);
    expect(await meeting.getByRole('link', { name: 'Join the Teams meeting', exact: true }).count()).toBe(0);
    // Back to nothing booked: a new time can be found from the same card.
    expect(await meeting.getByRole('button', { name: 'Find a time', exact: true }).count()).toBe(1);
    expect((await events()).filter((e) => !e.isCancelled)).toHaveLength(0);
    // Still one card for the case: every step updated it in place.
    expect(await d.card(MEETING).count()).toBe(1);
  }, STEP);
});
