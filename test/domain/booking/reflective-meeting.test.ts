import { describe, expect, it } from 'vitest';
import type { Audit } from '../../../workflow/audit.js';
import { startInadequatePathway } from '../../../workflow/chasing/inadequate.js';
import { IllegalTransition, NotPermitted, StaleCard, TamperedCard } from '../../../workflow/errors.js';
import { meetingOf } from '../../../workflow/meeting/meeting.js';
import type { PersonId } from '../../../workflow/people.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../../workflow/policy/profiles.js';
import { bookMeeting } from '../../../workflow/use-cases/book-meeting.js';
import { cancelMeeting } from '../../../workflow/use-cases/cancel-meeting.js';
import { checkMeetingResponses } from '../../../workflow/use-cases/check-meeting-responses.js';
import { findMeetingSlots } from '../../../workflow/use-cases/find-meeting-slots.js';
import { requestLaterDeadline } from '../../../workflow/use-cases/request-later-deadline.js';
import { rescheduleMeeting } from '../../../workflow/use-cases/reschedule-meeting.js';
import { aModerationDraft, anAudit, aReviewDraft, cast, fullCastList, qaCast, TENANT } from '../../fakes/index.js';
import { failureOf, ID, setup } from '../flow.js';
import { slotsOf } from './booking-world.js';

/**
 * West Sussex's Reflective Practice & Action Meeting (WS-39): "Inadequate Audit - Reflective Practice & Action
 * Meetings … Where the moderation confirms the grade, the 'Inadequate' process should be followed." The pathway
 * asks the reviewer to book it; it is booked, moved, cancelled and followed like the collaborative meeting, beside
 * it, never touching it.
 */
const { reviewer, practitioner, teamManager } = cast;
const REFLECTIVE = { kind: 'reflective' as const };

/** A West Sussex world on Tuesday 1 Dec 2026, 09:00, with every meeting use case. */
function world(profile = 'west-sussex') {
  const w = setup({ profile, now: '2026-12-01T09:00:00.000Z' });
  const base = { tenantId: TENANT, auditId: ID, round: 1 };
  const uc = { find: findMeetingSlots(w), book: bookMeeting(w), move: rescheduleMeeting(w), cancel: cancelMeeting(w), responses: checkMeetingResponses(w) };
  return {
    ...w,
    /** Times for the meeting of `kind` (the collaborative one unless told), as `actorId`. */
    findAs: (actorId: PersonId, extra: { kind?: 'reflective' } = {}) => uc.find.execute({ ...base, actorId, ...extra }),
    bookAs: (actorId: PersonId, offer: number, start: string, extra: { kind?: 'reflective' } = {}) => uc.book.execute({ ...base, actorId, offer, start, ...extra }),
    moveAs: (actorId: PersonId, offer: number, start: string, extra: { kind?: 'reflective' } = {}) => uc.move.execute({ ...base, actorId, offer, start, ...extra }),
    cancelAs: (actorId: PersonId, booking: number, extra: { kind?: 'reflective' } = {}) => uc.cancel.execute({ ...base, actorId, booking, ...extra }),
    checkResponses: () => uc.responses.execute({ tenantId: TENANT }),
  };
}
type World = ReturnType<typeof world>;

/** The reviewer grades the audit Inadequate overall and submits; the moderator confirms every grade. */
async function confirmedInadequate(w: World): Promise<Audit> {
  const draft = aReviewDraft()
    .overall('inadequate', 'The child was not seen for six weeks.')
    .withActions({ rowId: 'r1', description: 'Visit the child and update the safety plan', ownerId: practitioner.id, dueDate: '2026-12-11' })
    .build();
  const { audit: submitted } = await w.submitAs(reviewer.id, draft);
  expect(meetingOf(submitted, 'reflective')).toBeUndefined(); // West Sussex waits for moderation (WS-38)
  return (await w.moderateAs(submitted.moderatorId!, aModerationDraft())).audit;
}

/** An audit graded Inadequate overall, as submitted, moderated by Lee Grant. */
const gradedInadequate = (): Audit => ({
  ...anAudit().withStatus('finalised').moderatedBy(qaCast.moderator.id).build(),
  grades: { overall: { original: 'inadequate', moderated: 'inadequate', final: 'inadequate' } },
});

describe('the Inadequate pathway asks for the Reflective Practice & Action Meeting (WS-39)', () => {
  it('West Sussex: when moderation confirms Inadequate, the reviewer is asked to book it with the practitioner, team manager and moderator', async () => {
    const w = world();
    const audit = await confirmedInadequate(w);
    const moderatorId = audit.moderatorId!;
    const reflective = meetingOf(audit, 'reflective');

    expect(reflective).toMatchObject({ status: 'proposed', offers: 0, bookings: 0, previous: [], notes: [] });
    // Ten working days from Tuesday 1 December: Tuesday 15 December.
    expect(reflective?.requested).toEqual({
      at: '2026-12-01T09:00:00.000Z',
      holdBy: '2026-12-15',
      minutes: 60,
      attendees: [
        { personId: reviewer.id, role: 'reviewer', required: true, organiser: true },
        { personId: practitioner.id, role: 'practitioner', required: true },
        { personId: teamManager.id, role: 'teamManager', required: true },
        { personId: moderatorId, role: 'moderator', required: true },
      ],
      notes: [],
    });
    const asked = audit.outbox.filter((m) => m.kind === 'reflective-meeting');
    expect(asked).toMatchObject([{ key: `reflective-meeting:${ID}`, to: reviewer.id, meeting: 'reflective', state: 'pending' }]);
    expect(audit.history.find((h) => h.event === 'reflective meeting requested')?.detail).toBe(
      `${reviewer.id} to arrange the Reflective Practice & Action Meeting (60 minutes, by 2026-12-15) with practitioner, team manager, moderator`,
    );
    // The collaborative meeting is not touched: this audit never had one booked.
    expect(audit.meeting).toBeUndefined();
  });

  it.each(SHIPPED_PROFILE_IDS)('%s: the pathway starting asks for it only where the profile holds one', (id) => {
    const profile = loadProfile(id);
    const started = startInadequatePathway(gradedInadequate(), { profile, people: fullCastList, at: '2026-12-01T09:00:00.000Z' });
    expect(started.inadequate).toBeDefined();
    const asked = started.outbox.filter((m) => m.kind === 'reflective-meeting').map((m) => m.to);
    if (id === 'west-sussex') {
      expect(asked).toEqual([reviewer.id]);
      expect(meetingOf(started, 'reflective')?.requested?.attendees.map((a) => `${a.role}:${a.personId}`)).toEqual([
        `reviewer:${reviewer.id}`,
        `practitioner:${practitioner.id}`,
        `teamManager:${teamManager.id}`,
        `moderator:${qaCast.moderator.id}`,
      ]);
    } else {
      expect(profile.inadequate.reflectiveMeeting).toBe(false);
      expect(asked).toEqual([]);
      expect(started.meetings).toBeUndefined();
      expect(started.history.some((h) => h.event.startsWith('reflective'))).toBe(false);
    }
  });

  it('is asked for once: the pathway restarting after a regrade keeps the meeting it had, and an audit with nobody in a role says so', () => {
    const profile = loadProfile('west-sussex');
    const first = startInadequatePathway(gradedInadequate(), { profile, people: fullCastList, at: '2026-12-01T09:00:00.000Z' });
    const { inadequate: _gone, ...without } = first;
    const again = startInadequatePathway(without, { profile, people: fullCastList, at: '2026-12-09T09:00:00.000Z' });
    expect(meetingOf(again, 'reflective')).toEqual(meetingOf(first, 'reflective'));
    expect(again.outbox.filter((m) => m.kind === 'reflective-meeting')).toHaveLength(1);

    const unmoderated: Audit = { ...gradedInadequate(), moderatorId: undefined };
    const noModerator = meetingOf(startInadequatePathway(unmoderated, { profile, people: fullCastList, at: '2026-12-01T09:00:00.000Z' }), 'reflective')!;
    expect(noModerator.requested?.attendees.map((a) => a.role)).toEqual(['reviewer', 'practitioner', 'teamManager']);
    expect(noModerator.notes).toEqual(['This audit has no moderator, so none is invited. Forward the invitation to anyone who should join.']);
  });
});

describe('booking the reflective meeting, beside the collaborative meeting', () => {
  /**
   * West Sussex from the start: the collaborative meeting booked and held, the audit submitted Inadequate and
   * confirmed at moderation, so the reflective meeting is asked for.
   */
  async function afterCollaborativeMeeting() {
    const w = world();
    const collaborative = slotsOf(await w.findAs(reviewer.id));
    await w.bookAs(reviewer.id, collaborative.offer.number, collaborative.offer.slots[0]!.start);
    w.clock.set('2026-12-03T09:00:00.000Z'); // the collaborative meeting has taken place
    const audit = await confirmedInadequate(w);
    return { w, audit, collaborative: audit.meeting! };
  }

  it('books one Teams meeting named for what it is, with everyone invited; the collaborative meeting and the audit status are untouched', async () => {
    const { w, audit: before, collaborative } = await afterCollaborativeMeeting();
    const moderatorId = before.moderatorId!;
    const moderator = fullCastList.find((p) => p.id === moderatorId)!;
    const found = slotsOf(await w.findAs(reviewer.id, REFLECTIVE));
    expect(found.attendees.map((a) => a.name)).toEqual([reviewer.name, practitioner.name, teamManager.name, moderator.name]);
    expect(found.minutes).toBe(60);
    // Within the window it was asked for: before the end of Tuesday 15 December.
    for (const slot of found.offer.slots) expect(slot.end <= '2026-12-16T00:00:00.000Z').toBe(true);

    const start = found.offer.slots[0]!.start;
    const booked = await w.bookAs(reviewer.id, found.offer.number, start, REFLECTIVE);
    const twice = await w.bookAs(reviewer.id, found.offer.number, start, REFLECTIVE); // a double click
    expect(booked.alreadyDone).toBe(false);
    expect(twice.alreadyDone).toBe(true);

    const events = w.calendar.allEvents();
    expect(events).toHaveLength(2); // the collaborative meeting's, and this one
    const event = events.find((e) => e.request.subject.startsWith('Reflective'))!;
    expect(event.organiser).toBe(reviewer.email);
    expect(event.request).toMatchObject({
      transactionId: `qa-${ID}-r1-reflective-b1`,
      subject: 'Reflective Practice & Action Meeting · case CR-1001',
      start,
      attendees: [
        { mailbox: practitioner.email, name: practitioner.name, required: true },
        { mailbox: teamManager.email, name: teamManager.name, required: true },
        { mailbox: moderator.email, name: moderator.name, required: true },
      ],
    });
    // Case reference only: nothing of the child, nor the grade, in what calendars show.
    expect(`${event.request.subject}\n${event.request.body}`).not.toMatch(/Inadequate|CIN|Assessment Team/);

    const after = w.stored();
    expect(after.meeting).toEqual(collaborative);
    expect(after.status).toBe(before.status);
    expect(meetingOf(after, 'reflective')).toMatchObject({ status: 'booked', bookings: 1, booking: { eventId: event.eventId, bookedBy: reviewer.id, start } });
    expect(after.history.at(-1)).toMatchObject({ by: reviewer.id, event: 'reflective meeting booked', at: '2026-12-03T09:00:00.000Z' });
    const headsUp = after.outbox.filter((m) => m.kind === 'meeting-booked' && m.meeting === 'reflective');
    expect(headsUp.map((m) => [m.to, m.key])).toEqual([
      [practitioner.id, `meeting-booked:${ID}:reflective:b1:${practitioner.id}`],
      [teamManager.id, `meeting-booked:${ID}:reflective:b1:${teamManager.id}`],
      [moderatorId, `meeting-booked:${ID}:reflective:b1:${moderatorId}`],
    ]);
  });

  it('moving, cancelling and responses work on the reflective meeting alone', async () => {
    const { w, collaborative } = await afterCollaborativeMeeting();
    const found = slotsOf(await w.findAs(reviewer.id, REFLECTIVE));
    const { booking } = await w.bookAs(reviewer.id, found.offer.number, found.offer.slots[0]!.start, REFLECTIVE);

    // Responses: the moderator declines; the reviewer is told, once, about the reflective meeting.
    const event = w.calendar.allEvents().find((e) => e.eventId === booking.eventId)!;
    const moderator = fullCastList.find((p) => p.id === w.stored().moderatorId)!;
    w.calendar.respond(booking.eventId, moderator.email, 'declined');
    await w.checkResponses();
    await w.checkResponses();
    const declined = w.stored().outbox.filter((m) => m.kind === 'meeting-declined');
    expect(declined.map((m) => [m.to, m.meeting, m.attendeeId])).toEqual([[reviewer.id, 'reflective', moderator.id]]);
    expect(w.stored().history.some((h) => h.event === 'reflective meeting declined')).toBe(true);

    const again = slotsOf(await w.findAs(reviewer.id, REFLECTIVE));
    expect(again.reschedule).toBe(true);
    const later = again.offer.slots.find((s) => s.start !== booking.start)!.start;
    const moved = await w.moveAs(reviewer.id, again.offer.number, later, REFLECTIVE);
    expect(moved.booking.start).toBe(later);
    expect(event.start).toBe(later);

    await w.cancelAs(reviewer.id, booking.number, REFLECTIVE);
    const after = w.stored();
    expect(event.cancelled?.comment).toContain('The Reflective Practice & Action Meeting for case CR-1001 is cancelled');
    expect(meetingOf(after, 'reflective')?.status).toBe('cancelled');
    expect(after.meeting).toEqual(collaborative);
    expect(after.history.filter((h) => h.event.startsWith('reflective meeting')).map((h) => h.event)).toEqual([
      'reflective meeting requested',
      'reflective meeting booked',
      'reflective meeting declined',
      'reflective meeting moved',
      'reflective meeting cancelled',
    ]);
  });

  it('nobody but the reviewer can find times for it, book, move or cancel it; nothing changes', async () => {
    const w = world();
    await confirmedInadequate(w);
    const found = slotsOf(await w.findAs(reviewer.id, REFLECTIVE));
    const before = JSON.stringify(w.stored());
    const start = found.offer.slots[0]!.start;
    for (const who of [teamManager.id, practitioner.id, w.stored().moderatorId!]) {
      expect(await failureOf(w.findAs(who, REFLECTIVE))).toBeInstanceOf(NotPermitted);
      expect(await failureOf(w.bookAs(who, found.offer.number, start, REFLECTIVE))).toBeInstanceOf(NotPermitted);
    }
    expect(JSON.stringify(w.stored())).toBe(before);
    expect(w.calendar.allEvents()).toEqual([]);

    const { booking } = await w.bookAs(reviewer.id, found.offer.number, start, REFLECTIVE);
    expect(await failureOf(w.cancelAs(teamManager.id, booking.number, REFLECTIVE))).toBeInstanceOf(NotPermitted);
    expect(meetingOf(w.stored(), 'reflective')?.status).toBe('booked');
  });

  it('a meeting never asked for, a collaborative meeting after submission, or a later deadline for it are refused', async () => {
    // A West Sussex audit graded Good: no reflective meeting to arrange.
    const good = world();
    const { audit } = await good.submitAs(reviewer.id, aReviewDraft().build());
    await good.moderateAs(audit.moderatorId!, aModerationDraft());
    expect(await failureOf(good.findAs(reviewer.id, REFLECTIVE))).toBeInstanceOf(TamperedCard);

    const w = world();
    await confirmedInadequate(w);
    expect(await failureOf(w.findAs(reviewer.id))).toBeInstanceOf(IllegalTransition);
    const deadline = requestLaterDeadline(w).execute({ tenantId: TENANT, auditId: ID, round: 1, actorId: reviewer.id, kind: 'reflective' });
    expect(await failureOf(deadline)).toBeInstanceOf(TamperedCard);
  });

  it('once the grade is no longer Inadequate, no time is offered or booked; a booked meeting can still be cancelled', async () => {
    const w = world();
    await confirmedInadequate(w);
    const found = slotsOf(await w.findAs(reviewer.id, REFLECTIVE));
    const { booking } = await w.bookAs(reviewer.id, found.offer.number, found.offer.slots[0]!.start, REFLECTIVE);
    await w.audits.update(TENANT, ID, (a) => ({
      ...a,
      inadequate: { ...a.inadequate!, stopped: { at: '2026-12-02T09:00:00.000Z', by: qaCast.qaHeadOfService.id, how: 'dispute', grade: 'requiresImprovement' } },
    }));
    expect(await failureOf(w.findAs(reviewer.id, REFLECTIVE))).toBeInstanceOf(StaleCard);
    await w.cancelAs(reviewer.id, booking.number, REFLECTIVE);
    expect(meetingOf(w.stored(), 'reflective')?.status).toBe('cancelled');
  });
});
