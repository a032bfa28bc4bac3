/**
 * The audit forms' inputs (review and moderation cards). Each input is named by the path of the record part it
 * edits (workflow/review/record-paths.ts), so a validation problem lands next to its input. Besides the inputs, a
 * form carries `actionRows`: its action rows' ids in order ("r1,r2"), so rows survive re-rendering. Drafts are
 * read from a card's data exactly as typed, and turned back into the inputs that show them.
 */
import type { ActionDraft } from '../../workflow/actions.js';
import { OVERALL, type AuditToolSnapshot, type ScopeId } from '../../workflow/audit-tools/audit-tool.js';
import { withoutUndefined } from '../../workflow/json.js';
import type { ModerationDraft } from '../../workflow/moderation/moderation-record.js';
import { PATH } from '../../workflow/review/record-paths.js';
import type { ReviewDraft } from '../../workflow/review/review-record.js';

/** The input ids of the audit forms: the record's paths, plus the rows a form carries. */
export const FIELD = { ...PATH, actionRows: 'actionRows' } as const;

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
export function reviewDraftFromInputs(data: CardData, tool: AuditToolSnapshot): ReviewDraft {
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
    meetingNotHeld: text(data, FIELD.meetingNotHeld),
    actions: actionRowsFrom(data),
  });
}

/** The card's input values for a draft (to pre-fill the inputs), plus `actionRows`. */
export function inputsFromReviewDraft(draft: ReviewDraft): Record<string, string> {
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
  if (draft.meetingNotHeld !== undefined) out[FIELD.meetingNotHeld] = draft.meetingNotHeld;
  Object.assign(out, inputsFromActionRows(draft.actions));
  return out;
}

function inputsFromActionRows(rows: readonly ActionDraft[]): Record<string, string> {
  const out: Record<string, string> = { [FIELD.actionRows]: rows.map((r) => r.rowId).join(',') };
  for (const r of rows) {
    if (r.description !== undefined) out[FIELD.action(r.rowId, 'description')] = r.description;
    if (r.ownerId !== undefined) out[FIELD.action(r.rowId, 'ownerId')] = r.ownerId;
    if (r.dueDate !== undefined) out[FIELD.action(r.rowId, 'dueDate')] = r.dueDate;
  }
  return out;
}

/** The moderator's draft from a card's data, exactly as typed. */
export function moderationDraftFromInputs(data: CardData, tool: AuditToolSnapshot): ModerationDraft {
  const decisions: Record<ScopeId, { decision?: string; reason?: string }> = {};
  for (const scope of [...tool.domains.map((d) => d.id), OVERALL]) {
    const entry = withoutUndefined({ decision: text(data, FIELD.decision(scope)), reason: text(data, FIELD.reason(scope)) });
    if (Object.keys(entry).length > 0) decisions[scope] = entry;
  }
  const panel = withoutUndefined({ tookPart: text(data, FIELD.panel.tookPart), reflects: text(data, FIELD.panel.reflects), learning: text(data, FIELD.panel.learning) });
  return { decisions, actions: actionRowsFrom(data), ...(Object.keys(panel).length > 0 ? { panel } : {}) };
}

export function inputsFromModerationDraft(draft: ModerationDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [scope, d] of Object.entries(draft.decisions)) {
    if (d.decision !== undefined) out[FIELD.decision(scope)] = d.decision;
    if (d.reason !== undefined) out[FIELD.reason(scope)] = d.reason;
  }
  Object.assign(out, inputsFromActionRows(draft.actions));
  if (draft.panel?.tookPart !== undefined) out[FIELD.panel.tookPart] = draft.panel.tookPart;
  if (draft.panel?.reflects !== undefined) out[FIELD.panel.reflects] = draft.panel.reflects;
  if (draft.panel?.learning !== undefined) out[FIELD.panel.learning] = draft.panel.learning;
  if (draft.panel?.tookPart !== undefined) out[FIELD.panel.tookPart] = draft.panel.tookPart;
  if (draft.panel?.reflects !== undefined) out[FIELD.panel.reflects] = draft.panel.reflects;
  if (draft.panel?.learning !== undefined) out[FIELD.panel.learning] = draft.panel.learning;
  return out;
}
