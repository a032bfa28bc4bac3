import template from './reallocation.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const ReallocationData = z.object({ ...auditRef, newReviewerId: z.string().max(120).optional() });
export type ReallocationData = z.infer<typeof ReallocationData>;

export const REALLOCATION_ACTIONS = cardActions(['reallocation.submit', 'reallocation.refresh'], ReallocationData, { family: 'reallocation', id: 'auditId' });
export type ReallocationVerb = keyof typeof REALLOCATION_ACTIONS;

export interface ReallocationCardData {
  readonly caseRef: string;
  readonly serviceArea: string;
  readonly team: string;
  readonly dueDate: string;
  readonly declinedBy: string;
  readonly reason: string;
  /** `open` while the coordinator still has to choose; `done` once the case has moved on. */
  readonly state: 'open' | 'done';
  readonly candidates: readonly { title: string; value: string }[];
  readonly chosen?: string;
  readonly error?: string;
  readonly outcome?: string;
  readonly banner?: string;
  readonly ref: AuditRef;
  readonly refreshUserIds: readonly string[];
}

export function renderReallocation(data: ReallocationCardData): AdaptiveCard {
  return expand(template, { ...data, chosen: data.chosen ?? '', action: data.ref });
}
