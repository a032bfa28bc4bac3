import { describe, expect, it } from 'vitest';
import type { Audit } from '../../../workflow/audit.js';
import { chaseAudit, nextChaseAt } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import { moderationDeadline } from '../../../workflow/moderation/moderation.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../../workflow/policy/profiles.js';
import { anAudit, cast, castList, qaCast } from '../../fakes/index.js';

const people = [...castList, ...Object.values(qaCast)];
const moderator = qaCast.moderator.id;

/** An audit waiting for moderation, assigned at `assignedAt` with the deadline the profile gives it. */
function awaiting(profileId: string, assignedAt: string, urgent: boolean): Audit {
  const submittedOn = assignedAt.slice(0, 10);
  const audit = anAudit().coordinatedBy(cast.coordinator.id).moderatedBy(moderator).withStatus('awaitingModeration').build();
  return { ...audit, moderation: { assignedAt, assignedBecause: 'QA pool', urgent, ...moderationDeadline(loadProfile(profileId), submittedOn, urgent) } };
}

/** Runs the sweep as it would run at 10:00 UTC on each day from `from` to `to`, returning what it enqueued, by day. */
function sweepDays(audit: Audit, profileId: string, days: string[]): { day: string; sent: string[] }[] {
  const profile = loadProfile(profileId);
  let current = audit;
  return days.map((day) => {
    const before = new Set(current.outbox.map((m) => m.key));
    current = chaseAudit(current, { now: new Date(`${day}T10:00:00.000Z`), settings: chaseSettings(profile), profile, people, quietHours: false }).audit;
    return { day, sent: current.outbox.filter((m) => !before.has(m.key)).map((m) => `${m.kind} → ${m.to === moderator ? 'moderator' : m.to === cast.coordinator.id ? 'QA' : m.to}`) };
  });
}

describe('moderation deadlines, per profile (WS-26, WS-37)', () => {
  // Monday 7 December 2026; the next working day is Tuesday 8th. Month end is Thursday 31st; three working days
  // before it is Thursday 24th (the 25th and the 28th are bank holidays).
  it.each(SHIPPED_PROFILE_IDS)('%s: an urgent (Inadequate) moderation is due the next working day; the card is its own reminder', (id) => {
    expect(moderationDeadline(loadProfile(id), '2026-12-07', true)).toEqual({ dueDate: '2026-12-08', reminderOn: '2026-12-07' });
  });

  it('an urgent moderation submitted on a Friday before a bank holiday Monday is due on the Tuesday', () => {
    expect(moderationDeadline(loadProfile('west-sussex'), '2027-04-30', true).dueDate).toBe('2027-05-04');
  });

  it.each(SHIPPED_PROFILE_IDS.filter((id) => loadProfile(id).moderation.deadline === 'month-end'))('%s: otherwise month end, with a reminder three working days before', (id) => {
    expect(moderationDeadline(loadProfile(id), '2026-12-07')).toEqual({ dueDate: '2026-12-31', reminderOn: '2026-12-24' });
  });
});

describe('chasing an open moderation', () => {
  it('month end: a reminder on its day, then the moderator and QA are told once when it is overdue, and it is recorded', () => {
    const audit = awaiting('west-sussex', '2026-12-07T10:00:00.000Z', false);
    const days = sweepDays(audit, 'west-sussex', ['2026-12-07', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-31', '2027-01-01', '2027-01-04']);
    expect(days.filter((d) => d.sent.length > 0)).toEqual([
      { day: '2026-12-24', sent: ['moderation-reminder → moderator'] },
      { day: '2027-01-01', sent: ['moderation-reminder → moderator', 'moderation-overdue → QA'] },
    ]);
  });

  it('urgent: due the next working day; overdue the day after, with no reminder before (the card was the reminder)', () => {
    const audit = awaiting('west-sussex', '2026-12-07T10:00:00.000Z', true);
    const days = sweepDays(audit, 'west-sussex', ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']);
    expect(days).toEqual([
      { day: '2026-12-07', sent: [] },
      { day: '2026-12-08', sent: [] },
      { day: '2026-12-09', sent: ['moderation-reminder → moderator', 'moderation-overdue → QA'] },
      { day: '2026-12-10', sent: [] },
    ]);
  });

  it('the history records the overdue moderation once', () => {
    const profile = loadProfile('west-sussex');
    const audit = awaiting('west-sussex', '2026-12-07T10:00:00.000Z', true);
    const once = chaseAudit(audit, { now: new Date('2026-12-09T10:00:00.000Z'), settings: chaseSettings(profile), profile, people }).audit;
    const twice = chaseAudit(once, { now: new Date('2026-12-09T11:00:00.000Z'), settings: chaseSettings(profile), profile, people }).audit;
    expect(twice.history.filter((h) => h.event === 'moderation overdue')).toHaveLength(1);
  });

  it('a moderation done before its reminder day is not chased at all', () => {
    const done = { ...awaiting('west-sussex', '2026-12-07T10:00:00.000Z', false), status: 'finalised' as const };
    expect(sweepDays(done, 'west-sussex', ['2026-12-23', '2027-01-04']).flatMap((d) => d.sent)).toEqual([]);
  });

  it('the sweep comes back on the reminder day, then the day after the due date', () => {
    const settings = chaseSettings(loadProfile('west-sussex'));
    const audit = awaiting('west-sussex', '2026-12-07T10:00:00.000Z', false);
    expect(nextChaseAt(audit, new Date('2026-12-07T10:00:00.000Z'), settings)).toBe('2026-12-24T00:00:00.000Z');
    expect(nextChaseAt(audit, new Date('2026-12-24T10:00:00.000Z'), settings)).toBe('2027-01-01T00:00:00.000Z');
    const urgent = awaiting('west-sussex', '2026-12-07T10:00:00.000Z', true);
    expect(nextChaseAt(urgent, new Date('2026-12-07T10:00:00.000Z'), settings)).toBe('2026-12-09T00:00:00.000Z');
  });
});

describe('chasing an audit past its due date', () => {
  /** Alex's audit, accepted, due Thursday 31 December 2026. */
  const open = (): Audit => anAudit().coordinatedBy(cast.coordinator.id).accepted().due('2026-12-31').build();

  it('the reviewer the day after it was due; QA three working days later; each once, and recorded', () => {
    const days = sweepDays(open(), 'west-sussex', ['2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07']);
    expect(days.filter((d) => d.sent.length > 0)).toEqual([
      { day: '2027-01-01', sent: [`audit-overdue → ${open().reviewerId}`] },
      // Working days after 31 Dec: 4, 5, 6 January (the 1st is a bank holiday).
      { day: '2027-01-06', sent: ['audit-overdue → QA'] },
    ]);
  });

  it('a submitted audit is not chased for its due date', () => {
    const submitted = { ...open(), status: 'submitted' as const };
    expect(sweepDays(submitted, 'west-sussex', ['2027-01-01', '2027-01-06']).flatMap((d) => d.sent)).toEqual([]);
  });

  it('the history says who was told', () => {
    const profile = loadProfile('west-sussex');
    const chased = chaseAudit(open(), { now: new Date('2027-01-06T10:00:00.000Z'), settings: chaseSettings(profile), profile, people, quietHours: false }).audit;
    expect(chased.history.filter((h) => h.event === 'audit overdue').map((h) => h.detail)).toEqual(['due 2026-12-31, not submitted: the reviewer and QA told']);
  });

  it('the sweep comes back the day after the due date, then on the day QA is told', () => {
    const settings = chaseSettings(loadProfile('west-sussex'));
    expect(nextChaseAt(open(), new Date('2026-12-07T10:00:00.000Z'), settings)).toBe('2027-01-01T00:00:00.000Z');
    expect(nextChaseAt(open(), new Date('2027-01-01T10:00:00.000Z'), settings)).toBe('2027-01-06T00:00:00.000Z');
  });

  it('a profile may raise it with QA sooner', () => {
    const base = loadProfile('bcp');
    const profile = { ...base, chasing: { ...base.chasing, overdueAuditToQaWorkingDays: 1 } };
    const chased = chaseAudit(open(), { now: new Date('2027-01-04T10:00:00.000Z'), settings: chaseSettings(profile), profile, people, quietHours: false }).audit;
    expect(chased.outbox.map((m) => m.key)).toContain(`audit-overdue:${chased.id}:2026-12-31:qa`);
  });
});
