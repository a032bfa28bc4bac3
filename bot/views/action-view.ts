import { renderAction, type ActionCardState, type ActionInputs } from '../../cards/action.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { actionManager, latestDueDate, pendingExtension, statusOf } from '../../workflow/chasing/action-lifecycle.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { overdueDays } from '../../workflow/chasing/ladder.js';
import { localDate } from '../../workflow/dates.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';

export interface ActionViewOptions {
  /** The form to show instead of the buttons. */
  readonly form?: 'markingDone' | 'askingTime';
  readonly inputs?: ActionInputs;
  readonly errors?: Partial<Record<keyof ActionInputs, string>>;
  readonly banner?: string;
}

/** The owner's action card as it stands now: a reminder, a nudge with its buttons, or where the action got to. */
export function actionView(v: ViewContext, audit: Audit, action: AuditAction, options: ActionViewOptions = {}): AdaptiveCard {
  const managerId = actionManager(audit, action);
  const zone = zoneOf(v);
  const settings = chaseSettings(v.profile);
  const today = localDate(v.now);
  const manager = nameIn(v, managerId);
  const days = overdueDays(action.dueDate, today, settings.ladder, settings.calendar);
  const status = statusOf(action);
  const pending = pendingExtension(action);

  let state: ActionCardState;
  let outcome: string | undefined;
  if (action.ownerId !== v.viewerId || audit.status === 'withdrawn' || status === 'cancelled') {
    state = 'closed';
    outcome = action.ownerId !== v.viewerId ? 'This action is now owned by someone else. No action is needed from you.' : 'This action was cancelled. No action is needed.';
  } else if (status === 'done') {
    state = 'done';
    outcome = `✓ Marked done by ${nameIn(v, action.done!.by)} at ${formatDateTime(action.done!.at, zone)}: waiting for ${manager} to sign it off.`;
  } else if (status === 'signedOff') {
    state = 'signedOff';
    outcome = `✓ Signed off by ${nameIn(v, action.signedOff!.by)} at ${formatDateTime(action.signedOff!.at, zone)}.`;
  } else if (pending && !options.form) {
    state = 'timeRequested';
    outcome = `You asked ${manager} for more time, to ${formatDate(pending.dueDate, zone)}. You will hear here when they decide.`;
  } else {
    state = options.form ?? (days > 0 ? 'overdue' : 'reminder');
  }

  const snoozedUntil = action.snoozedUntil && action.snoozedUntil > today ? formatDate(action.snoozedUntil, zone) : undefined;
  return renderAction({
    ref: v.signer.audit('action', audit.id, audit.round),
    actionId: action.id,
    caseRef: audit.caseRef,
    description: action.description,
    dueDate: formatDate(action.dueDate, zone),
    state,
    ...(days > 0 ? { daysOverdue: days } : {}),
    managerName: manager,
    snoozesLeft: Math.max(0, settings.snoozeLimit - (action.snoozes ?? 0)),
    ...(snoozedUntil ? { snoozedUntil } : {}),
    inputs: options.inputs ?? {},
    errors: options.errors ?? {},
    ...(options.banner ? { banner: options.banner } : {}),
    ...(outcome ? { outcome } : {}),
    listRef: v.signer.viewer(v.viewerId),
    latestDate: formatDate(latestDueDate(action, { maxWeeks: v.profile.actions.maxWeeks, remedialActionDays: v.profile.inadequate.remedialActionDays }), zone),
  });
}

/** Reads what the card needs once, then renders it. */
export async function actionCard(s: Services, audit: Audit, action: AuditAction, viewerId: PersonId, options: ActionViewOptions = {}): Promise<AdaptiveCard> {
  return actionView(await readViewContext(s, viewerId), audit, action, options);
}
