/**
 * Card input ids — the one place they are named. `InvalidInput.fields` is keyed by these ids, so bot/ and
 * cards/ can put each problem next to the input it belongs to, and the input ids on the cards are these.
 *
 * A "scope" is a domain id from the audit tool (`assessment`, `planning`, `interventionVisiting`, `review`,
 * `managementOversight` in West Sussex v1) or `overall`. Domain ids are camelCase words and row ids are
 * `[A-Za-z0-9-]{1,16}` (`r1`, `r2`, …), so ids never need escaping.
 *
 * Review card (the reviewer's record)
 *   grade.<scope>              'outstanding' | 'good' | 'requiresImprovement' | 'inadequate'
 *   rationale.<scope>          text (for `overall`: the impact on the child)
 *   feedback.obtained          'yes' | 'no'
 *   feedback.summary           text, when obtained
 *   feedback.whyNot            text, when not obtained: why not
 *   feedback.whereFound        text, when not obtained: where in the record existing feedback was found
 *   feedback.plan              text, when not obtained: what will be done to obtain it
 *   feedback.planBy            YYYY-MM-DD, when not obtained: by when (in the future)
 *   goodPractice               text
 *   action.<rowId>.description text
 *   action.<rowId>.ownerId     person id
 *   action.<rowId>.dueDate     YYYY-MM-DD
 *   actions                    the list as a whole (too many rows; no remedial action for Inadequate)
 *   actionRows                 not an input: the row ids in order, carried in the card's action data ("r1,r2")
 *
 * Moderation card (the assigned moderator)
 *   decision.<scope>           'agree' | a grade (a change)
 *   reason.<scope>             text; required for a change
 *   action.<rowId>.*, actions, actionRows   as on the review card (actions the moderator adds)
 *
 * Dispute card (team or service manager, from the result)
 *   dispute.scope              a scope id
 *   dispute.reason             text
 *
 * Dispute decision card (the profile's dispute owner)
 *   ruling.outcome             'uphold' | a grade (a change)
 *   ruling.reason              text
 */
import type { ActionDraft } from '../actions.js';
import { withoutUndefined } from '../json.js';
import { ACTION_DESCRIPTION_MAX } from '../actions.js';
import { OVERALL, type AuditToolSnapshot, type ScopeId } from '../audit-tools/audit-tool.js';
import type { ReviewDraft } from './review-record.js';
import type { ModerationDraft } from '../moderation/moderation-record.js';

export const FIELD = {
  grade: (scope: ScopeId) => `grade.${scope}`,
  rationale: (scope: ScopeId) => `rationale.${scope}`,
  feedback: {
    obtained: 'feedback.obtained',
    summary: 'feedback.summary',
    whyNot: 'feedback.whyNot',
    whereFound: 'feedback.whereFound',
    plan: 'feedback.plan',
    planBy: 'feedback.planBy',
  },
  goodPractice: 'goodPractice',
  action: (rowId: string, part: 'description' | 'ownerId' | 'dueDate') => `action.${rowId}.${part}`,
  actions: 'actions',
  actionRows: 'actionRows',
  decision: (scope: ScopeId) => `decision.${scope}`,
  reason: (scope: ScopeId) => `reason.${scope}`,
  dispute: { scope: 'dispute.scope', reason: 'dispute.reason' },
  ruling: { outcome: 'ruling.outcome', reason: 'ruling.reason' },
} as const;

/** The field ids of one action row, in the shape `validateActionRows` wants. */
export const ACTION_FIELDS = { row: FIELD.action, list: FIELD.actions } as const;

/** The moderation card's choice meaning "I agree with the reviewer's grade". */
export const AGREE = 'agree';
/** The dispute decision card's choice meaning "the moderated grade stands". */
export const UPHOLD = 'uphold';

/**
 * Longest text each input may hold. Longer input is refused with InvalidInput (never truncated, so nothing
 * typed is silently lost); the card keeps what was typed. The limits are what lets the largest card (every
 * field full, every error shown) stay under Teams' 28 KB: chat carries the grade's reasons in brief, the
 * full narrative belongs in the child's record (test/cards/audit-cards.test.ts checks the sum).
 */
export const LIMITS = {
  rationale: 500,
  feedbackSummary: 500,
  feedbackWhyNot: 300,
  feedbackWhereFound: 300,
  feedbackPlan: 300,
  goodPractice: 400,
  actionDescription: ACTION_DESCRIPTION_MAX,
  /** A moderator's reason for a change, a dispute's reason and a dispute decision's reason. */
  reason: 500,
  /** Choices, ids and dates: nothing legitimate comes near it. */
  token: 100,
} as const;

/** "Keep this under 2000 characters (it has 2412)." */
export function tooLong(max: number, length: number): string {
  return `Keep this under ${max} characters (it has ${length}).`;
}

export type CardData = Readonly<Record<string, unknown>>;

const text = (data: CardData, id: string): string | undefined => {
  const value = data[id];
  return typeof value === 'string' ? value : undefined;
};

/** The row ids a card carried (`actionRows`, "r1,r2" or an array), in order, without blanks or repeats. */
export function rowIdsFrom(data: CardData): string[] {
  const raw = data[FIELD.actionRows];
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  return [...new Set(list.map((s) => s.trim()).filter((s) => s.length > 0))];
}

function actionRowsFrom(data: CardData): ActionDraft[] {
  return rowIdsFrom(data).map((rowId) => withoutUndefined({
    rowId,
    description: text(data, FIELD.action(rowId, 'description')),
    ownerId: text(data, FIELD.action(rowId, 'ownerId')),
    dueDate: text(data, FIELD.action(rowId, 'dueDate')),
  }));
}

/**
 * The reviewer's draft from a card's data, exactly as typed: every string kept as it is, anything that is
 * not a string (or not an input of this tool) ignored. The card's `actionRows` says which rows exist.
 */
export function reviewDraftFromFields(data: CardData, tool: AuditToolSnapshot): ReviewDraft {
  const grades: Record<ScopeId, { grade?: string; rationale?: string }> = {};
  for (const scope of [...tool.domains.map((d) => d.id), OVERALL]) {
    const entry = withoutUndefined({ grade: text(data, FIELD.grade(scope)), rationale: text(data, FIELD.rationale(scope)) });
    if (Object.keys(entry).length > 0) grades[scope] = entry;
  }
  const f = FIELD.feedback;
  return withoutUndefined({
    grades,
    familyFeedback: withoutUndefined({
      obtained: text(data, f.obtained),
      summary: text(data, f.summary),
      whyNot: text(data, f.whyNot),
      whereFound: text(data, f.whereFound),
      plan: text(data, f.plan),
      planBy: text(data, f.planBy),
    }),
    goodPractice: text(data, FIELD.goodPractice),
    actions: actionRowsFrom(data),
  });
}

/** The card's input values for a draft (to pre-fill the inputs), plus `actionRows`. */
export function fieldsFromReviewDraft(draft: ReviewDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [scope, g] of Object.entries(draft.grades)) {
    if (g.grade !== undefined) out[FIELD.grade(scope)] = g.grade;
    if (g.rationale !== undefined) out[FIELD.rationale(scope)] = g.rationale;
  }
  for (const [key, id] of Object.entries(FIELD.feedback)) {
    const value = draft.familyFeedback[key as keyof typeof FIELD.feedback];
    if (value !== undefined) out[id] = value;
  }
  if (draft.goodPractice !== undefined) out[FIELD.goodPractice] = draft.goodPractice;
  Object.assign(out, fieldsFromActionRows(draft.actions));
  return out;
}

function fieldsFromActionRows(rows: readonly ActionDraft[]): Record<string, string> {
  const out: Record<string, string> = { [FIELD.actionRows]: rows.map((r) => r.rowId).join(',') };
  for (const r of rows) {
    if (r.description !== undefined) out[FIELD.action(r.rowId, 'description')] = r.description;
    if (r.ownerId !== undefined) out[FIELD.action(r.rowId, 'ownerId')] = r.ownerId;
    if (r.dueDate !== undefined) out[FIELD.action(r.rowId, 'dueDate')] = r.dueDate;
  }
  return out;
}

/** The moderator's draft from a card's data, exactly as typed. */
export function moderationDraftFromFields(data: CardData, tool: AuditToolSnapshot): ModerationDraft {
  const decisions: Record<ScopeId, { decision?: string; reason?: string }> = {};
  for (const scope of [...tool.domains.map((d) => d.id), OVERALL]) {
    const entry = withoutUndefined({ decision: text(data, FIELD.decision(scope)), reason: text(data, FIELD.reason(scope)) });
    if (Object.keys(entry).length > 0) decisions[scope] = entry;
  }
  return { decisions, actions: actionRowsFrom(data) };
}

export function fieldsFromModerationDraft(draft: ModerationDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [scope, d] of Object.entries(draft.decisions)) {
    if (d.decision !== undefined) out[FIELD.decision(scope)] = d.decision;
    if (d.reason !== undefined) out[FIELD.reason(scope)] = d.reason;
  }
  Object.assign(out, fieldsFromActionRows(draft.actions));
  return out;
}
