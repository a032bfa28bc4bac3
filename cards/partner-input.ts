import template from './partner-input.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, textInput, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const PartnerInputData = z.object({ ...auditRef, 'partner.agency': textInput, 'partner.role': textInput, 'partner.input': textInput });
export const PARTNER_INPUT_ACTIONS = cardActions(['partnerInput.record', 'partnerInput.refresh'], PartnerInputData, { family: 'partner-input', id: 'auditId' });

export interface PartnerInputCardData {
  readonly caseRef: string;
  readonly subtitle: string;
  readonly banner?: string;
  /** "Health · Health visitor (recorded by Alex Morgan, Tue 8 Dec)" and what they said. */
  readonly recorded: readonly { readonly heading: string; readonly input: string }[];
  /** The reviewer, while the audit is theirs to write: the form to record one more. */
  readonly editable: boolean;
  readonly agency: string;
  readonly role: string;
  readonly input: string;
  readonly agencyError?: string;
  readonly roleError?: string;
  readonly inputError?: string;
  readonly max: { readonly agency: number; readonly role: number; readonly input: number };
  readonly ref: AuditRef;
  readonly refreshUserIds: readonly string[];
}

/** A multi-agency audit's partner contributions, and (for its reviewer) the form to record another. */
export function renderPartnerInput(data: PartnerInputCardData): AdaptiveCard {
  return expand(template, { ...data, action: data.ref });
}
