import type { Grade } from '../grades.js';
import type { PersonId } from '../people.js';

/**
 * The follow-up of a finalised audit by the profile's `followUp.by` role (Sandwell's SW Academy, ST-28): when it
 * was sent, for which grade, and to whom. The people in `to` may open the audit and read it (`rolesOnAudit`), and
 * follow its open actions in their daily digest. `to` is empty when nobody held the role: QA was told instead.
 */
export interface FollowUp {
  readonly at: string;
  readonly grade: Grade;
  readonly by: 'swAcademy';
  readonly to: readonly PersonId[];
}
