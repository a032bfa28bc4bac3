import template from './action.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, carriedId, viewerRef, type AuditRef, type ViewerRef } from './card-ref.js';
import { ACTION_DESCRIPTION_MAX } from '../workflow/actions.js';
import { expand, type AdaptiveCard } from './template.js';

const short = z.string().max(1000).optional();
/** The owner's action card: the action, and what was typed (also carried across its forms as `keep`). */
export const ActionData = z.object({
  ...auditRef,
  actionId: carriedId,
  note: short,
  newDueDate: short,
  reason: short,
  keep: z.object({ note: short, newDueDate: short, reason: short }).optional(),
});
export type ActionData = z.infer<typeof ActionData>;

export const ACTION_ACTIONS = {
  ...cardActions(['action.markDone', 'action.confirmDone', 'action.askTime', 'action.sendTimeRequest', 'action.snooze', 'action.back', 'action.refresh'], ActionData, { family: 'action', id: 'auditId' }),
  // "All my actions": signed for the person it was shown to, so a forwarded card lists nobody else's.
  ...cardActions(['action.list'], z.object(viewerRef), { family: 'my-actions', id: 'viewerId' }),
};
export type ActionVerb = keyof typeof ACTION_ACTIONS;
export const ACTION_VERBS = Object.keys(ACTION_ACTIONS) as ActionVerb[];

/**
 * `reminder` (the day before it is due) and `overdue` offer Mark done · Ask for more time · Snooze; `markingDone`
 * and `askingTime` are their forms; the rest are outcomes without buttons.
 */
export type ActionCardState = 'reminder' | 'overdue' | 'markingDone' | 'askingTime' | 'done' | 'signedOff' | 'timeRequested' | 'closed';

export interface ActionInputs {
  readonly note?: string;
  /** YYYY-MM-DD, as Input.Date sends it. */
  readonly newDueDate?: string;
  readonly reason?: string;
}

/** The done note and the reason for more time: as short as an action itself (the domain's NOTE_MAX). */
export const ACTION_NOTE_MAX = ACTION_DESCRIPTION_MAX;

export interface ActionCardData {
  readonly ref: AuditRef;
  readonly actionId: string;
  readonly caseRef: string;
  readonly description: string;
  /** Already formatted for reading, e.g. "Tue 8 Dec". */
  readonly dueDate: string;
  readonly state: ActionCardState;
  /** Working days past the due date, for `overdue`. */
  readonly daysOverdue?: number;
  /** Who approves more time and signs the action off. */
  readonly managerName: string;
  readonly snoozesLeft: number;
  /** Formatted. */
  readonly snoozedUntil?: string;
  readonly inputs?: ActionInputs;
  readonly errors?: Readonly<Partial<Record<keyof ActionInputs, string>>>;
  /** What just happened when it was not what the user asked for, e.g. a second click. */
  readonly banner?: string;
  /** The settled outcome, e.g. "Marked done by Jordan Lee at 10:02, Wed 2 Dec: waiting for Sam Patel to sign it off". */
  readonly outcome?: string;
  /**
   * The latest new due date allowed, formatted, for the label. Not a `max` on the input: the client would then
   * refuse the press without a word (and block Back too); the bot answers a wrong date with the problem named.
   */
  readonly latestDate?: string;
  /** Signed for the viewer (their id in place of an audit id): "All my actions" lists theirs, and nobody else's. */
  readonly listRef?: ViewerRef;
}

const HEADLINES: Record<ActionCardState, (due: string) => string> = {
  reminder: (due) => `Reminder: action due ${due}`,
  overdue: () => 'Action overdue',
  markingDone: () => 'Mark the action done',
  askingTime: () => 'Ask for more time',
  done: () => '✓ Action marked done',
  signedOff: () => '✓ Action signed off',
  timeRequested: () => '⏳ More time asked for',
  closed: () => 'Action closed',
};

export const workingDays = (n: number): string => `${n} working ${n === 1 ? 'day' : 'days'}`;

/** The owner's reminder or nudge for one action, and its "mark done" and "more time" forms. */
export function renderAction(data: ActionCardData): AdaptiveCard {
  const open = data.state === 'reminder' || data.state === 'overdue';
  const action = { ...data.ref, actionId: data.actionId };
  const inputs = { note: data.inputs?.note ?? '', newDueDate: data.inputs?.newDueDate ?? '', reason: data.inputs?.reason ?? '' };
  return expand(template, {
    ...data,
    headline: `${HEADLINES[data.state](data.dueDate)} · case ${data.caseRef}`,
    overdueLine: data.state === 'overdue' && data.daysOverdue !== undefined && data.daysOverdue > 0 ? `⚠ Overdue by ${workingDays(data.daysOverdue)}` : '',
    open,
    // Snoozing is for nudges about an overdue action; a reminder is one message already.
    overdue: data.state === 'overdue',
    snoozeTitle: `Snooze 1 day (${data.snoozesLeft} left)`,
    snoozedUntil: data.snoozedUntil ?? '',
    banner: data.banner ?? '',
    outcome: data.outcome ?? '',
    inputs,
    errors: data.errors ?? {},
    dateLabel: data.latestDate ? `New due date (${data.latestDate} at the latest)` : 'New due date',
    noteMax: ACTION_NOTE_MAX,
    reasonMax: ACTION_NOTE_MAX,
    action,
    // Moving between the card and its forms carries what was typed in the other form; inputs on the
    // form being left are sent with the button as usual.
    keep: { ...action, keep: data.inputs ?? {} },
    hasList: data.listRef !== undefined,
    listRef: data.listRef ?? {},
  });
}
