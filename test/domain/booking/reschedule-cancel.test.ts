import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NotPermitted, StaleCard, TamperedCard } from '../../../workflow/errors.js';
import { MEETING_PATH, meetingKeys } from '../../../workflow/meeting/meeting.js';
import { updateMessage } from '../../../workflow/outbox.js';
import { anAudit } from '../../fakes/index.js';
import { booked, failureOf, ID, iso, outboxOf, practitioner, reviewer, setup, slotsOf, teamManager, WED, type BookingWorld } from './booking-world.js';

/** Marks the heads-up cards as shown in the practitioner's and team manager's chats. */
async function headsUpSent(w: BookingWorld, booking = 1) {
  await w.audits.update(w.tenantId, ID, (a) =>
    [practitioner.id, teamManager.id].reduce(
      (acc, to) =>
        updateMessage(acc, meetingKeys.booked(ID, booking, to), (m) => ({ ...m, state: 'sent', sentAt: m.createdAt, activityId: `act-${to}`, conversationId: `conv-${to}` })),
      a,
    ),
  );
}

describe('rescheduleMeeting', () => {
  it('moves the event to another offered time and records the move', async () => {
    const w = setup();
    const { booking } = await booked(w);
    const { offer } = slotsOf(await w.findAs());
    const outcome = await w.rescheduleAs(reviewer.id, offer.number, offer.slots[1]!.start);

    expect(outcome.alreadyDone).toBe(false);
    expect(w.calendar.allEvents()).toHaveLength(1);
    expect(w.calendar.event(booking.eventId)).toMatchObject({ start: iso(WED, '11:00'), end: iso(WED, '12:00') });
    const audit = w.stored();
    expect(audit.status).toBe('meetingBooked');
    expect(audit.meeting?.offer).toBeUndefined();
    expect(audit.meeting?.booking).toMatchObject({ eventId: booking.eventId, start: iso(WED, '11:00'), moves: 1, offer: 2, number: 1 });
    expect(audit.history.at(-1)).toMatchObject({ event: 'meeting moved', by: reviewer.id, detail: 'from Wed 2 Dec, 09:00–10:00 to Wed 2 Dec, 11:00–12:00' });
  });

  it('updates the heads-up cards already shown, in place; ones not shown yet will show the new time anyway', async () => {
    const w = setup();
    await booked(w);
    let { offer } = slotsOf(await w.findAs());
    await w.rescheduleAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(w.stored().outbox.filter((m) => m.kind === 'meeting-update')).toEqual([]);

    await headsUpSent(w);
    ({ offer } = slotsOf(await w.findAs()));
    await w.rescheduleAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(w.stored().outbox.filter((m) => m.kind === 'meeting-update').map((m) => [m.to, m.key, m.replaces])).toEqual([
      [practitioner.id, meetingKeys.update(ID, 1, 'm2', practitioner.id), meetingKeys.booked(ID, 1, practitioner.id)],
      [teamManager.id, meetingKeys.update(ID, 1, 'm2', teamManager.id), meetingKeys.booked(ID, 1, teamManager.id)],
    ]);
  });

  it('twice is alreadyDone: one move', async () => {
    const w = setup();
    await booked(w);
    const { offer } = slotsOf(await w.findAs());
    await w.rescheduleAs(reviewer.id, offer.number, offer.slots[1]!.start);
    const again = await w.rescheduleAs(reviewer.id, offer.number, offer.slots[1]!.start);
    expect(again.alreadyDone).toBe(true);
    expect(w.calendar.count('move')).toBe(1);
    expect(w.stored().history.filter((h) => h.event === 'meeting moved')).toHaveLength(1);
  });

  it('a crash after the move: the next press moves it there again and records it', async () => {
    const w = setup();
    await booked(w);
    const { offer } = slotsOf(await w.findAs());
    w.calendar.failNext('move', { afterEffect: true });
    await expect(w.rescheduleAs(reviewer.id, offer.number, offer.slots[1]!.start)).rejects.toThrow();
    expect(w.stored().meeting?.booking?.start).toBe(iso(WED, '09:00'));
    await w.rescheduleAs(reviewer.id, offer.number, offer.slots[1]!.start);
    expect(w.stored().meeting?.booking).toMatchObject({ start: iso(WED, '11:00'), moves: 1 });
  });

  it('only to an offered time, only by the reviewer, only with a meeting booked', async () => {
    const w = setup();
    await booked(w);
    const { offer } = slotsOf(await w.findAs());
    expect(await failureOf(w.rescheduleAs(reviewer.id, offer.number, iso(WED, '15:30')))).toBeInstanceOf(TamperedCard);
    expect(await failureOf(w.rescheduleAs(teamManager.id, offer.number, offer.slots[0]!.start))).toBeInstanceOf(NotPermitted);
    await w.cancelAs(reviewer.id, 1);
    expect(await failureOf(w.rescheduleAs(reviewer.id, offer.number, offer.slots[0]!.start))).toBeInstanceOf(StaleCard);
    expect(w.calendar.count('move')).toBe(0);
  });
});

describe('cancelMeeting', () => {
  it('cancels the event with the reason, returns the audit to accepted and clears the offer', async () => {
    const w = setup();
    const { booking } = await booked(w);
    await w.findAs(); // times to move to, on the card
    const outcome = await w.cancelAs(reviewer.id, 1, 'The practitioner is off sick this week');

    expect(outcome.alreadyDone).toBe(false);
    expect(w.calendar.event(booking.eventId).cancelled?.comment).toBe(
      'The collaborative audit meeting for case CR-1001 is cancelled: The practitioner is off sick this week',
    );
    const audit = w.stored();
    expect(audit.status).toBe('accepted');
    expect(audit.meeting).toMatchObject({ status: 'cancelled', bookings: 1 });
    expect(audit.meeting?.offer).toBeUndefined();
    expect(audit.meeting?.booking).toBeUndefined();
    expect(audit.meeting?.previous.map((b) => [b.eventId, b.cancelled?.by, b.cancelled?.reason])).toEqual([
      [booking.eventId, reviewer.id, 'The practitioner is off sick this week'],
    ]);
    expect(audit.history.at(-1)).toMatchObject({ event: 'meeting cancelled', by: reviewer.id, reason: 'The practitioner is off sick this week' });
  });

  it('withdraws heads-up cards never shown; updates those already shown', async () => {
    const w = setup();
    await booked(w);
    await w.cancelAs(reviewer.id, 1);
    expect(outboxOf(w.stored())).toEqual([`meeting-booked → ${practitioner.id} (cancelled)`, `meeting-booked → ${teamManager.id} (cancelled)`]);

    const v = setup();
    await booked(v);
    await headsUpSent(v);
    await v.cancelAs(reviewer.id, 1);
    expect(outboxOf(v.stored())).toEqual([
      `meeting-booked → ${practitioner.id} (sent)`,
      `meeting-booked → ${teamManager.id} (sent)`,
      `meeting-update → ${practitioner.id} (pending)`,
      `meeting-update → ${teamManager.id} (pending)`,
    ]);
  });

  it('twice is alreadyDone: one cancellation', async () => {
    const w = setup();
    await booked(w);
    await w.cancelAs(reviewer.id, 1);
    const again = await w.cancelAs(reviewer.id, 1);
    expect(again.alreadyDone).toBe(true);
    expect(w.calendar.count('cancel')).toBe(1);
  });

  it('rebooking after a cancel makes a new event under a new transaction id; the old card cannot cancel it', async () => {
    const w = setup();
    await booked(w);
    await w.cancelAs(reviewer.id, 1);
    const rebooked = await booked(w);
    expect(rebooked.booking).toMatchObject({ number: 2, transactionId: `qa-${ID}-r1-b2` });
    expect(w.calendar.liveEvents()).toHaveLength(1);
    expect(w.calendar.allEvents()).toHaveLength(2);
    expect(w.stored()).toMatchObject({ status: 'meetingBooked', meeting: { status: 'booked', bookings: 2 } });

    expect(await failureOf(w.cancelAs(reviewer.id, 1))).toBeInstanceOf(StaleCard);
    expect(await failureOf(w.cancelAs(reviewer.id, 5))).toBeInstanceOf(TamperedCard);
    expect(w.calendar.liveEvents()).toHaveLength(1);
  });

  it('a crash after the calendar cancelled: the next press cancels again (harmlessly) and records it', async () => {
    const w = setup();
    await booked(w);
    w.calendar.failNext('cancel', { afterEffect: true });
    await expect(w.cancelAs(reviewer.id, 1)).rejects.toThrow();
    expect(w.stored().status).toBe('meetingBooked');
    const retried = await w.cancelAs(reviewer.id, 1);
    expect(retried.alreadyDone).toBe(false);
    expect(w.stored()).toMatchObject({ status: 'accepted', meeting: { status: 'cancelled' } });
  });

  it('only the reviewer; a reason over 500 characters is refused on its field', async () => {
    const w = setup();
    await booked(w);
    expect(await failureOf(w.cancelAs(practitioner.id, 1))).toBeInstanceOf(NotPermitted);
    const error = await failureOf(w.cancelAs(reviewer.id, 1, 'x'.repeat(501)));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fields)).toEqual([MEETING_PATH.cancelReason]);
    expect(w.calendar.count('cancel')).toBe(0);
  });

  it('a withdrawn audit may cancel the meeting it left behind (its status stays withdrawn)', async () => {
    const w = setup();
    await booked(w);
    await w.audits.update(w.tenantId, ID, (a) => ({ ...a, status: 'withdrawn' }));
    await w.cancelAs(reviewer.id, 1);
    expect(w.stored()).toMatchObject({ status: 'withdrawn', meeting: { status: 'cancelled' } });
  });

  it('nothing to cancel before a booking', async () => {
    const w = setup({ audits: [anAudit().accepted().build()] });
    expect(await failureOf(w.cancelAs(reviewer.id, 1))).toBeInstanceOf(TamperedCard);
    const s = setup({ audits: [anAudit().withStatus('submitted').build()] });
    expect(await failureOf(s.cancelAs(reviewer.id, 1))).toBeInstanceOf(IllegalTransition);
  });
});
