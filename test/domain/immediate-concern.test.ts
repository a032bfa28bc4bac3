import { describe, expect, it } from 'vitest';
import type { Audit } from '../../workflow/audit.js';
import { chaseAudit, nextChaseAt } from '../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { acknowledgeConcern, raiseConcern } from '../../workflow/concerns/immediate-concern.js';
import { InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { anAudit, aPerson, cast, castList, qaCast } from '../fakes/index.js';

const { reviewer, practitioner, teamManager, serviceManager, coordinator } = cast;
const head = aPerson().named('Hollis Ward').withRoles('headOfService').build();
const people = [...castList.filter((p) => p.id !== serviceManager.id), { ...serviceManager, lineManagerId: head.id }, head, ...Object.values(qaCast).filter((p) => p.id !== qaCast.headOfService.id)];
const AT = '2026-12-01T10:00:00.000Z';
const REASON = 'The child said her stepfather hit her last night.';

const audit = (): Audit => anAudit().allocatedTo(reviewer.id).withPractitioner(practitioner.id).withTeamManager(teamManager.id).withServiceManager(serviceManager.id).coordinatedBy(coordinator.id).accepted().build();
const raise = (profileId: string, a = audit(), by = reviewer.id, text = REASON) => raiseConcern(a, by, text, { profile: loadProfile(profileId), people, at: AT });

describe('immediate safeguarding concerns (WS-11, BC-05)', () => {
  const expected: Record<string, string[]> = {
    // "escalated immediately to the … Team Manager, relevant Service Manager and Head of Service" and the QA mailbox.
    'west-sussex': [teamManager.id, serviceManager.id, head.id, coordinator.id],
    // "shared in writing within 24 hours with the practitioner, Team Manager and Service Manager".
    bcp: [practitioner.id, teamManager.id, serviceManager.id],
    'sandwell-trust': [teamManager.id, serviceManager.id, head.id],
    'telford-wrekin': [teamManager.id, serviceManager.id],
    scsp: [teamManager.id, serviceManager.id],
  };

  it.each(SHIPPED_PROFILE_IDS)('%s: goes at once to the people the profile names, each with a card, recorded with its reason', (id) => {
    const raised = raise(id);
    const concern = raised.concerns![0]!;
    expect(concern.recipients.map((r) => r.personId)).toEqual(expected[id]);
    expect(raised.outbox.filter((m) => m.kind === 'concern').map((m) => m.to)).toEqual(expected[id]);
    expect(raised.history.at(-1)).toMatchObject({ by: reviewer.id, event: 'immediate concern raised', reason: REASON });
    expect(concern.dueBy).toBe(new Date(Date.parse(AT) + loadProfile(id).concerns.acknowledgeWithinHours * 3_600_000).toISOString());
  });

  it('is independent of any grade: it can be raised at allocation, before anything is graded', () => {
    const allocated = { ...audit(), status: 'allocated' as const };
    expect(raise('west-sussex', allocated).concerns).toHaveLength(1);
  });

  it('a double click sends nothing twice; only the reviewer or moderator may raise one; a reason is needed', () => {
    const once = raise('west-sussex');
    expect(raise('west-sussex', once)).toBe(once);
    expect(() => raise('west-sussex', audit(), teamManager.id)).toThrow(NotPermitted);
    expect(() => raise('west-sussex', audit(), reviewer.id, '  ')).toThrow(InvalidInput);
  });

  it('with nobody in a named role, QA is told at once, not skipped silently', () => {
    const noHead = people.filter((p) => p.id !== head.id);
    const raised = raiseConcern(audit(), reviewer.id, REASON, { profile: loadProfile('sandwell-trust'), people: noHead, at: AT });
    expect(raised.history.at(-1)?.detail).toContain('nobody found for headOfService');
    expect(raised.outbox.filter((m) => m.kind === 'concern').map((m) => m.to)).toContain(coordinator.id);
  });

  it('each recipient acknowledges once; nobody else can', () => {
    const raised = raise('bcp');
    const acked = acknowledgeConcern(raised, 'c1', teamManager.id, AT);
    expect(acked.concerns![0]!.recipients.find((r) => r.personId === teamManager.id)?.acknowledgedAt).toBe(AT);
    expect(acknowledgeConcern(acked, 'c1', teamManager.id, AT)).toBe(acked);
    expect(() => acknowledgeConcern(raised, 'c1', reviewer.id, AT)).toThrow(NotPermitted);
  });

  it('is chased: QA is told once when someone has not acknowledged it in time; the sweep comes back at the deadline', () => {
    const profile = loadProfile('bcp');
    const settings = chaseSettings(profile);
    const raised = acknowledgeConcern(raise('bcp'), 'c1', teamManager.id, AT);
    expect(nextChaseAt(raised, new Date(AT), settings)).toBe('2026-12-02T10:00:00.000Z');
    const early = chaseAudit(raised, { now: new Date('2026-12-02T09:00:00.000Z'), settings, profile, people, quietHours: false }).audit;
    expect(early.outbox.some((m) => m.kind === 'concern-unacknowledged')).toBe(false);
    const late = chaseAudit(early, { now: new Date('2026-12-02T10:30:00.000Z'), settings, profile, people, quietHours: false }).audit;
    expect(late.outbox.filter((m) => m.kind === 'concern-unacknowledged').map((m) => m.to)).toEqual([coordinator.id]);
    expect(late.history.at(-1)?.detail).toBe(`c1: not acknowledged by ${practitioner.id}, ${serviceManager.id}`);
    const again = chaseAudit(late, { now: new Date('2026-12-03T10:30:00.000Z'), settings, profile, people, quietHours: false }).audit;
    expect(again.outbox.filter((m) => m.kind === 'concern-unacknowledged')).toHaveLength(1);
  });
});
