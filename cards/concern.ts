import template from './concern.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, carriedId, textInput, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/** A concern's reference: the signed audit, and which of its concerns (none on the form that raises one). */
export const ConcernData = z.object({ ...auditRef, concernId: carriedId.optional(), 'concern.reason': textInput });
export const CONCERN_ACTIONS = cardActions(['concern.raise', 'concern.acknowledge', 'concern.refresh'], ConcernData, { family: 'concern', id: 'auditId' });

export interface ConcernCardData {
  readonly title: string;
  readonly subtitle: string;
  readonly banner?: string;
  readonly lines: readonly string[];
  /** The form to raise one: the reason input and "Send the concern now". */
  readonly raising: boolean;
  readonly reasonInput: string;
  readonly reason: string;
  readonly reasonError?: string;
  readonly max: number;
  readonly recipients: readonly string[];
  readonly canAcknowledge: boolean;
  readonly ref: AuditRef & { readonly concernId?: string };
  readonly refreshUserIds: readonly string[];
}

/** An immediate safeguarding concern: the form that raises it, or the concern as its recipients read it. */
export function renderConcern(data: ConcernCardData): AdaptiveCard {
  return expand(template, { ...data, action: data.ref });
}
