import template from './moderation.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import type { ActionRowView, Choice } from './review.js';
import { expand, type AdaptiveCard } from './template.js';

/** Further actions a moderator can add on the card: fewer than a reviewer, as the card also carries the review. */
export const MODERATOR_MAX_ACTIONS = 3;

export const MODERATION_ACTIONS = cardActions(['moderation.refresh', 'moderation.save', 'moderation.confirm', 'moderation.addAction', 'moderation.removeAction'], FormData, { family: 'moderation', id: 'auditId' });
export type ModerationVerb = keyof typeof MODERATION_ACTIONS;

export interface ModerationRow {
  readonly label: string;
  readonly reviewerGrade: string;
  readonly reviewerRationale: string;
  readonly decisionInput: string;
  /** 'agree' or the grade it is changed to. */
  readonly decision: string;
  readonly choices: readonly Choice[];
  readonly decisionError?: string;
  readonly rationaleInput: string;
  readonly rationale: string;
  readonly rationaleError?: string;
  /** Once confirmed: "Agreed: Good" or "Changed: Good → Requires improvement — <why>". */
  readonly outcome?: string;
}

export interface ModerationCardData {
  readonly caseRef: string;
  readonly urgent: boolean;
  readonly subtitle: string;
  readonly banner?: string;
  readonly errorSummary?: string;
  /** False once confirmed: the card becomes a read-only record. */
  readonly editable: boolean;
  readonly rows: readonly ModerationRow[];
  readonly feedback: string;
  readonly goodPractice: string;
  readonly reviewerActions: readonly string[];
  readonly actions: readonly ActionRowView[];
  readonly actionsError?: string;
  readonly ownerChoices: readonly Choice[];
  readonly maxActions: number;
  readonly rationaleMax: number;
  readonly actionMax: number;
  readonly outcomeSummary?: string;
  readonly ref: AuditRef & { readonly actionRows: string };
  readonly refreshUserIds: readonly string[];
}

export function renderModeration(data: ModerationCardData): AdaptiveCard {
  return expand(template, {
    ...data,
    action: data.ref,
    canAddAction: data.editable && data.actions.length < data.maxActions,
    actions: data.editable ? data.actions.map((row, i) => ({ ...row, number: String(i + 1), removeData: { ...data.ref, rowId: row.rowId } })) : [],
  });
}
