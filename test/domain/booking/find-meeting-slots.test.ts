import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NotPermitted, StaleCard, TamperedCard } from '../../../workflow/errors.js';
import { MEETING_PATH } from '../../../workflow/meeting/meeting.js';
import { anAudit, castList } from '../../fakes/index.js';
import { allDay, at, booked, cros, failureOf, practitioner, reviewer, secondReviewer, setup, slotsOf, teamManager, times, WED } from './booking-world.js';

describe('findMeetingSlots: the times offered', () => {
  it('offers the three earliest hour-long slots a working day ahead, and records them as offer 1', async () => {
    const w = setup();
    const outcome = await w.findAs();

    expect(times(outcome)).toEqual(['09:00', '10:00', '11:00']);
    const { offer } = slotsOf(outcome);
    expect(offer).toMatchObject({ number: 1, minutes: 60, later: `${WED}T12:00:00.000Z` });
    expect(outcome.attendees.map((a) => `${a.name}${a.required ? '' : ' (optional)'}${a.organiser ? ' *' : ''}`)).toEqual([
      `${reviewer.name} *`,
      practitioner.name,
      teamManager.name,
    ]);
    expect(outcome).toMatchObject({ alreadyDone: false, reschedule: false, minutes: 60 });
    expect(w.stored().meeting).toMatchObject({ status: 'proposed', offers: 1, bookings: 0, offer });
    expect(w.stored().status).toBe('accepted');
  });

  it('asks the calendar once for every attendee\'s schedule over now → the end of the due date', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CLA').build()] });
    const seen: unknown[] = [];
    const schedules = w.calendar.schedules.bind(w.calendar);
    w.calendar.schedules = async (mailboxes, window) => {
      seen.push({ mailboxes, window });
      return schedules(mailboxes, window);
    };
    await w.findAs();
    expect(seen).toEqual([
      {
        mailboxes: [reviewer.email, practitioner.email, teamManager.email, cros.sameService.email],
        window: { start: '2026-12-01T09:00:00.000Z', end: '2027-01-01T00:00:00.000Z' },
      },
    ]);
  });

  it('skips times a required attendee is busy, and flags a slot where only the optional CRO is busy', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CP').build()] });
    w.calendar.busy(teamManager.email, at(WED, '09:00', '10:30'));
    w.calendar.busy(cros.sameService.email, at(WED, '11:00', '12:00'));
    const outcome = slotsOf(await w.findAs());
    expect(times(outcome)).toEqual(['10:30', '11:30', '12:30']);
    expect(outcome.offer.slots.map((s) => s.flags.map((f) => `${f.attendee.name}:${f.concern}`))).toEqual([[`${cros.sameService.name}:busy`], [`${cros.sameService.name}:busy`], []]);
    expect(outcome.offer.attendees.find((a) => a.role === 'conferenceReviewingOfficer')).toEqual({
      personId: cros.sameService.id,
      role: 'conferenceReviewingOfficer',
      required: false,
    });
  });

  it('reads working hours and time zone from the mailbox (a 13:00 start pushes the first slot)', async () => {
    const w = setup();
    w.calendar.setMailbox(practitioner.email, {
      workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '13:00', endTime: '17:00', timeZone: 'GMT Standard Time' },
    });
    expect(times(await w.findAs())).toEqual(['13:00', '14:00', '15:00']);
  });

  it('finding the same times again keeps offer 1 and writes nothing (a second click)', async () => {
    const w = setup();
    await w.findAs();
    const writes = w.audits.writes;
    const again = await w.findAs();
    expect(slotsOf(again).offer.number).toBe(1);
    expect(again.alreadyDone).toBe(true);
    expect(w.audits.writes).toBe(writes);
  });

  it('a changed calendar makes a new offer; the old one is replaced', async () => {
    const w = setup();
    await w.findAs();
    w.calendar.busy(practitioner.email, at(WED, '09:00', '10:00'));
    const again = slotsOf(await w.findAs());
    expect(again.offer.number).toBe(2);
    expect(times(again)).toEqual(['10:00', '11:00', '12:00']);
  });

  it('"show later times" continues after the last offered slot; pressing it twice pages once', async () => {
    const w = setup();
    const first = slotsOf(await w.findAs());
    const later = await w.findAs(reviewer.id, { laterThan: first.offer.number });
    expect(times(later)).toEqual(['12:00', '13:00', '14:00']);
    expect(slotsOf(later).offer).toMatchObject({ number: 2, after: 1 });

    const writes = w.audits.writes;
    const twice = await w.findAs(reviewer.id, { laterThan: first.offer.number });
    expect(twice).toMatchObject({ kind: 'slots', alreadyDone: true });
    expect(slotsOf(twice).offer.number).toBe(2);
    expect(w.audits.writes).toBe(writes);

    expect(times(await w.findAs(reviewer.id, { laterThan: 2 }))).toEqual(['15:00', '16:00', '2026-12-03 09:00']);
  });

  it('"show later times" from a replaced offer is stale, from one never made is tampered', async () => {
    const w = setup();
    await w.findAs();
    await w.findAs(reviewer.id, { laterThan: 1 });
    await w.findAs(reviewer.id, { laterThan: 2 });
    expect(await failureOf(w.findAs(reviewer.id, { laterThan: 1 }))).toBeInstanceOf(StaleCard);
    expect(await failureOf(w.findAs(reviewer.id, { laterThan: 9 }))).toBeInstanceOf(TamperedCard);
  });

  it('says when there are no later times before the deadline, keeping the current offer', async () => {
    const w = setup({ audits: [anAudit().accepted().due('2026-12-02').build()] });
    const first = slotsOf(await w.findAs());
    let offer = first.offer;
    while (offer.later) offer = slotsOf(await w.findAs(reviewer.id, { laterThan: offer.number })).offer;
    const none = await w.findAs(reviewer.id, { laterThan: offer.number });
    expect(none.kind).toBe('no-later-slots');
    expect(w.stored().meeting?.offer?.number).toBe(offer.number);
  });

  it('a shorter meeting: 30 minutes offers 30-minute slots; a length outside 30 … the profile\'s is refused on the field', async () => {
    const w = setup();
    const shorter = slotsOf(await w.findAs(reviewer.id, { minutes: 30 }));
    expect(shorter.offer.minutes).toBe(30);
    expect(shorter.offer.slots.map((s) => `${s.start.slice(11, 16)}–${s.end.slice(11, 16)}`)).toEqual(['09:00–09:30', '09:30–10:00', '10:00–10:30']);
    for (const minutes of [20, 90, 45.5]) {
      const error = await failureOf(w.findAs(reviewer.id, { minutes }));
      expect(error).toBeInstanceOf(InvalidInput);
      expect(Object.keys((error as InvalidInput).fields)).toEqual([MEETING_PATH.minutes]);
    }
  });

  it('marks a mailbox the calendar could not read as unknown (busy), and says so', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CLA').build()] });
    w.calendar.unreadable(cros.sameService.email);
    const outcome = slotsOf(await w.findAs());
    expect(outcome.notes).toEqual([`${cros.sameService.name}'s calendar could not be read, so no time is assumed free for them.`]);
    expect(outcome.offer.slots[0]!.flags.map((f) => f.concern)).toEqual(['unknown']);
  });
});

describe('findMeetingSlots: no slot', () => {
  /** The team manager is on leave from the first possible day to the deadline. */
  function tmOnLeave() {
    const w = setup();
    w.calendar.busy(teamManager.email, allDay(WED, '2026-12-31'));
    return w;
  }

  it('passes the slot finder\'s explanation through, with the ways out, and records nothing', async () => {
    const w = tmOnLeave();
    const outcome = await w.findAs();
    if (outcome.kind !== 'no-slot') throw new Error(`expected no slot, got ${outcome.kind}`);
    expect(outcome.explanation.cause).toBe('attendee-unavailable');
    expect(outcome.explanation.message).toBe(`${teamManager.name} has no free 60-minute slot before Thu 31 Dec within working hours.`);
    expect(outcome.options).toEqual({
      without: [{ personId: teamManager.id, name: teamManager.name, role: 'teamManager' }],
      laterDeadline: true,
    });
    expect(w.stored().meeting).toBeUndefined();
  });

  it('offers a shorter meeting when that fits', async () => {
    const w = setup({ audits: [anAudit().accepted().due(WED).build()] });
    // Wednesday: everyone is busy but for half an hour at 16:00.
    w.calendar.busy(practitioner.email, at(WED, '09:00', '16:00'), at(WED, '16:30', '17:00'));
    const outcome = await w.findAs();
    if (outcome.kind !== 'no-slot') throw new Error(`expected no slot, got ${outcome.kind}`);
    expect(outcome.options.shorter).toEqual({ minutes: 30 });
    expect(times(await w.findAs(reviewer.id, { minutes: 30 }))).toEqual(['16:00']);
  });

  it('"book without" the team manager: they become optional (flagged away) and the times are offered', async () => {
    const w = tmOnLeave();
    const outcome = slotsOf(await w.findAs(reviewer.id, { without: teamManager.id }));
    expect(times(outcome)).toEqual(['09:00', '10:00', '11:00']);
    expect(outcome.offer.without).toBe(teamManager.id);
    expect(outcome.offer.attendees.find((a) => a.personId === teamManager.id)?.required).toBe(false);
    expect(outcome.offer.slots[0]!.flags.map((f) => `${f.attendee.name}:${f.concern}`)).toEqual([`${teamManager.name}:oof`]);
  });

  it('refuses "book without" the reviewer or someone not asked', async () => {
    const w = tmOnLeave();
    for (const without of [reviewer.id, secondReviewer.id]) {
      const error = await failureOf(w.findAs(reviewer.id, { without }));
      expect((error as InvalidInput).fields).toEqual({ [MEETING_PATH.without]: 'Choose one of the required attendees other than yourself.' });
    }
  });

  it('too close to the deadline: explains it without asking the calendar', async () => {
    const w = setup({ audits: [anAudit().accepted().due('2026-12-01').build()] });
    const outcome = await w.findAs();
    expect(outcome.kind).toBe('no-slot');
    if (outcome.kind === 'no-slot') expect(outcome.explanation.cause).toBe('deadline-too-soon');
    expect(w.calendar.count('schedules')).toBe(0);
  });
});

describe('findMeetingSlots: who may ask, and when', () => {
  it('only the allocated reviewer', async () => {
    const w = setup();
    for (const someone of [practitioner.id, teamManager.id, secondReviewer.id]) {
      expect(await failureOf(w.findAs(someone))).toBeInstanceOf(NotPermitted);
    }
    expect(w.calendar.calls).toEqual([]);
  });

  it('only once accepted, and before submission', async () => {
    for (const status of ['allocated', 'declined', 'submitted', 'finalised', 'withdrawn'] as const) {
      const w = setup({ audits: [anAudit().withStatus(status).build()] });
      const error = await failureOf(w.findAs());
      expect(error).toBeInstanceOf(IllegalTransition);
      expect(error.message).toMatch(/cannot be offered meeting times/);
    }
  });

  it('a card from an earlier round is stale', async () => {
    const w = setup({ audits: [anAudit().accepted().inRound(2).build()] });
    expect(await failureOf(w.findAs())).toBeInstanceOf(StaleCard);
  });

  it('with a meeting booked, the times are for moving it', async () => {
    const w = setup();
    await booked(w);
    const outcome = slotsOf(await w.findAs());
    expect(outcome.reschedule).toBe(true);
    // The booked hour is now busy in everyone's calendar.
    expect(times(outcome)).toEqual(['10:00', '11:00', '12:00']);
    expect(w.stored().meeting).toMatchObject({ status: 'booked', offers: 2 });
  });

  it('a directory without the case\'s people is reported, not guessed', async () => {
    const w = setup({ people: castList.filter((p) => p.id !== practitioner.id) });
    expect((await failureOf(w.findAs())).message).toMatch(/practitioner of case CR-1001/);
  });
});
