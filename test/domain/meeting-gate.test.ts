import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../workflow/errors.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { PATH } from '../../workflow/review/record-paths.js';
import { anAudit, aBookedMeeting, aReviewDraft, cast } from '../fakes/index.js';
import { failureOf, setup } from './flow.js';

const { reviewer } = cast;
const NOW = '2026-12-01T10:00:00.000Z';
const withoutReason = () => aReviewDraft().meetingNotHeldBecause(null).build();

describe('the mandatory collaborative meeting (WS-04)', () => {
  it('West Sussex makes it mandatory ("good practice and mandatory")', () => {
    expect(loadProfile('west-sussex').meeting.mandatory).toBe(true);
  });

  it('West Sussex, no meeting and no reason: refused, the problem named at the reason, nothing submitted, the draft kept', async () => {
    const f = setup({ now: NOW });
    const error = await failureOf(f.submitAs(reviewer.id, withoutReason()));
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ [PATH.meetingNotHeld]: expect.stringContaining('The collaborative meeting must take place before the audit is submitted') });
    expect(f.stored().review?.submitted).toBeUndefined();
    expect(f.stored().review?.draft?.grades.overall?.grade).toBe('good');
  });

  it('West Sussex, booked for later today: still refused until it has taken place', async () => {
    const f = setup({ now: NOW, audits: [anAudit().accepted().withMeeting(aBookedMeeting({ start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T15:00:00.000Z' })).withStatus('meetingBooked').build()] });
    expect(((await failureOf(f.submitAs(reviewer.id, withoutReason()))) as InvalidInput).fields).toHaveProperty([PATH.meetingNotHeld]);
  });

  it('West Sussex, once the booked meeting has started: submitted, with no reason asked and none recorded', async () => {
    const f = setup({ now: NOW, audits: [anAudit().accepted().withMeeting(aBookedMeeting({ start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' })).withStatus('meetingBooked').build()] });
    const { audit } = await f.submitAs(reviewer.id, aReviewDraft().build());
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.review?.submitted?.meetingNotHeld).toBeUndefined();
    expect(audit.history.map((h) => h.event)).not.toContain('submitted without the meeting');
  });

  it('West Sussex, with a reason: submitted, and the reason is on the record and in the history for QA', async () => {
    const f = setup({ now: NOW });
    const { audit } = await f.submitAs(reviewer.id, aReviewDraft().meetingNotHeldBecause('  The practitioner was on long-term sick leave.  ').build());
    expect(audit.review?.submitted?.meetingNotHeld).toBe('The practitioner was on long-term sick leave.');
    expect(audit.history.find((h) => h.event === 'submitted without the meeting')).toMatchObject({ by: reviewer.id, reason: 'The practitioner was on long-term sick leave.' });
  });

  it('BCP (meeting not mandatory): submitted without a meeting or a reason', async () => {
    const f = setup({ now: NOW, profile: 'bcp' });
    const { audit } = await f.submitAs(reviewer.id, aReviewDraft().forTool('bcp-plr-v1').meetingNotHeldBecause(null).build());
    expect(audit.review?.submitted).toBeDefined();
  });

  it('an over-long reason is refused without saving anything', async () => {
    const f = setup({ now: NOW });
    const error = (await failureOf(f.submitAs(reviewer.id, aReviewDraft().meetingNotHeldBecause('x'.repeat(301)).build()))) as InvalidInput;
    expect(error.fields[PATH.meetingNotHeld]).toBe('Keep this under 300 characters (it has 301).');
  });
});
