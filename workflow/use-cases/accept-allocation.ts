import { accept, type Audit } from '../audit.js';
import { InvalidInput } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { PolicyProfile } from '../policy/profile.js';
import { askForSelfAssessment } from '../review/self-assessment.js';

export interface AcceptAllocationInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  /** Pre-audit check: the reviewer has confirmed the allocated practitioner has not changed. */
  readonly practitionerConfirmed: boolean;
  /** Pre-audit check on a restricted record: the reviewer has access or has requested it. */
  readonly accessConfirmed: boolean;
}

export interface AllocationOutcome {
  readonly audit: Audit;
  /** True when the action had already been done (a second click): nothing changed. */
  readonly alreadyDone: boolean;
}

export function acceptAllocation(deps: { audits: Audits; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: AcceptAllocationInput): Promise<AllocationOutcome> {
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        alreadyDone = current.status === 'accepted' && current.reviewerId === input.actorId && current.round === input.round;
        if (alreadyDone) return current;
        const problems: Record<string, string> = {};
        if (!input.practitionerConfirmed) {
          problems.practitionerConfirmed = 'Confirm the allocated practitioner has not changed, or decline and say so.';
        }
        if (current.restricted && !input.accessConfirmed) {
          problems.accessConfirmed = 'This record is restricted: confirm you have access or have requested it.';
        }
        // Role and round are checked before the inputs, so a stranger never learns more than "not yours".
        const at = deps.clock.now().toISOString();
        const accepted = accept(current, input.actorId, input.round, at);
        if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
        return askForSelfAssessment(accepted, deps.profile, at);
      });
      return { audit, alreadyDone };
    },
  };
}
