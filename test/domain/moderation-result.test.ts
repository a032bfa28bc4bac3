import { describe, expect, it } from 'vitest';
import type { Audit } from '../../workflow/audit.js';
import { changeDiscussion, resultRecipients } from '../../workflow/moderation/moderation-result.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { anAudit, cast, qaCast } from '../fakes/index.js';

const { reviewer, practitioner, teamManager, serviceManager } = cast;
const moderator = qaCast.moderator;

function finalisedWith(agreed: boolean): Audit {
  const audit = anAudit().allocatedTo(reviewer.id).withPractitioner(practitioner.id).withTeamManager(teamManager.id).withServiceManager(serviceManager.id).moderatedBy(moderator.id).withStatus('finalised').build();
  const decision = { original: 'good', moderated: agreed ? 'good' : 'requiresImprovement', agreed, ...(agreed ? {} : { reason: 'MOD' }) } as const;
  return { ...audit, moderation: { assignedAt: 'x', assignedBecause: 'x', urgent: false, outcome: { at: 'x', by: moderator.id, decisions: { overall: decision } } } } as Audit;
}

describe('who hears the result, and who talks a changed grade through (WS-32, BC-15)', () => {
  const table: Record<string, { to: string[]; by: string; with: string[] }> = {
    // "The moderator will alert the practitioner, team manager and auditor" and moderates "alongside them".
    'west-sussex': { to: [practitioner.id, teamManager.id, reviewer.id], by: moderator.id, with: [practitioner.id, teamManager.id] },
    // "the manager completing the PLR will discuss any changes … with the … Social Worker/Practitioner/Team Manager and Service Manager".
    bcp: { to: [practitioner.id, teamManager.id, serviceManager.id, reviewer.id], by: reviewer.id, with: [practitioner.id, teamManager.id, serviceManager.id] },
    'sandwell-trust': { to: [practitioner.id, teamManager.id, reviewer.id], by: teamManager.id, with: [practitioner.id] },
    'telford-wrekin': { to: [practitioner.id, teamManager.id, reviewer.id], by: teamManager.id, with: [practitioner.id] },
    scsp: { to: [practitioner.id, teamManager.id, reviewer.id], by: teamManager.id, with: [practitioner.id] },
  };

  it.each(SHIPPED_PROFILE_IDS)('%s', (id) => {
    const profile = loadProfile(id);
    const changed = finalisedWith(false);
    expect(resultRecipients(changed, profile)).toEqual(table[id]!.to);
    expect(changeDiscussion(changed, profile)).toEqual({ by: table[id]!.by, with: table[id]!.with });
    expect(changeDiscussion(finalisedWith(true), profile)).toBeUndefined();
  });
});
