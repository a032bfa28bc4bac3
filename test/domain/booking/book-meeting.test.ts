import { describe, expect, it } from 'vitest';
import { IllegalTransition, NotPermitted, StaleCard, TamperedCard } from '../../../workflow/errors.js';
import { MESSAGE_KINDS } from '../../../workflow/outbox.js';
import { anAudit } from '../../fakes/index.js';
import {
  booked,
  coordinator,
  cros,
  failureOf,
  ID,
  iso,
  outboxOf,
  practitioner,
  reviewer,
  secondReviewer,
  setup,
  slotsOf,
  teamManager,
  WED,
} from './booking-world.js';

describe('bookMeeting: picking an offered slot', () => {
  it('creates one Teams meeting in the reviewer\'s calendar with every attendee, and records it', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CLA').build()] });
    const { offer } = slotsOf(await w.findAs());
    const outcome = await w.bookAs(reviewer.id, offer.number, offer.slots[1]!.start);

    expect(outcome.alreadyDone).toBe(false);
    const [event] = w.calendar.allEvents();
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(event!.organiser).toBe(reviewer.email);
    expect(event!.request).toMatchObject({
      transactionId: `qa-${ID}-r1-b1`,
      subject: 'QA collaborative audit · case CR-1001',
      start: iso(WED, '10:00'),
      end: iso(WED, '11:00'),
      attendees: [
        { mailbox: practitioner.email, name: practitioner.name, required: true },
        { mailbox: teamManager.email, name: teamManager.name, required: true },
        { mailbox: cros.sameService.email, name: cros.sameService.name, required: false },
      ],
    });
    expect(event!.request.body).toContain('case CR-1001');
    expect(event!.request.body).toContain('self-assessment');

    const audit = w.stored();
    expect(audit.status).toBe('meetingBooked');
    expect(audit.meeting).toMatchObject({ status: 'booked', bookings: 1, offers: 1 });
    expect(audit.meeting?.offer).toBeUndefined();
    expect(audit.meeting?.booking).toMatchObject({
      number: 1,
      eventId: event!.eventId,
      transactionId: `qa-${ID}-r1-b1`,
      start: iso(WED, '10:00'),
      end: iso(WED, '11:00'),
      minutes: 60,
      joinUrl: event!.joinUrl,
      offer: 1,
      moves: 0,
    });
    expect(audit.history.at(-1)).toMatchObject({
      by: reviewer.id,
      event: 'meeting booked',
      detail: 'Wed 2 Dec, 10:00–11:00 (60 minutes) with practitioner, team manager, conference & reviewing officer (optional)',
    });
    expect(outboxOf(audit)).toEqual([`meeting-booked → ${practitioner.id} (pending)`, `meeting-booked → ${teamManager.id} (pending)`]);
    expect(outcome.booking).toEqual(audit.meeting?.booking);
  });

  it('the invitation names the case, never the child: nothing of the child\'s record is in subject or body', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CP').restricted().build()] });
    await booked(w);
    const { subject, body } = w.calendar.allEvents()[0]!.request;
    for (const text of [subject, body]) {
      expect(text).toContain('CR-1001');
      expect(text).not.toMatch(/\bCP\b|child.protection|restricted|Children in Need|Assessment Team/i);
    }
  });

  it('has message kinds for the meeting heads-up, its updates, declines and deadline requests', () => {
    expect(MESSAGE_KINDS).toEqual(expect.arrayContaining(['meeting-booked', 'meeting-update', 'meeting-declined', 'deadline-request']));
  });

  it('from an audit already in review (a draft saved first), books and leaves the status alone', async () => {
    const w = setup({ audits: [anAudit().withStatus('inReview').build()] });
    await booked(w);
    expect(w.stored()).toMatchObject({ status: 'inReview', meeting: { status: 'booked' } });
  });
});

describe('bookMeeting: only an offered slot', () => {
  it('refuses a time that was never offered as a tampered card, and books nothing', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    for (const start of [iso(WED, '09:30'), iso(WED, '15:00'), 'tomorrow at nine', '']) {
      expect(await failureOf(w.bookAs(reviewer.id, offer.number, start))).toBeInstanceOf(TamperedCard);
    }
    expect(await failureOf(w.bookAs(reviewer.id, 7, offer.slots[0]!.start))).toBeInstanceOf(TamperedCard);
    expect(w.calendar.count('book')).toBe(0);
    expect(w.stored().meeting?.status).toBe('proposed');
  });

  it('refuses a slot from an offer since replaced as a stale card', async () => {
    const w = setup();
    const first = slotsOf(await w.findAs());
    slotsOf(await w.findAs(reviewer.id, { laterThan: 1 }));
    const error = await failureOf(w.bookAs(reviewer.id, first.offer.number, first.offer.slots[0]!.start));
    expect(error).toBeInstanceOf(StaleCard);
    expect(error.message).toMatch(/replaced/);
    expect(w.calendar.count('book')).toBe(0);
  });

  it('accepts the same instant written another way (an offset instead of Z)', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    await w.bookAs(reviewer.id, offer.number, `${WED}T10:00:00+01:00`);
    expect(w.stored().meeting?.booking?.start).toBe(iso(WED, '09:00'));
  });

  it('refuses a slot whose time has passed (a card left open for days)', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    w.clock.set(iso(WED, '09:30'));
    expect(await failureOf(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start))).toBeInstanceOf(StaleCard);
  });
});

describe('bookMeeting: never twice', () => {
  it('a second click after the booking was recorded is alreadyDone, with the same meeting and no calendar call', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    const first = await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);
    const writes = w.audits.writes;
    const second = await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);

    expect(second).toMatchObject({ alreadyDone: true, booking: first.booking });
    expect(w.calendar.count('book')).toBe(1);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.audits.writes).toBe(writes);
    expect(w.stored().outbox).toHaveLength(2);
  });

  it('two clicks at once make one event and one booking: one of them is alreadyDone', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    const outcomes = await Promise.all([0, 0].map(() => w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start)));

    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(outcomes.map((o) => o.alreadyDone).sort()).toEqual([false, true]);
    expect(outcomes[0]!.booking.eventId).toBe(outcomes[1]!.booking.eventId);
    expect(w.stored().meeting?.bookings).toBe(1);
    expect(w.stored().history.filter((h) => h.event === 'meeting booked')).toHaveLength(1);
    expect(w.stored().outbox).toHaveLength(2);
  });

  it('two different slots clicked at once still make one event, at the time the audit records', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    await Promise.all([w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start), w.bookAs(reviewer.id, offer.number, offer.slots[2]!.start)]);
    const [event] = w.calendar.allEvents();
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.stored().meeting?.booking).toMatchObject({ eventId: event!.eventId, start: event!.start, end: event!.end });
  });

  it('an ETag conflict while recording re-runs the change: still one event, one booking', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    w.audits.injectConflict((a) => ({ ...a, history: [...a.history, { at: a.history[0]!.at, by: coordinator.id, event: 'note' }] }), ID);
    await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(w.audits.conflicts).toBe(1);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.stored()).toMatchObject({ status: 'meetingBooked', meeting: { bookings: 1 } });
  });

  it('a crash after the event was made: the retry gets the same event back (same transaction id) and records it', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    w.calendar.failNext('book', { afterEffect: true });
    await expect(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start)).rejects.toThrow(/injected/);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.stored().meeting?.status).toBe('proposed');

    const retried = await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(retried.alreadyDone).toBe(false);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.stored().meeting?.booking?.eventId).toBe(w.calendar.allEvents()[0]!.eventId);
  });

  it('after such a crash, picking another offered slot moves the orphan event there instead of making a second', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    w.calendar.failNext('book', { afterEffect: true });
    await expect(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start)).rejects.toThrow();

    await w.bookAs(reviewer.id, offer.number, offer.slots[2]!.start);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.calendar.allEvents()[0]).toMatchObject({ start: iso(WED, '11:00'), end: iso(WED, '12:00') });
    expect(w.stored().meeting?.booking).toMatchObject({ start: iso(WED, '11:00'), end: iso(WED, '12:00') });
  });

  it('a calendar failure before anything was made writes nothing; trying again books', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    w.calendar.failNext('book');
    await expect(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start)).rejects.toThrow();
    expect(w.stored().meeting?.status).toBe('proposed');
    await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(w.calendar.allEvents()).toHaveLength(1);
  });
});

describe('bookMeeting: who, and when', () => {
  it('refuses anyone but the allocated reviewer, before touching the calendar', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    for (const someone of [practitioner.id, teamManager.id, secondReviewer.id, coordinator.id]) {
      expect(await failureOf(w.bookAs(someone, offer.number, offer.slots[0]!.start))).toBeInstanceOf(NotPermitted);
    }
    expect(w.calendar.count('book')).toBe(0);
  });

  it('already booked: picking another slot from the card is stale (move or cancel instead)', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    await w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start);
    const error = await failureOf(w.bookAs(reviewer.id, offer.number, offer.slots[1]!.start));
    expect(error).toBeInstanceOf(StaleCard);
    expect(error.message).toMatch(/already booked/);
    expect(w.calendar.count('book')).toBe(1);
  });

  it('after a reallocation, the old reviewer\'s card is stale', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    await w.audits.update(w.tenantId, ID, (a) => ({ ...a, round: 2, reviewerId: secondReviewer.id }));
    expect(await failureOf(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start))).toBeInstanceOf(StaleCard);
  });

  it('an audit submitted meanwhile cannot book', async () => {
    const w = setup();
    const { offer } = slotsOf(await w.findAs());
    await w.audits.update(w.tenantId, ID, (a) => ({ ...a, status: 'submitted' }));
    const error = await failureOf(w.bookAs(reviewer.id, offer.number, offer.slots[0]!.start));
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error.message).toBe('An audit that is submitted cannot be given a meeting.');
  });
});

describe('the bot\'s own bookings', () => {
  it('count as busy for their attendees, though their calendars show them as unanswered (tentative)', async () => {
    const other = anAudit().accepted().forCase('CR-2002').allocatedTo(secondReviewer.id).build();
    const w = setup({ audits: [anAudit().accepted().build(), other] });
    const first = slotsOf(await w.findAs());
    const taken = first.offer.slots[0]!.start;
    await w.bookAs(reviewer.id, first.offer.number, taken);

    // Another reviewer's case with the same practitioner and team manager: the time just booked is not offered.
    const second = slotsOf(await w.find.execute({ tenantId: w.stored().tenantId, auditId: other.id, round: 1, actorId: secondReviewer.id }));
    expect(second.offer.slots.map((s) => s.start)).not.toContain(taken);
  });
});
