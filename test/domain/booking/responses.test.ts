import { describe, expect, it } from 'vitest';
import { InvalidInput, NotPermitted } from '../../../workflow/errors.js';
import { MEETING_PATH, meetingKeys, meetingSummary } from '../../../workflow/meeting/meeting.js';
import { anAudit, aBookedMeeting } from '../../fakes/index.js';
import { booked, coordinator, cros, failureOf, ID, iso, outboxOf, practitioner, reviewer, setup, slotsOf, teamManager, WED } from './booking-world.js';

describe('checkMeetingResponses', () => {
  it('a required attendee\'s decline is told to the reviewer once, however often the check runs', async () => {
    const w = setup();
    const { booking } = await booked(w);
    w.calendar.respond(booking.eventId, practitioner.email, 'accepted').respond(booking.eventId, teamManager.email, 'declined');

    expect(await w.check()).toEqual({ checked: 1, changed: 1, declined: 1, failed: [] });
    const writes = w.audits.writes;
    expect(await w.check()).toEqual({ checked: 1, changed: 0, declined: 0, failed: [] });
    expect(w.audits.writes).toBe(writes);

    const audit = w.stored();
    expect(audit.outbox.filter((m) => m.kind === 'meeting-declined').map((m) => [m.to, m.key])).toEqual([
      [reviewer.id, meetingKeys.declined(ID, 1, teamManager.id, 1)],
    ]);
    expect(audit.meeting?.booking?.responses.map((r) => [r.personId, r.response])).toEqual([
      [practitioner.id, 'accepted'],
      [teamManager.id, 'declined'],
    ]);
    expect(audit.history.at(-1)).toMatchObject({ by: teamManager.id, event: 'meeting declined', detail: 'Team manager declined the meeting on Wed 2 Dec, 09:00–10:00' });
  });

  it('an optional attendee\'s decline is recorded, not told', async () => {
    const w = setup({ audits: [anAudit().accepted().withChildStatus('CLA').build()] });
    const { booking } = await booked(w);
    w.calendar.respond(booking.eventId, cros.sameService.email, 'declined');
    expect(await w.check()).toMatchObject({ changed: 1, declined: 0 });
    expect(w.stored().outbox.filter((m) => m.kind === 'meeting-declined')).toEqual([]);
    expect(w.stored().history.at(-1)).toMatchObject({ event: 'meeting declined', detail: expect.stringContaining('(optional)') });
  });

  it('declining, accepting, then declining again is two declines: two messages', async () => {
    const w = setup();
    const { booking } = await booked(w);
    for (const response of ['declined', 'accepted', 'declined'] as const) {
      w.calendar.respond(booking.eventId, practitioner.email, response);
      await w.check();
    }
    expect(w.stored().outbox.filter((m) => m.kind === 'meeting-declined').map((m) => m.key)).toEqual([
      meetingKeys.declined(ID, 1, practitioner.id, 1),
      meetingKeys.declined(ID, 1, practitioner.id, 2),
    ]);
  });

  it('the decline leads to new times: the reviewer finds times and moves the meeting', async () => {
    const w = setup();
    const { booking } = await booked(w);
    w.calendar.respond(booking.eventId, teamManager.email, 'declined');
    w.calendar.busy(teamManager.email, { status: 'oof', allDay: true, firstDay: WED, lastDay: WED });
    await w.check();
    const { offer, reschedule } = slotsOf(await w.findAs());
    expect(reschedule).toBe(true);
    expect(offer.slots[0]!.start).toBe(iso('2026-12-03', '09:00'));
    await w.rescheduleAs(reviewer.id, offer.number, offer.slots[0]!.start);
    expect(w.calendar.event(booking.eventId).start).toBe(iso('2026-12-03', '09:00'));
  });

  it('only reads meetings still booked and not yet over; one failure does not stop the rest', async () => {
    const w = setup({
      audits: [
        anAudit().forCase('CR-1').withStatus('meetingBooked').withMeeting(aBookedMeeting({ eventId: 'e-1', start: iso(WED, '09:00') })).build(),
        anAudit().forCase('CR-2').withStatus('meetingBooked').withMeeting(aBookedMeeting({ eventId: 'e-missing', start: iso(WED, '10:00') })).build(),
        anAudit().forCase('CR-3').withStatus('meetingBooked').withMeeting(aBookedMeeting({ eventId: 'e-past', start: iso('2026-11-30', '09:00') })).build(),
        anAudit().forCase('CR-4').accepted().build(),
      ],
    });
    // A real event behind CR-1, so its responses can be read.
    await w.calendar.book(reviewer.email, { transactionId: 't', subject: 's', body: 'b', start: iso(WED, '09:00'), end: iso(WED, '10:00'), attendees: [{ mailbox: teamManager.email, name: teamManager.name, required: true }] });
    await w.audits.update(w.tenantId, 'a-2026-12-CR-1', (a) => ({ ...a, meeting: { ...a.meeting!, booking: { ...a.meeting!.booking!, eventId: 'event-1' } } }));
    w.calendar.respond('event-1', teamManager.email, 'declined');

    const tally = await w.check();
    expect(tally).toMatchObject({ checked: 1, changed: 1, declined: 1 });
    expect(tally.failed.map((f) => f.auditId)).toEqual(['a-2026-12-CR-2']);
    expect(w.calendar.count('responses')).toBe(2);
  });
});

describe('my audits shows the meeting', () => {
  it('not booked yet, then booked with its time and join link, then declined', async () => {
    const w = setup();
    const mine = async () => (await w.list.execute({ tenantId: w.tenantId, personId: reviewer.id }))[0]!.meeting;
    expect(await mine()).toEqual({ status: 'not-booked', declinedBy: [], text: 'Meeting not booked yet' });

    await w.findAs();
    expect((await mine())?.status).toBe('proposed');

    const { booking } = await booked(w);
    expect(await mine()).toEqual({
      status: 'booked',
      start: iso(WED, '09:00'),
      end: iso(WED, '10:00'),
      joinUrl: booking.joinUrl,
      declinedBy: [],
      text: 'Meeting Wed 2 Dec, 09:00–10:00',
    });

    w.calendar.respond(booking.eventId, teamManager.email, 'declined');
    await w.check();
    expect(await mine()).toMatchObject({ declinedBy: [teamManager.id], text: expect.stringContaining('declined by an attendee') });

    await w.cancelAs(reviewer.id, 1);
    expect((await mine())?.status).toBe('cancelled');
  });

  it('in the reader\'s time zone; nothing for audits where a meeting is not a question', () => {
    const audit = anAudit().withStatus('meetingBooked').withMeeting(aBookedMeeting({ start: iso(WED, '09:00') })).build();
    expect(meetingSummary(audit, 'America/New_York')?.text).toBe('Meeting Wed 2 Dec, 04:00–05:00');
    expect(meetingSummary(anAudit().build())).toBeUndefined();
    expect(meetingSummary(anAudit().withStatus('submitted').build())).toBeUndefined();
  });
});

describe('requestLaterDeadline', () => {
  it('tells the QA coordinator once per search, and records it in the trail', async () => {
    const w = setup();
    w.calendar.busy(teamManager.email, { status: 'oof', allDay: true, firstDay: WED, lastDay: '2026-12-31' });
    expect((await w.findAs()).kind).toBe('no-slot');
    const ask = () => w.deadline.execute({ tenantId: w.tenantId, auditId: ID, round: 1, actorId: reviewer.id, reason: 'Team manager on leave all month' });

    expect((await ask()).alreadyDone).toBe(false);
    expect((await ask()).alreadyDone).toBe(true);
    expect(outboxOf(w.stored())).toEqual([`deadline-request → ${coordinator.id} (pending)`]);
    expect(w.stored().history.at(-1)).toMatchObject({ event: 'later deadline requested', by: reviewer.id, reason: 'Team manager on leave all month' });
  });

  it('only the reviewer; a long reason is refused on its field', async () => {
    const w = setup();
    const base = { tenantId: w.tenantId, auditId: ID, round: 1 };
    expect(await failureOf(w.deadline.execute({ ...base, actorId: practitioner.id }))).toBeInstanceOf(NotPermitted);
    const error = await failureOf(w.deadline.execute({ ...base, actorId: reviewer.id, reason: 'x'.repeat(501) }));
    expect(Object.keys((error as InvalidInput).fields)).toEqual([MEETING_PATH.deadlineReason]);
  });
});
