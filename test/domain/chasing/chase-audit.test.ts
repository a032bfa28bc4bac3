import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../workflow/actions.js';
import type { Audit } from '../../../workflow/audit.js';
import { decideMoreTime, markDone, nudgeOwner, requestMoreTime, signOff, snooze } from '../../../workflow/chasing/action-lifecycle.js';
import { chaseAudit, nextChaseAt } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import { StaleCard, InvalidInput, NotPermitted } from '../../../workflow/errors.js';
import type { Person } from '../../../workflow/people.js';
import { loadProfile } from '../../../workflow/policy/profiles.js';
import { anAudit, aPerson, cast, fullCastList, qaCast } from '../../fakes/index.js';

const profile = loadProfile('west-sussex');
const settings = chaseSettings(profile);

/** Sam Osei's line manager is the head of service, so the day-14 rung reaches them. */
const people: Person[] = fullCastList.map((p) => (p.id === cast.serviceManager.id ? { ...p, lineManagerId: qaCast.headOfService.id } : p));

const ACTION: AuditAction = {
  id: 'review-r1',
  source: 'review',
  description: 'Update the child’s plan with the family',
  ownerId: cast.practitioner.id,
  dueDate: '2026-12-07', // a Monday
  remedial: false,
  setBy: cast.reviewer.id,
  setAt: '2026-12-01T10:00:00.000Z',
};

function finalisedWith(...actions: AuditAction[]): Audit {
  return { ...anAudit().withStatus('finalised').build(), actions, finalisedAt: '2026-12-01T10:00:00.000Z' };
}

/** Runs the chase at `iso` and returns the audit with what it planned. */
function chaseAt(audit: Audit, iso: string, who: readonly Person[] = people) {
  return chaseAudit(audit, { now: new Date(iso), settings, profile, people: who });
}

const messages = (audit: Audit) => audit.outbox.map((m) => ({ key: m.key, kind: m.kind, to: m.to, notBefore: m.notBefore }));

describe('chasing one action along the ladder', () => {
  it('reminds the owner the working day before it is due, once, in their working hours', () => {
    const audit = finalisedWith(ACTION);
    expect(chaseAt(audit, '2026-12-03T10:00:00.000Z').audit.outbox).toHaveLength(0); // Thursday: too early
    const friday = chaseAt(audit, '2026-12-04T00:05:00.000Z').audit; // Friday is the working day before Monday
    expect(messages(friday)).toEqual([
      { key: 'action-reminder:review-r1:2026-12-07', kind: 'action-reminder', to: cast.practitioner.id, notBefore: '2026-12-04T09:00:00.000Z' },
    ]);
    // A second sweep (or a second instance) adds nothing.
    expect(chaseAt(friday, '2026-12-04T00:06:00.000Z').audit.outbox).toHaveLength(1);
  });

  it('climbs the default ladder in working days: owner, owner + TM (digest), SM, head of service', () => {
    let audit = finalisedWith(ACTION);
    const sent: string[] = [];
    const digests: Record<string, string[]> = {};
    // Every morning for four weeks, as the sweep would run.
    for (let day = 8; day <= 31; day += 1) {
      const iso = `2026-12-${String(day).padStart(2, '0')}T07:00:00.000Z`;
      const plan = chaseAt(audit, iso);
      const before = new Set(audit.outbox.map((m) => m.key));
      audit = plan.audit;
      for (const m of audit.outbox) if (!before.has(m.key)) sent.push(`${iso.slice(0, 10)} ${m.kind} ${m.to === cast.practitioner.id ? 'owner' : m.to === cast.serviceManager.id ? 'SM' : m.to === qaCast.headOfService.id ? 'HoS' : m.to}`);
      if (plan.digestFor.length) digests[iso.slice(0, 10)] = [...plan.digestFor];
    }
    expect(sent).toEqual([
      '2026-12-08 action-nudge owner', // day 1 (Tue)
      '2026-12-10 action-nudge owner', // day 3 (Thu): owner again, TM in the digest
      '2026-12-16 action-escalation SM', // day 7 (Wed)
      // day 14 would be Fri 25 Dec: Christmas and Boxing Day (moved to Mon 28th) are not working days
      '2026-12-29 action-escalation HoS',
    ]);
    const escalations = audit.actions![0]!.escalations!.map((e) => `${e.rung}@${e.day}`);
    expect(escalations).toEqual(['owner@2026-12-08', 'team-manager@2026-12-10', 'service-manager@2026-12-16', 'head-of-service@2026-12-29']);
    expect(audit.actions![0]!.escalations![1]!.to).toEqual([cast.practitioner.id, cast.teamManager.id]);
    // The TM's digest lists it on every working day it is overdue, never at the weekend or on a bank holiday.
    expect(Object.keys(digests)).not.toContain('2026-12-12');
    expect(Object.keys(digests)).not.toContain('2026-12-25');
    expect(digests['2026-12-08']).toEqual([cast.teamManager.id]);
    expect(audit.history.filter((h) => h.event === 'action escalated')).toHaveLength(4);
  });

  it('after missed sweeps, records every rung reached but sends each person only the highest', () => {
    const plan = chaseAt(finalisedWith(ACTION), '2026-12-17T07:00:00.000Z'); // day 8, first sweep since
    expect(messages(plan.audit).map((m) => `${m.kind}:${m.key}`)).toEqual([
      'action-nudge:nudge:review-r1:team-manager:2026-12-10',
      `action-escalation:nudge:review-r1:service-manager:2026-12-16:${cast.serviceManager.id}`,
    ]);
    expect(plan.audit.actions![0]!.escalations).toHaveLength(3);
  });

  it('waits for the recipient’s own working hours in their time zone, across DST', () => {
    const faraway = people.map((p) => (p.id === cast.practitioner.id ? { ...p, timeZone: 'America/New_York' } : p));
    const winter = chaseAt(finalisedWith(ACTION), '2026-12-08T07:00:00.000Z', faraway).audit;
    expect(winter.outbox[0]!.notBefore).toBe('2026-12-08T14:00:00.000Z'); // 09:00 EST
    const summer = chaseAt(finalisedWith({ ...ACTION, dueDate: '2027-06-07' }), '2027-06-08T07:00:00.000Z', faraway).audit;
    expect(summer.outbox[0]!.notBefore).toBe('2027-06-08T13:00:00.000Z'); // 09:00 EDT
    const london = chaseAt(finalisedWith({ ...ACTION, dueDate: '2027-06-07' }), '2027-06-08T07:00:00.000Z').audit;
    expect(london.outbox[0]!.notBefore).toBe('2027-06-08T08:00:00.000Z'); // 09:00 BST
    // During working hours it goes at once.
    expect(chaseAt(finalisedWith(ACTION), '2026-12-08T11:00:00.000Z').audit.outbox[0]!.notBefore).toBeUndefined();
  });

  it('a done action is not chased; the manager’s digest lists it until signed off', () => {
    const audit = markDone(finalisedWith(ACTION), ACTION.id, cast.practitioner.id, 'Plan updated at the visit on 7 Dec.', '2026-12-07T15:00:00.000Z');
    const plan = chaseAt(audit, '2026-12-10T07:00:00.000Z');
    expect(plan.audit.outbox).toHaveLength(0);
    expect(plan.digestFor).toEqual([cast.teamManager.id]);
    const signed = signOff(audit, ACTION.id, cast.teamManager.id, '2026-12-10T09:30:00.000Z');
    expect(signed.actions![0]!.status).toBe('signedOff');
    expect(chaseAt(signed, '2026-12-11T07:00:00.000Z').digestFor).toEqual([]);
    expect(nextChaseAt(signed, new Date('2026-12-11T07:00:00.000Z'), settings)).toBeUndefined();
  });

  it('a nudge queued for the morning is cancelled when the owner marks the action done first', () => {
    const queued = chaseAt(finalisedWith(ACTION), '2026-12-08T07:00:00.000Z').audit; // waits for 09:00
    expect(queued.outbox[0]).toMatchObject({ kind: 'action-nudge', state: 'pending', notBefore: '2026-12-08T09:00:00.000Z' });
    const done = markDone(queued, ACTION.id, cast.practitioner.id, 'Done at the 08:00 visit.', '2026-12-08T08:30:00.000Z');
    expect(done.outbox[0]!.state).toBe('cancelled');
  });

  it('snooze holds the owner’s nudges for a working day, at most twice, and the nudge comes back', () => {
    let audit = chaseAt(finalisedWith(ACTION), '2026-12-08T09:00:00.000Z').audit; // day 1 nudge
    audit = snooze(audit, ACTION.id, cast.practitioner.id, { today: '2026-12-08', limit: 2, calendar: settings.calendar }, '2026-12-08T09:05:00.000Z');
    expect(snooze(audit, ACTION.id, cast.practitioner.id, { today: '2026-12-08', limit: 2, calendar: settings.calendar }, '2026-12-08T09:06:00.000Z')).toBe(audit); // double click
    audit = chaseAt(audit, '2026-12-09T07:00:00.000Z').audit;
    expect(audit.outbox.map((m) => m.key)).toContain('nudge:review-r1:snooze1:2026-12-09');
    audit = snooze(audit, ACTION.id, cast.practitioner.id, { today: '2026-12-09', limit: 2, calendar: settings.calendar }, '2026-12-09T09:05:00.000Z');
    // Snoozed again: nothing more today.
    const count = audit.outbox.length;
    expect(chaseAt(audit, '2026-12-09T13:00:00.000Z').audit.outbox).toHaveLength(count);
    // The next working day is day 3: one nudge (the rung's), not a second one for the end of the snooze.
    audit = chaseAt(audit, '2026-12-10T07:00:00.000Z').audit;
    expect(audit.outbox.slice(count).map((m) => m.key)).toEqual(['nudge:review-r1:team-manager:2026-12-10']);
    expect(() => snooze(audit, ACTION.id, cast.practitioner.id, { today: '2026-12-10', limit: 2, calendar: settings.calendar }, '2026-12-10T09:05:00.000Z')).toThrow(StaleCard);
  });

  it('more time: asked by the owner, decided by the TM; the new date restarts the clock', () => {
    const rules = { today: '2026-12-08', maxWeeks: 4, remedialActionDays: 10 };
    let audit = finalisedWith(ACTION);
    expect(() => requestMoreTime(audit, ACTION.id, cast.practitioner.id, { dueDate: '2026-12-05', reason: '', requestId: 'x1' }, rules, 'now')).toThrow(InvalidInput);
    expect(() => requestMoreTime(audit, ACTION.id, cast.colleague.id, { dueDate: '2026-12-20', reason: 'Leave', requestId: 'x1' }, rules, 'now')).toThrow(NotPermitted);
    audit = requestMoreTime(audit, ACTION.id, cast.practitioner.id, { dueDate: '2026-12-21', reason: 'The family asked to meet after the school holiday starts.', requestId: 'x1' }, rules, '2026-12-08T10:00:00.000Z');
    expect(messages(audit).map((m) => `${m.kind} → ${m.to}`)).toEqual([`extension-request → ${cast.teamManager.id}`]);
    expect(() => decideMoreTime(audit, ACTION.id, 'x1', cast.practitioner.id, true, 'now')).toThrow(NotPermitted);
    audit = decideMoreTime(audit, ACTION.id, 'x1', cast.teamManager.id, true, '2026-12-08T11:00:00.000Z');
    expect(decideMoreTime(audit, ACTION.id, 'x1', cast.teamManager.id, true, 'later')).toBe(audit);
    expect(audit.actions![0]).toMatchObject({ dueDate: '2026-12-21', originalDueDate: '2026-12-07' });
    expect(messages(audit).map((m) => m.kind)).toEqual(['extension-request', 'extension-decision']);
    // No nudge until the new date has passed.
    expect(chaseAt(audit, '2026-12-15T07:00:00.000Z').audit.outbox).toHaveLength(2);
  });

  it('more time is capped from the day the action was set, so asking again never moves it further; remedial within its days', () => {
    const rules = { today: '2026-12-08', maxWeeks: 4, remedialActionDays: 10 };
    // Set on 1 Dec: 4 weeks is 29 Dec, whatever today is.
    const late = () => requestMoreTime(finalisedWith(ACTION), ACTION.id, cast.practitioner.id, { dueDate: '2026-12-30', reason: 'Leave', requestId: 'x2' }, rules, 'now');
    expect(late).toThrow(InvalidInput);
    expect(() => requestMoreTime(finalisedWith(ACTION), ACTION.id, cast.practitioner.id, { dueDate: '2026-12-29', reason: 'Leave', requestId: 'x2' }, rules, 'now')).not.toThrow();
    const remedial = { ...ACTION, remedial: true };
    try {
      requestMoreTime(finalisedWith(remedial), ACTION.id, cast.practitioner.id, { dueDate: '2026-12-14', reason: 'Leave', requestId: 'x3' }, rules, 'now');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as InvalidInput).fields.newDueDate).toBe('A remedial action must be done within 10 days of the audit: by Fri 11 Dec at the latest. Talk to your manager if it cannot be.');
    }
  });

  it('the manager can nudge the owner from the digest once a day', () => {
    const audit = nudgeOwner(finalisedWith(ACTION), ACTION.id, cast.teamManager.id, '2026-12-09', '2026-12-09T10:00:00.000Z');
    expect(nudgeOwner(audit, ACTION.id, cast.teamManager.id, '2026-12-09', '2026-12-09T10:01:00.000Z')).toBe(audit);
    expect(messages(audit)).toEqual([{ key: 'nudge:review-r1:manual:2026-12-09', kind: 'action-nudge', to: cast.practitioner.id, notBefore: undefined }]);
    expect(() => nudgeOwner(audit, ACTION.id, cast.practitioner.id, '2026-12-09', 'now')).toThrow(NotPermitted);
  });

  it('a rung "via digest" puts the action in that person’s digest', () => {
    const own = {
      ...profile,
      chasing: { ladder: { count: 'working-days' as const, rungs: [{ id: 'sm-digest', day: 2, targets: [{ to: 'serviceManager' as const, via: 'digest' as const }] }] } },
    };
    const plan = chaseAudit(finalisedWith(ACTION), { now: new Date('2026-12-09T12:00:00.000Z'), settings: chaseSettings(own), profile: own, people });
    expect(plan.digestFor).toEqual(expect.arrayContaining([cast.teamManager.id, cast.serviceManager.id]));
    expect(plan.audit.outbox).toHaveLength(0);
    expect(plan.audit.actions![0]!.escalations).toMatchObject([{ rung: 'sm-digest', to: [cast.serviceManager.id] }]);
  });

  it('a profile with a ladder of its own, counted in calendar days', () => {
    const own = {
      ...profile,
      chasing: { ladder: { count: 'calendar-days' as const, rungs: [{ id: 'sm-now', day: 2, targets: [{ to: 'serviceManager' as const, via: 'direct' as const }] }] } },
    };
    const plan = chaseAudit(finalisedWith(ACTION), { now: new Date('2026-12-09T12:00:00.000Z'), settings: chaseSettings(own), profile: own, people });
    expect(messages(plan.audit).map((m) => m.key)).toEqual([`nudge:review-r1:sm-now:2026-12-09:${cast.serviceManager.id}`]);
  });
});

describe('nextChaseAt: the sweep reads an audit only when something is due', () => {
  it('is the start of the reminder day while far off, tomorrow once in reach, absent when nothing is open', () => {
    const far = finalisedWith({ ...ACTION, dueDate: '2026-12-24' });
    expect(nextChaseAt(far, new Date('2026-12-01T12:00:00.000Z'), settings)).toBe('2026-12-22T00:00:00.000Z'); // due soon two working days before
    expect(nextChaseAt(far, new Date('2026-12-22T12:00:00.000Z'), settings)).toBe('2026-12-23T00:00:00.000Z');
    const summer = finalisedWith({ ...ACTION, dueDate: '2027-06-10' });
    expect(nextChaseAt(summer, new Date('2027-06-01T12:00:00.000Z'), settings)).toBe('2027-06-07T23:00:00.000Z'); // midnight BST
    expect(nextChaseAt(finalisedWith(), new Date('2026-12-01T12:00:00.000Z'), settings)).toBeUndefined();
  });

  it('is never in the past once the chase has run, so a sweep never reads the same audit twice in a pass', () => {
    const now = new Date('2026-12-08T09:00:00.000Z');
    const planned = chaseAt(finalisedWith(ACTION, { ...ACTION, id: 'review-r2', dueDate: '2026-12-30' }), now.toISOString()).audit;
    expect(Date.parse(planned.nextChaseAt!)).toBeGreaterThan(now.getTime());
  });

  it('ignores people outside the directory without failing', () => {
    const stranger = aPerson().named('Gone Away').build();
    const plan = chaseAt(finalisedWith({ ...ACTION, ownerId: stranger.id }), '2026-12-08T09:00:00.000Z');
    expect(plan.audit.outbox.map((m) => m.to)).toEqual([stranger.id]);
  });
});
