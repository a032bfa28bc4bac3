import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidRoster, parseRoster } from '../../graph/roster-directory.js';
import type { Audit } from '../../workflow/audit.js';
import { assignModerator, moderatorCandidates, whyNotModerator } from '../../workflow/moderation/assign-moderator.js';
import type { Person } from '../../workflow/people.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { anAudit, aPerson, cast, fullCastList, qaCast } from '../fakes/index.js';

const { coordinator, reviewer, practitioner, teamManager, serviceManager } = cast;
const { linkReviewer, moderator, secondModerator } = qaCast;
const bcp = loadProfile('bcp');
const westSussex = loadProfile('west-sussex');

/** An open moderation (awaiting) held by `moderatorId` in the cycle. */
const openFor = (moderatorId: string, n: number, cycle = '2026-12'): Audit[] =>
  Array.from({ length: n }, (_, i) =>
    anAudit().forCase(`CR-9${moderatorId.length}${i}${moderatorId.slice(2, 6)}`).inCycle(cycle).moderatedBy(moderatorId).withStatus('awaitingModeration').build(),
  );

const audit = anAudit().withStatus('submitted').build();

describe('assignModerator: QA pool', () => {
  it('chooses the least loaded moderator in the cycle, ties by name', () => {
    // Moderators: Chris Evans, Lee Grant, Mo Clarke, Quinn Adebayo (the coordinator). All at 0: by name.
    expect(assignModerator(audit, westSussex, fullCastList, [])).toEqual({
      moderatorId: linkReviewer.id,
      pool: 'qa-pool',
      reason: 'QA pool: least loaded (0 open moderations)',
    });
    const load = [...openFor(linkReviewer.id, 2), ...openFor(moderator.id, 1), ...openFor(secondModerator.id, 1), ...openFor(coordinator.id, 3)];
    expect(assignModerator(audit, westSussex, fullCastList, load)).toMatchObject({ moderatorId: moderator.id, reason: 'QA pool: least loaded (1 open moderation)' });
  });

  it('counts only open moderations of the same cycle', () => {
    const finished = anAudit().forCase('CR-5001').moderatedBy(linkReviewer.id).withStatus('finalised').build();
    const lastMonth = openFor(linkReviewer.id, 3, '2026-11');
    const load = [finished, ...lastMonth, ...openFor(moderator.id, 1), ...openFor(secondModerator.id, 1), ...openFor(coordinator.id, 1)];
    expect(assignModerator(audit, westSussex, fullCastList, load)?.moderatorId).toBe(linkReviewer.id);
  });

  it('never the reviewer, the practitioner or the team manager', () => {
    const everyoneModerates = fullCastList.map((p) => ({ ...p, roles: [...p.roles, 'moderator' as const] }));
    const chosen = moderatorCandidates(audit, everyoneModerates, []).map((c) => c.person.id);
    expect(chosen).not.toContain(reviewer.id);
    expect(chosen).not.toContain(practitioner.id);
    expect(chosen).not.toContain(teamManager.id);
    expect(chosen).toContain(serviceManager.id);
    expect(whyNotModerator(everyoneModerates.find((p) => p.id === reviewer.id)!, audit)).toBe('Rhea Okafor reviewed this audit.');
    expect(whyNotModerator(everyoneModerates.find((p) => p.id === teamManager.id)!, audit)).toBe('Tom Fletcher works on or manages this case.');
    expect(whyNotModerator(cast.colleague, audit)).toBe('Noah Byrne is not a moderator.');
  });

  it('a moderator who is the reviewer of this audit is passed over, whatever their load', () => {
    const reviewedByLee = anAudit().allocatedTo(moderator.id).withStatus('submitted').build();
    const load = [...openFor(linkReviewer.id, 2), ...openFor(secondModerator.id, 2), ...openFor(coordinator.id, 2)];
    expect(assignModerator(reviewedByLee, westSussex, fullCastList, load)?.moderatorId).not.toBe(moderator.id);
  });

  it('nobody when nobody may moderate', () => {
    expect(assignModerator(audit, westSussex, [reviewer, practitioner, teamManager], [])).toBeUndefined();
  });
});

describe('assignModerator: link reviewer (BCP)', () => {
  it('chooses the moderator linked to the case’s service manager, even when others are less loaded', () => {
    const load = openFor(linkReviewer.id, 4);
    expect(assignModerator(audit, bcp, fullCastList, load)).toEqual({
      moderatorId: linkReviewer.id,
      pool: 'link-reviewer',
      reason: 'link reviewer for Sam Osei',
    });
  });

  it('with two link reviewers for one manager, the less loaded', () => {
    const second: Person = aPerson().named('Zed Link').withRoles('moderator').moderatesFor(serviceManager.id).build();
    const load = openFor(linkReviewer.id, 2);
    expect(assignModerator(audit, bcp, [...fullCastList, second], load)?.moderatorId).toBe(second.id);
  });

  it('falls back to the QA pool when the manager has no link reviewer, or theirs reviewed this audit', () => {
    const otherManager = anAudit().withServiceManager('p-someone-else').withStatus('submitted').build();
    expect(assignModerator(otherManager, bcp, fullCastList, [])).toEqual({
      moderatorId: linkReviewer.id, // least loaded by name, as an ordinary pool member
      pool: 'qa-pool',
      reason: 'no link reviewer for the service manager, so QA pool: least loaded (0 open moderations)',
    });
    const reviewedByLink = anAudit().allocatedTo(linkReviewer.id).withStatus('submitted').build();
    expect(assignModerator(reviewedByLink, bcp, fullCastList, [])).toMatchObject({ moderatorId: moderator.id, pool: 'qa-pool' });
  });
});

describe('link reviewers in the roster (local mode)', () => {
  it('the demo roster makes Chris Evans the link reviewer for Priya Shah’s audits under BCP', () => {
    const people = parseRoster(readFileSync('demo/roster.yaml', 'utf8'), 'demo/roster.yaml');
    const chris = people.find((p) => p.name === 'Chris Evans')!;
    const priya = people.find((p) => p.name === 'Priya Shah')!;
    expect(chris.moderatesFor).toEqual([priya.id]);
    const audit = anAudit()
      .allocatedTo(people.find((p) => p.name === 'Taylor Reed')!.id)
      .withPractitioner(people.find((p) => p.name === 'Jordan Lee')!.id)
      .withTeamManager(people.find((p) => p.name === 'Sam Patel')!.id)
      .withServiceManager(priya.id)
      .build();
    expect(assignModerator(audit, bcp, people, [])).toMatchObject({ moderatorId: chris.id, pool: 'link-reviewer', reason: 'link reviewer for Priya Shah' });
  });

  it('a roster naming someone not in it as moderated-for is refused', () => {
    const text = `people:\n  - id: m1\n    name: M One\n    email: m1@example.org\n    roles: [moderator]\n    moderatesFor: [nobody]\n`;
    expect(() => parseRoster(text, 'r.yaml')).toThrow(InvalidRoster);
    expect(() => parseRoster(text, 'r.yaml')).toThrow('M One moderates for "nobody", who is not in the roster.');
  });
});

describe('assignModerator: the service’s own managers (Sandwell, ST-10)', () => {
  const sandwell = loadProfile('sandwell-trust');
  const head = aPerson().named('Hollis Ward').withRoles('headOfService').build();
  const sm = { ...serviceManager, lineManagerId: head.id };
  const registered = aPerson().named('Rowan Hale').withRoles('registeredManager').managedBy(head.id).build();
  const people = [...fullCastList.filter((p) => p.id !== serviceManager.id && p.id !== qaCast.headOfService.id), sm, head, registered];
  const submitted = anAudit().withStatus('submitted').allocatedTo(reviewer.id).withServiceManager(sm.id).build();

  it('the case’s service manager moderates, whoever else holds the moderator role', () => {
    expect(assignModerator(submitted, sandwell, people, [])).toEqual({ moderatorId: sm.id, pool: 'service-line', reason: 'service manager of the service' });
  });

  it('a fostering case: its Registered Manager moderates', () => {
    const fostering = { ...submitted, serviceManagerId: registered.id };
    expect(assignModerator(fostering, sandwell, people, [])).toEqual({ moderatorId: registered.id, pool: 'service-line', reason: 'Registered Manager (fostering) of the service' });
  });

  it('when the service manager reviewed it, the head of service above them moderates', () => {
    const ownReview = { ...submitted, reviewerId: sm.id };
    expect(assignModerator(ownReview, sandwell, people, [])).toEqual({ moderatorId: head.id, pool: 'service-line', reason: 'head of service above the service manager' });
  });

  it('with nobody in the service’s line who may moderate, nobody is picked from another service (QA is told)', () => {
    const ownReview = { ...submitted, reviewerId: sm.id };
    const noHead = people.map((p) => (p.id === sm.id ? serviceManager : p));
    expect(assignModerator(ownReview, sandwell, noHead, [])).toBeUndefined();
  });
});
