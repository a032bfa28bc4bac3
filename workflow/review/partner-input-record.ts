import type { PersonId } from '../people.js';

/** A partner agency's contribution to a multi-agency audit, as recorded on it (the rules are in partner-input.ts). */
export interface PartnerInput {
  /** `p1`, `p2`, … in the order recorded. */
  readonly id: string;
  readonly agency: string;
  /** "Health visitor", "School designated safeguarding lead": the role, not a name. */
  readonly role: string;
  readonly input: string;
  readonly recordedBy: PersonId;
  readonly recordedAt: string;
}
