import template from './dispute.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import type { Choice } from './review.js';
import { LIMITS } from '../workflow/review/record-paths.js';
import { expand, type AdaptiveCard } from './template.js';

export const DISPUTE_ACTIONS = cardActions(['dispute.refresh', 'dispute.decide'], FormData, { family: 'dispute', id: 'auditId' });
export type DisputeVerb = keyof typeof DISPUTE_ACTIONS;

export interface DisputeCardData {
  readonly caseRef: string;
  readonly disputedBy: string;
  readonly target: string;
  readonly originalGrade: string;
  readonly moderatedGrade: string;
  readonly reason: string;
  readonly open: boolean;
  readonly choices: readonly Choice[];
  readonly decision?: string;
  readonly decisionError?: string;
  readonly decisionReason?: string;
  readonly decisionReasonError?: string;
  readonly outcome?: string;
  readonly banner?: string;
  readonly ref: AuditRef & { readonly disputeId: string };
  readonly refreshUserIds: readonly string[];
}

/** The dispute owner's decision card (QA head of service, or head of service, per profile). */
export function renderDispute(data: DisputeCardData): AdaptiveCard {
  return expand(template, { ...data, reasonMax: LIMITS.reason, action: data.ref, decision: data.decision ?? '', decisionReason: data.decisionReason ?? '' });
}
