import { requireStatus, type Audit } from '../audit.js';
import { InvalidInput, NotPermitted } from '../errors.js';
import { enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { tooLong } from './record-paths.js';
import { REVIEWABLE } from './review.js';

/**
 * The practitioner's self-assessment (West Sussex step 2, "Practitioner Preparation"): asked for on a short card
 * as soon as the reviewer accepts, answered (and changed) until the review is submitted, and shown to the
 * reviewer on the audit form. The seed names the step but not its questions: the two here are the product's.
 */
export const SELF_ASSESSMENT_PATH = { difference: 'selfAssessment.difference', discuss: 'selfAssessment.discuss' } as const;
export const SELF_ASSESSMENT_MAX = 500;

/** The practitioner may answer (or change) it while the review can still be written: after acceptance, before submission. */
export function mayAnswerSelfAssessment(audit: Audit, personId: PersonId): boolean {
  return audit.practitionerId === personId && REVIEWABLE.includes(audit.status);
}

/** On acceptance, where the profile asks for it: the card to the practitioner, once per allocation round. */
export function askForSelfAssessment(audit: Audit, profile: PolicyProfile, at: string): Audit {
  if (!profile.meeting.selfAssessment || audit.selfAssessment) return audit;
  const key = `self-assessment:${audit.id}:r${audit.round}`;
  if (audit.outbox.some((m) => m.key === key)) return audit;
  return enqueue(audit, { key, kind: 'self-assessment', to: audit.practitionerId }, at);
}

/** Records (or changes) the practitioner's answers. The same answers again change nothing. */
export function recordSelfAssessment(audit: Audit, actorId: PersonId, answers: { difference: string; discuss: string }, at: string): Audit {
  if (audit.practitionerId !== actorId) throw new NotPermitted(actorId, `answer the self-assessment for case ${audit.caseRef}: the practitioner does`);
  const difference = answers.difference.trim();
  const discuss = answers.discuss.trim();
  const before = audit.selfAssessment;
  if (before && before.difference === difference && before.discuss === discuss) return audit;
  requireStatus(audit, REVIEWABLE, before ? 'self-assessment changed' : 'self-assessment returned');
  const problems: Record<string, string> = {};
  if (!difference) problems[SELF_ASSESSMENT_PATH.difference] = 'Say what difference you think your work has made for the child.';
  if (difference.length > SELF_ASSESSMENT_MAX) problems[SELF_ASSESSMENT_PATH.difference] = tooLong(SELF_ASSESSMENT_MAX, difference.length);
  if (discuss.length > SELF_ASSESSMENT_MAX) problems[SELF_ASSESSMENT_PATH.discuss] = tooLong(SELF_ASSESSMENT_MAX, discuss.length);
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
  return {
    ...audit,
    selfAssessment: { at, by: actorId, difference, discuss },
    history: [...audit.history, { at, by: actorId, event: before ? 'self-assessment changed' : 'self-assessment returned', reason: `Difference made: ${difference}${discuss ? ` To discuss: ${discuss}` : ''}` }],
  };
}
