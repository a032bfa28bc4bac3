import template from './moderation.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import { bindGuide, optionalGuide, withGuidanceThatFits, type GuideView } from './guide.js';
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
  /** The longest reason for a change of this grade (the audit tool's rationale limit); else `rationaleMax`. */
  readonly reasonMax?: number;
  readonly rationaleError?: string;
  /** Once confirmed: "Agreed: Good" or "Changed: Good → Requires improvement — <why>". */
  readonly outcome?: string;
  /** The tool's "what good looks like" for this row (the one the audit was graded with), read-only. */
  readonly guide?: GuideView;
}

/** Telford & Wrekin's panel: what it is told, and (for the chair, before confirming) the panel's three answers. */
export interface PanelView {
  /** "You chair this panel with …", "Chris Evans chairs this panel …", or the recorded decision. */
  readonly note: string;
  /** The chair's inputs, while the card is editable. */
  readonly editable: boolean;
  readonly members: readonly Choice[];
  readonly tookPart: string;
  readonly tookPartError?: string;
  readonly reflects: string;
  readonly reflectsError?: string;
  readonly learning: string;
  readonly learningError?: string;
  readonly learningMax: number;
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
  readonly panel?: PanelView;
  readonly ref: AuditRef & { readonly actionRows: string };
  readonly refreshUserIds: readonly string[];
}

/** The moderator's card; each row with guidance gets a read-only "What good looks like" toggle, as far as it fits. */
export function renderModeration(data: ModerationCardData): AdaptiveCard {
  return withGuidanceThatFits(data.rows.some((r) => r.guide), (detail, guideNote) =>
    expand(template, {
      ...data,
      ...(guideNote ? { guideNote } : {}),
      rows: data.rows.map(({ guide, ...row }) => ({ ...row, reasonMax: row.reasonMax ?? data.rationaleMax, ...optionalGuide(bindGuide(guide, detail)) })),
      action: data.ref,
      canAddAction: data.editable && data.actions.length < data.maxActions,
      actions: data.editable ? data.actions.map((row, i) => ({ ...row, number: String(i + 1), removeData: { ...data.ref, rowId: row.rowId } })) : [],
    }),
  );
}
