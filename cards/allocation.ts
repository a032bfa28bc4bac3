import template from './allocation.json' with { type: 'json' };
import { expand, toggle, type AdaptiveCard } from './template.js';
import { z } from 'zod';
import { auditRef, cardActions, textInput, toggleInput, type AuditRef } from './card-ref.js';

/** The allocation card's buttons: its inputs, and the inputs typed in the view being left (accept ⇄ decline). */
export const AllocationData = z.object({
  ...auditRef,
  practitionerConfirmed: toggleInput,
  accessConfirmed: toggleInput,
  reason: textInput,
  keep: z.object({ practitionerConfirmed: z.boolean().optional(), accessConfirmed: z.boolean().optional(), reason: textInput }).optional(),
});
export type AllocationData = z.infer<typeof AllocationData>;

export const ALLOCATION_ACTIONS = cardActions(
  ['allocation.accept', 'allocation.decline', 'allocation.confirmDecline', 'allocation.cancelDecline', 'allocation.refresh'],
  AllocationData,
  { family: 'allocation', id: 'auditId' },
);
export type AllocationVerb = keyof typeof ALLOCATION_ACTIONS;

/** What the card shows: `open` and `declining` take input; the rest are outcomes without buttons. */
export type AllocationState = 'open' | 'declining' | 'accepted' | 'declined' | 'reallocated' | 'closed';


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
  readonly banner?: string;
  readonly inputs: AllocationInputs;
  readonly errors: Readonly<Partial<Record<keyof AllocationInputs, string>>>;
  readonly ref: AuditRef;
  /** Opens the audit itself (the reviewer's form) once the allocation is accepted. */
  readonly openRef: AuditRef;
  /** Finds times for the collaborative meeting (reviewer, practitioner, team manager). */
  readonly meetingRef: AuditRef;
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
