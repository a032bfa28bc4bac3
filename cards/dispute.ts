import template from './dispute.json' with { type: 'json' };
import type { CardRef } from './allocation.js';
import type { Choice } from './review.js';
import { LIMITS } from '../workflow/review/fields.js';
import { expand, type AdaptiveCard } from './template.js';

export const DISPUTE_VERBS = ['dispute.refresh', 'dispute.decide'] as const;
export type DisputeVerb = (typeof DISPUTE_VERBS)[number];

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
  readonly notice?: string;
  readonly ref: CardRef;
  readonly refreshUserIds: readonly string[];
}

/** The dispute owner's decision card (QA head of service, or head of service, per profile). */
export function renderDispute(data: DisputeCardData): AdaptiveCard {
  return expand(template, { ...data, reasonMax: LIMITS.reason, action: data.ref, decision: data.decision ?? '', decisionReason: data.decisionReason ?? '' });
}
