import { describe, expect, it } from 'vitest';
import type { MeetingRequest } from '../../../workflow/scheduling/calendar.js';
import { aBookedMeeting, anAudit, FakeCalendar, InMemoryAudits, TENANT } from '../../fakes/index.js';

const request = (transactionId: string, start = '2026-12-02T09:00:00Z'): MeetingRequest => ({
  transactionId,
  subject: 'QA collaborative audit · case CR-1',
  body: 'b',
  start,
  end: new Date(Date.parse(start) + 3_600_000).toISOString(),
  attendees: [{ mailbox: 'Tm@Example.gov.uk', name: 'Tm', required: true }],
});

describe('FakeCalendar (the Calendar port in memory)', () => {
  it('makes one event per organiser and transaction id, returning it as it is now', async () => {
    const c = new FakeCalendar();
    const first = await c.book('r@example.gov.uk', request('t1'));
    await c.move('r@example.gov.uk', first.eventId, { start: '2026-12-02T11:00:00Z', end: '2026-12-02T12:00:00Z' });
    const again = await c.book('R@example.gov.uk', request('t1', '2026-12-03T09:00:00Z'));
    expect(again).toEqual({ ...first, start: '2026-12-02T11:00:00.000Z', end: '2026-12-02T12:00:00.000Z' });
    expect(c.allEvents()).toHaveLength(1);
    expect((await c.book('other@example.gov.uk', request('t1'))).eventId).not.toBe(first.eventId);
  });

  it('shows live events as busy to organiser and attendees; cancelling twice is done, not an error', async () => {
    const c = new FakeCalendar();
    const { eventId } = await c.book('r@example.gov.uk', request('t1'));
    const window = { start: '2026-12-01T00:00:00Z', end: '2026-12-05T00:00:00Z' };
    const busy = async () => (await c.schedules(['r@example.gov.uk', 'tm@example.gov.uk', 'x@example.gov.uk'], window)).map((s) => s.freeBusy.length);
    expect(await busy()).toEqual([1, 1, 0]);
    await c.cancel('r@example.gov.uk', eventId, 'sorry');
    await c.cancel('r@example.gov.uk', eventId, 'sorry again');
    expect(c.event(eventId).cancelled).toEqual({ comment: 'sorry' });
    expect(await busy()).toEqual([0, 0, 0]);
  });

  it('reports responses by mailbox, as set; refuses an event of another organiser', async () => {
    const c = new FakeCalendar();
    const { eventId } = await c.book('r@example.gov.uk', request('t1'));
    expect(await c.responses('r@example.gov.uk', eventId)).toEqual([{ mailbox: 'Tm@Example.gov.uk', response: 'none' }]);
    c.respond(eventId, 'tm@example.gov.uk', 'declined');
    expect(await c.responses('r@example.gov.uk', eventId)).toEqual([{ mailbox: 'Tm@Example.gov.uk', response: 'declined' }]);
    await expect(c.responses('someone@example.gov.uk', eventId)).rejects.toThrow();
  });

  it('fails on request, before or after doing the work', async () => {
    const c = new FakeCalendar().failNext('book').failNext('book', { afterEffect: true });
    await expect(c.book('r@example.gov.uk', request('t1'))).rejects.toThrow(/injected/);
    expect(c.allEvents()).toHaveLength(0);
    await expect(c.book('r@example.gov.uk', request('t1'))).rejects.toThrow(/injected/);
    expect(c.allEvents()).toHaveLength(1);
  });
});

describe('InMemoryAudits.withBookedMeetings', () => {
  it('booked meetings of the tenant ending after the instant, earliest start first', async () => {
    const audits = new InMemoryAudits().seed(
      anAudit().forCase('CR-1').withMeeting(aBookedMeeting({ start: '2026-12-03T09:00:00.000Z' })).build(),
      anAudit().forCase('CR-2').withMeeting(aBookedMeeting({ start: '2026-12-02T09:00:00.000Z' })).build(),
      anAudit().forCase('CR-3').withMeeting(aBookedMeeting({ start: '2026-12-01T08:00:00.000Z' })).build(),
      anAudit().forCase('CR-4').withMeeting({ ...aBookedMeeting(), status: 'cancelled' }).build(),
      anAudit().forCase('CR-5').inTenant('other').withMeeting(aBookedMeeting()).build(),
    );
    const found = await audits.withBookedMeetings(TENANT, new Date('2026-12-01T09:00:00.000Z'));
    expect(found.map((a) => a.caseRef)).toEqual(['CR-2', 'CR-1']);
  });
});
