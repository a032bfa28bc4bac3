import template from './allocation.json' with { type: 'json' };
import { expand, toggle, type AdaptiveCard } from './template.js';

export const ALLOCATION_VERBS = [
  'allocation.accept',
  'allocation.decline',
  'allocation.confirmDecline',
  'allocation.cancelDecline',
  'allocation.refresh',
] as const;
export type AllocationVerb = (typeof ALLOCATION_VERBS)[number];

/** What the card shows: `open` and `declining` take input; the rest are outcomes without buttons. */
export type AllocationState = 'open' | 'declining' | 'accepted' | 'declined' | 'reallocated' | 'closed';

/**
 * Signed reference to the audit and the allocation round the card was rendered for. A card may carry more
 * (e.g. the ids of its action rows, or of a dispute): those are not signed, and are validated like inputs.
 */
export interface CardRef {
  readonly auditId: string;
  readonly round: number;
  readonly sig: string;
  readonly [carried: string]: string | number;
}

export interface AllocationInputs {
  readonly practitionerConfirmed?: boolean;
  readonly accessConfirmed?: boolean;
  readonly reason?: string;
}

export interface AllocationCardData {
  readonly caseRef: string;
  readonly serviceArea: string;
  readonly team: string;
  readonly practitionerName: string;
  readonly teamManagerName: string;
  readonly childStatus: string;
  /** Already formatted for reading. */
  readonly dueDate: string;
  readonly restricted: boolean;
  readonly state: AllocationState;
  /** The settled outcome, e.g. "Accepted by Alex Reviewer at 14:05 on Tue 1 Dec 2026". */
  readonly outcome?: string;
  /** What just happened when it was not what the user asked for, e.g. a second click. */
  readonly notice?: string;
  readonly inputs: AllocationInputs;
  readonly errors: Readonly<Partial<Record<keyof AllocationInputs, string>>>;
  readonly ref: CardRef;
  /** Opens the audit itself (the reviewer's form) once the allocation is accepted. */
  readonly openRef: CardRef;
  /** Finds times for the collaborative meeting (reviewer, practitioner, team manager). */
  readonly meetingRef: CardRef;
  readonly refreshUserIds: readonly string[];
}

export function renderAllocation(data: AllocationCardData): AdaptiveCard {
  const inputs = {
    practitionerConfirmed: toggle(data.inputs.practitionerConfirmed),
    accessConfirmed: toggle(data.inputs.accessConfirmed),
    reason: data.inputs.reason ?? '',
  };
  return expand(template, {
    ...data,
    inputs,
    action: data.ref,
    // Switching between the accept and decline views carries what was typed in the view being left.
    keep: { ...data.ref, keep: data.inputs },
  });
}
