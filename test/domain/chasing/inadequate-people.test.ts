import { describe, expect, it } from 'vitest';
import type { Audit } from '../../../workflow/audit.js';
import { acknowledgeNotice, alertUnacknowledged, headOfServiceFor, recordAssurance, startInadequatePathway } from '../../../workflow/chasing/inadequate.js';
import { chaseAudit, nextChaseAt } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import { loadProfile } from '../../../workflow/policy/profiles.js';
import { canSeeRationale } from '../../../workflow/audit-trail.js';
import { cardChoice } from '../../../workflow/use-cases/open-audit-card.js';
import { anAudit, aPerson, cast, castList } from '../../fakes/index.js';

const hos = aPerson().named('Hollis Ward').withRoles('headOfService').build();
const otherHos = aPerson().named('Oona Hale').withRoles('headOfService').build();
const audit = (): Audit => ({ ...anAudit().withStatus('awaitingModeration').build(), grades: { overall: { original: 'inadequate', final: 'inadequate' } } });
const withLine = (people: typeof castList, managerId: string) => people.map((p) => (p.id === cast.serviceManager.id ? { ...p, lineManagerId: managerId } : p));

describe('who the Inadequate pathway reaches', () => {
  it('the head of service up the SM’s line; the only one when there is no line; nobody guessed among several', () => {
    expect(headOfServiceFor(audit(), withLine([...castList, hos, otherHos], otherHos.id))).toBe(otherHos.id);
    expect(headOfServiceFor(audit(), [...castList, hos])).toBe(hos.id);
    expect(headOfServiceFor(audit(), [...castList, hos, otherHos])).toBeUndefined();
  });

  it('QA is not alerted about a notice whose grade was since moderated away from Inadequate', () => {
    const started = startInadequatePathway(audit(), { profile: loadProfile('bcp'), people: castList, at: '2026-12-01T10:00:00.000Z' });
    const after = new Date('2026-12-02T11:00:00.000Z');
    expect(alertUnacknowledged(started, after, undefined).outbox.map((m) => m.kind)).toContain('inadequate-unacknowledged');
    const regraded: Audit = { ...started, grades: { overall: { original: 'inadequate', moderated: 'requiresImprovement', final: 'requiresImprovement' } } };
    expect(alertUnacknowledged(regraded, after, undefined)).toBe(regraded);
  });

  it('Sandwell: with no head of service to be found, the notice goes to the rest and QA is told who is missing', () => {
    const started = startInadequatePathway(audit(), { profile: loadProfile('sandwell-trust'), people: [...castList, hos, otherHos], at: '2026-12-01T10:00:00.000Z' });
    expect(started.inadequate!.recipients.map((r) => r.role)).toEqual(['serviceManager']);
    expect(started.outbox.find((m) => m.kind === 'notice-recipient-missing')).toMatchObject({ to: started.coordinatorId, about: 'headOfService' });
    expect(started.history.find((h) => h.event === 'inadequate notice')?.detail).toContain('nobody found for headOfService, QA told');
  });

  it('Sandwell: the head of service it was sent to may open the audit and read its findings', () => {
    const started = startInadequatePathway(audit(), { profile: loadProfile('sandwell-trust'), people: [...castList, hos], at: '2026-12-01T10:00:00.000Z' });
    expect(canSeeRationale(audit(), hos.id)).toBe(false);
    expect(canSeeRationale(started, hos.id)).toBe(true);
    expect(cardChoice(started, hos.id)).toEqual({ card: 'summary' });
  });

  describe('Sandwell: the service manager’s assurance is chased (ST-17)', () => {
    const profile = loadProfile('sandwell-trust');
    const AT = '2026-12-01T10:00:00.000Z';
    const started = () => startInadequatePathway(audit(), { profile, people: [...castList, hos], at: AT });
    const sweep = (a: Audit, iso: string) => chaseAudit(a, { now: new Date(iso), settings: chaseSettings(profile), profile, people: [...castList, hos], quietHours: false }).audit;

    it('due the profile’s hours after the notice; once the notice is acknowledged, the sweep comes back then', () => {
      expect(started().inadequate!.assurance).toEqual({ required: true, dueBy: '2026-12-02T10:00:00.000Z' });
      const acked = acknowledgeNotice(acknowledgeNotice(started(), cast.serviceManager.id, AT), hos.id, AT);
      expect(nextChaseAt(acked, new Date(AT), chaseSettings(profile))).toBe('2026-12-02T10:00:00.000Z');
    });

    it('not recorded in time: the SM is asked again and QA is told, once, and the history says so', () => {
      const early = sweep(started(), '2026-12-02T09:00:00.000Z');
      expect(early.outbox.some((m) => m.kind === 'assurance-overdue')).toBe(false);
      const late = sweep(early, '2026-12-02T10:30:00.000Z');
      expect(late.outbox.filter((m) => m.key.endsWith(':overdue') || m.kind === 'assurance-overdue').map((m) => `${m.kind} → ${m.to}`)).toEqual([
        `assurance-request → ${cast.serviceManager.id}`,
        `assurance-overdue → ${late.coordinatorId}`,
      ]);
      expect(late.history.filter((h) => h.event === 'assurance overdue')).toHaveLength(1);
      expect(sweep(late, '2026-12-03T10:30:00.000Z').outbox).toHaveLength(late.outbox.length);
    });

    it('recorded in time: nothing is chased', () => {
      const assured = recordAssurance(started(), cast.serviceManager.id, 'Safety plan in place.', '2026-12-01T12:00:00.000Z');
      expect(sweep(assured, '2026-12-03T10:30:00.000Z').outbox.some((m) => m.kind === 'assurance-overdue')).toBe(false);
    });
  });
});
