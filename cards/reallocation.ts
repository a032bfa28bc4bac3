import template from './reallocation.json' with { type: 'json' };
import type { CardRef } from './allocation.js';
import { expand, type AdaptiveCard } from './template.js';

export const REALLOCATION_VERBS = ['reallocation.submit', 'reallocation.refresh'] as const;
export type ReallocationVerb = (typeof REALLOCATION_VERBS)[number];

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
  readonly notice?: string;
  readonly ref: CardRef;
  readonly refreshUserIds: readonly string[];
}

export function renderReallocation(data: ReallocationCardData): AdaptiveCard {
  return expand(template, { ...data, chosen: data.chosen ?? '', action: data.ref });
}
