import type { Audit } from '../audit.js';

/** What a use case that changes one audit returns. */
export interface AuditOutcome {
  /** The audit as stored after the action (render the card from this). */
  readonly audit: Audit;
  /** True when the action had already been done (a second click, a retried invoke): nothing changed. */
  readonly alreadyDone: boolean;
}
