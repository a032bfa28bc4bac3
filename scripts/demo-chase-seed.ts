import type { Services } from '../bot/services.js';
import type { AuditAction } from '../workflow/actions.js';
import type { Audit } from '../workflow/audit.js';
import { nextWorkingDay, subtractWorkingDays } from '../workflow/chasing/bank-holidays.js';
import { chaseSettings } from '../workflow/chasing/chase-settings.js';
import { localDate } from '../workflow/dates.js';
import { hasRole, type Person } from '../workflow/people.js';
import { currentCycle } from './demo-seed.js';

/**
 * Last month's finalised audit of a demo case, with actions to chase, so the local run shows the chase at once:
 * Jordan (`--as jordan`) has an overdue action and one due the next working day; Sam (`--as sam`, the team
 * manager) gets the digest; Priya (`--as priya`) signs off Sam's done action. Created once (by id), with dates
 * relative to the day it is first created.
 */
export async function seedChaseDemo(s: Services): Promise<void> {
  const people = await s.directory.all(s.tenantId);
  const by = (name: string): Person | undefined => people.find((p) => p.name === name);
  const [jordan, sam, priya, alex] = [by('Jordan Lee'), by('Sam Patel'), by('Priya Shah'), people.find((p) => hasRole(p, 'qaCoordinator'))];
  if (!jordan || !sam || !priya || !alex) return;
  const now = s.clock.now();
  const at = now.toISOString();
  const today = localDate(now);
  const cycle = currentCycle(new Date(now.getTime() - 31 * 86_400_000));
  const calendar = chaseSettings(s.profile).calendar;
  const action = (id: string, description: string, ownerId: string, dueDate: string, extra: Partial<AuditAction> = {}): AuditAction => ({
    id, source: 'review', description, ownerId, dueDate, remedial: false, setBy: alex.id, setAt: at, ...extra,
  });
  const audit: Audit = {
    id: `a-${cycle}-CR-09950`,
    tenantId: s.tenantId,
    kind: 'collaborative',
    cycle,
    caseRef: 'CR-09950',
    serviceArea: 'CSC',
    team: 'Assessment East',
    childStatus: 'CIN',
    restricted: false,
    dueDate: `${cycle}-28`,
    status: 'finalised',
    round: 1,
    reviewerId: alex.id,
    practitionerId: jordan.id,
    teamManagerId: sam.id,
    serviceManagerId: priya.id,
    coordinatorId: alex.id,
    previousReviewerIds: [],
    history: [{ at, by: alex.id, event: 'finalised', detail: 'demo: last month\'s audit with actions to chase' }],
    outbox: [],
    sourceFingerprint: 'demo-chase',
    grades: { overall: { original: 'requiresImprovement', final: 'requiresImprovement' } },
    actions: [
      action('review-r1', 'Update the chronology with the last three visits', jordan.id, subtractWorkingDays(today, 3, calendar)),
      action('review-r2', 'Share the child’s plan with the family', jordan.id, nextWorkingDay(today, calendar)),
      action('review-r3', 'Record the case discussion in supervision', sam.id, subtractWorkingDays(today, 1, calendar), {
        status: 'done',
        done: { at, by: sam.id, note: 'Discussed in supervision; recorded on the case file.' },
      }),
    ],
    finalisedAt: at,
    nextChaseAt: at,
  };
  if (await s.audits.create(audit)) s.kickDelivery();
}
