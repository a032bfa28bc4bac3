import type { ActionDraft } from '../actions.js';
import type { ScopeId } from '../audit-tools/audit-tool.js';
import type { Grade } from '../grades.js';
import type { PersonId } from '../people.js';

/** The moderator's choices while being typed: per scope 'agree' or a grade, and a reason; actions they add. */
export interface ModerationDraft {
  readonly decisions: Readonly<Record<ScopeId, { readonly decision?: string; readonly reason?: string }>>;
  readonly actions: readonly ActionDraft[];
  /** A panel's chair only: the panel's answers as typed (see PanelDecision). */
  readonly panel?: PanelDraft;
}

/** Whether the audit reflects the quality of practice, in the panel's judgement. */
export const REFLECTS = ['yes', 'partly', 'no'] as const;
export type Reflects = (typeof REFLECTS)[number];

export interface PanelDraft {
  /** Comma-separated person ids, as the multi-select sends them. */
  readonly tookPart?: string;
  readonly reflects?: string;
  readonly learning?: string;
}

/** Telford & Wrekin: "whether it reflects the quality of practice and whether it provides any meaningful learning for the worker". */
export interface PanelDecision {
  /** The chair first, then the members who took part. */
  readonly tookPart: readonly PersonId[];
  readonly reflects: Reflects;
  readonly learning: string;
}

export const EMPTY_MODERATION_DRAFT: ModerationDraft = Object.freeze({ decisions: {}, actions: [] });

export interface ModerationDecision {
  /** The reviewer's grade. */
  readonly original: Grade;
  /** The moderator's grade: final, unless a dispute changes it. */
  readonly moderated: Grade;
  readonly agreed: boolean;
  /** Required for a change; optional when agreeing. */
  readonly reason?: string;
}

export interface ModerationOutcome {
  readonly at: string;
  readonly by: PersonId;
  readonly decisions: Readonly<Record<ScopeId, ModerationDecision>>;
  /** Under a panel profile: the one agreed decision's panel, judgement and learning. */
  readonly panel?: PanelDecision;
}

export interface ModerationState {
  readonly assignedAt: string;
  /** How the moderator was chosen, or why none could be. */
  readonly assignedBecause: string;
  /** YYYY-MM-DD: the end of the calendar month of submission under a `month-end` profile. */
  readonly dueDate?: string;
  /** YYYY-MM-DD: the working day a reminder is due if the moderation is still open (3 working days before `dueDate`). */
  readonly reminderOn?: string;
  /** Overall Inadequate under a profile that moderates it immediately: the card goes out at once, marked urgent. */
  readonly urgent: boolean;
  /** Under a panel profile: the other moderators on the panel (the assigned moderator chairs it). */
  readonly panel?: readonly PersonId[];
  readonly draft?: ModerationDraft;
  readonly draftSavedAt?: string;
  readonly outcome?: ModerationOutcome;
}
