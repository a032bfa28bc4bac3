import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { askForSelfAssessment, recordSelfAssessment, SELF_ASSESSMENT_PATH } from '../../workflow/review/self-assessment.js';
import { acceptAllocation } from '../../workflow/use-cases/accept-allocation.js';
import { anAudit, cast, TENANT } from '../fakes/index.js';
import { setup } from './flow.js';

const { reviewer, practitioner, teamManager } = cast;
const AT = '2026-12-01T10:00:00.000Z';
const answers = { difference: '  The child now sees her dad every week.  ', discuss: 'Drift in the plan.' };

describe('the practitioner’s self-assessment (WS-09)', () => {
  it.each(SHIPPED_PROFILE_IDS)('%s: asked for on acceptance only where the profile says so', async (id) => {
    const w = setup({ profile: id, audits: [anAudit().build()] });
    const a = w.stored();
    await acceptAllocation(w).execute({ tenantId: TENANT, auditId: a.id, round: a.round, actorId: a.reviewerId, practitionerConfirmed: true, accessConfirmed: true });
    const asked = w.stored().outbox.filter((m) => m.kind === 'self-assessment').map((m) => m.to);
    expect(asked).toEqual(loadProfile(id).meeting.selfAssessment ? [a.practitionerId] : []);
  });

  it('is asked once per allocation round, and not again once answered', () => {
    const ws = loadProfile('west-sussex');
    const accepted = anAudit().accepted().build();
    const once = askForSelfAssessment(askForSelfAssessment(accepted, ws, AT), ws, AT);
    expect(once.outbox.filter((m) => m.kind === 'self-assessment')).toHaveLength(1);
    const answered = recordSelfAssessment(accepted, accepted.practitionerId, answers, AT);
    expect(askForSelfAssessment(answered, ws, AT)).toBe(answered);
  });

  it('records the answers trimmed, with who and when, and the history; the same answers again change nothing', () => {
    const audit = anAudit().withPractitioner(practitioner.id).accepted().build();
    const done = recordSelfAssessment(audit, practitioner.id, answers, AT);
    expect(done.selfAssessment).toEqual({ at: AT, by: practitioner.id, difference: 'The child now sees her dad every week.', discuss: 'Drift in the plan.' });
    expect(done.history.at(-1)).toMatchObject({ by: practitioner.id, event: 'self-assessment returned' });
    expect(recordSelfAssessment(done, practitioner.id, answers, AT)).toBe(done);
    expect(recordSelfAssessment(done, practitioner.id, { ...answers, discuss: '' }, AT).history.at(-1)?.event).toBe('self-assessment changed');
  });

  it('needs the difference made; refuses anything over 500 characters, naming the field', () => {
    const audit = anAudit().withPractitioner(practitioner.id).accepted().build();
    const empty = (() => { try { recordSelfAssessment(audit, practitioner.id, { difference: ' ', discuss: 'x'.repeat(501) }, AT); } catch (e) { return e; } })();
    expect(empty).toBeInstanceOf(InvalidInput);
    expect((empty as InvalidInput).fields).toEqual({
      [SELF_ASSESSMENT_PATH.difference]: 'Say what difference you think your work has made for the child.',
      [SELF_ASSESSMENT_PATH.discuss]: 'Keep this under 500 characters (it has 501).',
    });
  });

  it.each([['the reviewer', reviewer.id], ['the team manager', teamManager.id]])('is refused for %s: only the practitioner answers', (_who, id) => {
    const audit = anAudit().withPractitioner(practitioner.id).accepted().build();
    expect(() => recordSelfAssessment(audit, id, answers, AT)).toThrow(NotPermitted);
  });

  it('cannot be changed once the review is submitted', () => {
    const audit = anAudit().withPractitioner(practitioner.id).withStatus('submitted').build();
    expect(() => recordSelfAssessment(audit, practitioner.id, answers, AT)).toThrow(IllegalTransition);
  });
});
