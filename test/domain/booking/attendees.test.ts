import { describe, expect, it } from 'vitest';
import type { ChildStatus } from '../../../workflow/audit.js';
import { NotFound } from '../../../workflow/errors.js';
import { chooseCro, invitationFor, planAttendees } from '../../../workflow/meeting/attendees.js';
import { ROLE_LABELS, ROLES, type Person } from '../../../workflow/people.js';
import { loadProfile } from '../../../workflow/policy/profiles.js';
import { anAudit, aPerson, castList } from '../../fakes/index.js';
import { cros, practitioner, reviewer, teamManager } from './booking-world.js';

const westSussex = loadProfile('west-sussex');
const everyone: readonly Person[] = [...castList, ...Object.values(cros)];

/** "role:name(required|optional)[*organiser]" per attendee. */
function who(status: ChildStatus, profile = westSussex, people: readonly Person[] = everyone, audit = anAudit().accepted().withChildStatus(status).build()) {
  const plan = planAttendees(audit, profile, people);
  return {
    attendees: plan.attendees.map((a) => `${a.role}:${a.person.name}(${a.required ? 'required' : 'optional'})${a.organiser ? '*' : ''}`),
    notes: plan.notes,
  };
}

describe('who attends the collaborative meeting', () => {
  it('has a Conference & Reviewing Officer role in the directory vocabulary', () => {
    expect(ROLES).toContain('conferenceReviewingOfficer');
    expect(ROLE_LABELS.conferenceReviewingOfficer).toBe('Conference & Reviewing Officer');
  });

  it.each<ChildStatus>(['CIN', 'Care leaver', 'Early help'])(
    'West Sussex, %s: the reviewer organises, the practitioner and team manager are required, no CRO',
    (status) => {
      expect(who(status)).toEqual({
        attendees: [`reviewer:${reviewer.name}(required)*`, `practitioner:${practitioner.name}(required)`, `teamManager:${teamManager.name}(required)`],
        notes: [],
      });
    },
  );

  it.each<ChildStatus>(['CLA', 'CP'])('West Sussex, %s: the CRO of the case\'s service is invited as optional', (status) => {
    expect(who(status).attendees).toEqual([
      `reviewer:${reviewer.name}(required)*`,
      `practitioner:${practitioner.name}(required)`,
      `teamManager:${teamManager.name}(required)`,
      `conferenceReviewingOfficer:${cros.sameService.name}(optional)`,
    ]);
  });

  it('chooses a CRO of the same service before others (by team, or line-managed by the service manager), else anyone by name', () => {
    const audit = anAudit().withChildStatus('CLA').build();
    expect(chooseCro(audit, everyone)?.id).toBe(cros.sameService.id);
    expect(chooseCro(audit, [...castList, cros.elsewhere])?.id).toBe(cros.elsewhere.id);
    const managed = aPerson().named('Yan Zhu').withRoles('conferenceReviewingOfficer').managedBy(audit.serviceManagerId).build();
    expect(chooseCro(audit, [cros.elsewhere, managed])?.id).toBe(managed.id);
    expect(chooseCro(audit, castList)).toBeUndefined();
  });

  it('goes ahead without a CRO when the directory has none, and says so', () => {
    const plan = who('CP', westSussex, castList);
    expect(plan.attendees).toHaveLength(3);
    expect(plan.notes).toEqual([expect.stringContaining('Nobody in the directory is a Conference & Reviewing Officer')]);
  });

  it('follows the profile: BCP asks the reviewer and practitioner only, even for a child in care', () => {
    expect(who('CLA', loadProfile('bcp'))).toEqual({
      attendees: [`reviewer:${reviewer.name}(required)*`, `practitioner:${practitioner.name}(required)`],
      notes: [],
    });
  });

  it('SCSP\'s partners are not in the directory: the plan says to forward the invitation', () => {
    expect(who('CIN', loadProfile('scsp')).notes).toEqual([expect.stringContaining('Partner agencies')]);
  });

  it('asks someone holding two roles once (a team manager reviewing their own team\'s case)', () => {
    const audit = anAudit().accepted().allocatedTo(teamManager.id).build();
    expect(who('CIN', westSussex, everyone, audit).attendees).toEqual([
      `reviewer:${teamManager.name}(required)*`,
      `practitioner:${practitioner.name}(required)`,
    ]);
  });

  it('refuses, naming the role, when a required attendee is not in the directory', () => {
    const withoutTm = everyone.filter((p) => p.id !== teamManager.id);
    expect(() => who('CIN', westSussex, withoutTm)).toThrow(NotFound);
    expect(() => who('CIN', westSussex, withoutTm)).toThrow(/team manager of case CR-1001/);
  });

  it('the invitation lists everyone but the organiser, by mailbox, with required flags', () => {
    const plan = planAttendees(anAudit().withChildStatus('CP').build(), westSussex, everyone);
    const invitation = invitationFor(plan.attendees, everyone, 'CR-1001');
    expect(invitation.organiser.id).toBe(reviewer.id);
    expect(invitation.request).toEqual([
      { mailbox: practitioner.email, name: practitioner.name, required: true },
      { mailbox: teamManager.email, name: teamManager.name, required: true },
      { mailbox: cros.sameService.email, name: cros.sameService.name, required: false },
    ]);
    expect(invitation.attendees.map((a) => a.mailbox)).toEqual([reviewer.email, practitioner.email, teamManager.email, cros.sameService.email]);
  });
});
