import type { PersonId } from './people.js';
import { addDays, formatShortDate, isIsoDate } from './dates.js';

/**
 * SMART actions: set by the reviewer on submission and by a moderator when they confirm. While being typed
 * a row is an `ActionDraft` (every value exactly as typed, so nothing is lost); once validated it is an
 * `AuditAction` on the audit.
 */
export interface ActionDraft {
  /** Stable for the life of the row, so removing one row never shifts another's inputs. */
  readonly rowId: string;
  readonly description?: string;
  readonly ownerId?: string;
  /** YYYY-MM-DD, as the date input sends it. */
  readonly dueDate?: string;
}

export interface AuditAction {
  /** `review-<rowId>` or `moderation-<rowId>`: unique on the audit. */
  readonly id: string;
  readonly source: 'review' | 'moderation';
  readonly description: string;
  readonly ownerId: PersonId;
  readonly dueDate: string;
  /** Due within the profile's remedial window while the overall grade is Inadequate. */
  readonly remedial: boolean;
  readonly setBy: PersonId;
  readonly setAt: string;
  /** Absent on actions recorded before chasing existed: they are open. See chasing/action-lifecycle.ts. */
  readonly status?: ActionStatus;
  /** The due date it was set with, kept when more time is agreed. */
  readonly originalDueDate?: string;
  /** Marked done by the owner, with a short note; the action stays open until the manager signs it off. */
  readonly done?: { readonly at: string; readonly by: PersonId; readonly note: string };
  readonly signedOff?: { readonly at: string; readonly by: PersonId };
  /** How often the owner snoozed the nudges (at most `snoozeLimit`), and until when (YYYY-MM-DD, exclusive of nudges before). */
  readonly snoozes?: number;
  readonly snoozedUntil?: string;
  /** Requests for more time, oldest first; at most one is undecided. */
  readonly extensions?: readonly ExtensionRequest[];
  /** Every rung of the escalation ladder the action reached, with who was told. */
  readonly escalations?: readonly Escalation[];
}

/** `overdue` is not stored: an open action is overdue once its due date has passed. */
export type ActionStatus = 'open' | 'done' | 'signedOff' | 'cancelled';

export interface ExtensionRequest {
  readonly id: string;
  readonly requestedAt: string;
  readonly by: PersonId;
  /** YYYY-MM-DD asked for. */
  readonly dueDate: string;
  /** The due date when it was asked (absent on requests recorded before it was kept). */
  readonly fromDueDate?: string;
  readonly reason: string;
  /** The manager who decides it. */
  readonly managerId: PersonId;
  readonly decision?: { readonly at: string; readonly by: PersonId; readonly approved: boolean; readonly note?: string };
}

export interface Escalation {
  /** The ladder rung's id. */
  readonly rung: string;
  /** The date the rung was reached. */
  readonly day: string;
  readonly at: string;
  readonly to: readonly PersonId[];
}

/** A validated row, before it becomes an `AuditAction`. */
export interface ValidAction {
  readonly rowId: string;
  readonly description: string;
  readonly ownerId: PersonId;
  readonly dueDate: string;
  readonly remedial: boolean;
}

/** More rows than anyone could track in supervision; also keeps a card (and a document) small. */
export const MAX_ACTION_ROWS = 5;
export const ACTION_DESCRIPTION_MAX = 200;

/** Row ids are parts of record paths (`action.<rowId>.dueDate`), which the cards use as input ids. */
export const ROW_ID = /^[A-Za-z0-9-]{1,16}$/;

/** `r1`, `r2`, …: one more than the highest `r<n>` in use, so a removed row's id is never reused while later ones exist. */
export function nextRowId(rows: readonly ActionDraft[]): string {
  const highest = rows.reduce((max, r) => {
    const m = /^r(\d{1,6})$/.exec(r.rowId);
    return m ? Math.max(max, Number(m[1])) : max;
  }, 0);
  return `r${highest + 1}`;
}

/** Adds an empty row (owner pre-filled with the suggestion); at the limit, returns the rows unchanged. */
export function addActionRow(rows: readonly ActionDraft[], defaultOwnerId?: PersonId): readonly ActionDraft[] {
  if (rows.length >= MAX_ACTION_ROWS) return rows;
  return [...rows, { rowId: nextRowId(rows), ...(defaultOwnerId ? { ownerId: defaultOwnerId } : {}) }];
}

export function removeActionRow(rows: readonly ActionDraft[], rowId: string): readonly ActionDraft[] {
  return rows.filter((r) => r.rowId !== rowId);
}

/** Who an action is suggested for: the practitioner first, then the team manager. */
export function suggestedActionOwners(audit: { readonly practitionerId: PersonId; readonly teamManagerId: PersonId }): PersonId[] {
  return [audit.practitionerId, audit.teamManagerId];
}

export function defaultActionOwner(audit: { readonly practitionerId: PersonId; readonly teamManagerId: PersonId }): PersonId {
  return audit.practitionerId;
}

export interface ActionRules {
  /** YYYY-MM-DD in the authority's zone. */
  readonly today: string;
  /** profile.actions.maxWeeks */
  readonly maxWeeks: number;
  /** profile.inadequate.remedialActionDays */
  readonly remedialActionDays: number;
  /** profile.inadequate.remedialActions: on an Inadequate audit, at least one action or every action is remedial. */
  readonly remedialActions?: 'at-least-one' | 'all';
  /** Everyone an action may be given to (the directory). */
  readonly people: readonly { readonly id: PersonId }[];
}

/** The latest due date allowed: `maxWeeks` weeks from today. */
export function actionLimit(rules: Pick<ActionRules, 'today' | 'maxWeeks'>): string {
  return addDays(rules.today, rules.maxWeeks * 7);
}

/** The latest due date of a remedial action: `remedialActionDays` days from today. */
export function remedialLimit(rules: Pick<ActionRules, 'today' | 'remedialActionDays'>): string {
  return addDays(rules.today, rules.remedialActionDays);
}

export interface ActionRowsCheck {
  /** Field id → message; empty when every row is valid. */
  readonly problems: Readonly<Record<string, string>>;
  readonly actions: readonly ValidAction[];
}

/**
 * Validates rows against the policy. Field ids come from `field` (see review/fields.ts). When
 * `remedialRequired`, at least one action (a row here, or one of `existing`) must be due within the
 * remedial window, or every one where the profile says so (BCP: "All remedial actions … within 10 days");
 * the list-level problem goes on `listField`.
 */
export function validateActionRows(
  rows: readonly ActionDraft[],
  rules: ActionRules,
  field: { row: (rowId: string, part: 'description' | 'ownerId' | 'dueDate') => string; list: string },
  remedial: { readonly required: boolean; readonly existing?: readonly { readonly dueDate: string }[] } = { required: false },
): ActionRowsCheck {
  const problems: Record<string, string> = {};
  const actions: ValidAction[] = [];
  const known = new Set(rules.people.map((p) => p.id));
  const limit = actionLimit(rules);
  const remedialBy = remedialLimit(rules);
  if (rows.length > MAX_ACTION_ROWS) problems[field.list] = `No more than ${MAX_ACTION_ROWS} actions: remove ${rows.length - MAX_ACTION_ROWS}.`;

  for (const row of rows) {
    const description = (row.description ?? '').trim();
    const ownerId = (row.ownerId ?? '').trim();
    const dueDate = (row.dueDate ?? '').trim();
    let ok = true;
    const problem = (part: 'description' | 'ownerId' | 'dueDate', message: string) => {
      problems[field.row(row.rowId, part)] = message;
      ok = false;
    };
    if (!description) problem('description', 'Describe the action, or remove the row.');
    else if (description.length > ACTION_DESCRIPTION_MAX) {
      problem('description', `Keep the action under ${ACTION_DESCRIPTION_MAX} characters (it has ${description.length}).`);
    }
    if (!ownerId) problem('ownerId', 'Choose who owns the action.');
    else if (!known.has(ownerId)) problem('ownerId', 'The owner is not in the directory: choose someone from the list.');
    if (!dueDate) problem('dueDate', 'Due date is required.');
    else if (!isIsoDate(dueDate)) problem('dueDate', 'Due date must be a date, like 2026-12-24.');
    else if (dueDate < rules.today) problem('dueDate', `Due date is in the past (today is ${formatShortDate(rules.today)}).`);
    else if (dueDate > limit) problem('dueDate', `Due date is after the ${rules.maxWeeks}-week limit (${formatShortDate(limit)}).`);
    else if (remedial.required && rules.remedialActions === 'all' && dueDate > remedialBy) {
      problem('dueDate', `The overall grade is Inadequate, so every action is remedial: due within ${rules.remedialActionDays} days (by ${formatShortDate(remedialBy)}).`);
    }
    if (ok) actions.push({ rowId: row.rowId, description, ownerId, dueDate, remedial: remedial.required && dueDate <= remedialBy });
  }

  if (remedial.required) {
    const inWindow = (d: string) => isIsoDate(d) && d >= rules.today && d <= remedialBy;
    const hasRemedial = rows.some((r) => inWindow((r.dueDate ?? '').trim())) || (remedial.existing ?? []).some((a) => inWindow(a.dueDate));
    if (!hasRemedial && problems[field.list] === undefined) {
      problems[field.list] =
        `The overall grade is Inadequate: add at least one remedial action due within ${rules.remedialActionDays} days (by ${formatShortDate(remedialBy)}).`;
    }
  }
  return { problems, actions };
}
