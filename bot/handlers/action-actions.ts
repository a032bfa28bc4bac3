import type { ACTION_ACTIONS, ActionData, ActionInputs } from '../../cards/action.js';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { askForMoreTime } from '../../workflow/use-cases/ask-for-more-time.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { markActionDone } from '../../workflow/use-cases/mark-action-done.js';
import { openAction } from '../../workflow/use-cases/open-action.js';
import { openPersonalCard } from '../../workflow/use-cases/open-personal-card.js';
import { snoozeAction } from '../../workflow/use-cases/snooze-action.js';
import type { CardActionContext, CardActionHandler, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { actionCard, type ActionViewOptions } from '../views/action-view.js';
import { myActionsCard } from '../views/my-actions-view.js';

/** What was typed, on this form and on the one before it (carried as `keep`). */
function inputsOf(data: ActionData): ActionInputs {
  const typed = Object.fromEntries(Object.entries({ note: data.note, newDueDate: data.newDueDate, reason: data.reason }).filter(([, v]) => v !== undefined));
  return { ...data.keep, ...typed };
}

/**
 * The owner's buttons on a reminder or a nudge. What was typed stays on the card through every error; a stale
 * copy or a second click shows where the action stands and says nothing changed.
 */
export function actionHandlers(s: Services): CardActionHandlers<typeof ACTION_ACTIONS> {
  const open = (actorId: string, data: ActionData) => openAction(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, viewerId: actorId });
  const card = (audit: Audit, action: AuditAction, actorId: string, options: ActionViewOptions = {}) => actionCard(s, audit, action, actorId, options);
  /** Shows the action with `form` open (or none), keeping what was typed. */
  const show = (form?: ActionViewOptions['form']): CardActionHandler<ActionData> => async ({ actorId, data }) => {
    const { audit, action } = await open(actorId, data);
    return card(audit, action, actorId, { ...(form ? { form } : {}), inputs: inputsOf(data) });
  };
  const attempt = (form: ActionViewOptions['form'], run: (data: ActionData, inputs: ActionInputs, actorId: string) => Promise<{ audit: Audit; alreadyDone: boolean }>): CardActionHandler<ActionData> =>
    async ({ actorId, data, recover }: CardActionContext<ActionData>) => {
      const { audit, action } = await open(actorId, data);
      const inputs = inputsOf(data);
      recover({
        invalid: (e) => card(audit, action, actorId, { ...(form ? { form } : {}), inputs, errors: e.fields }),
        outOfDate: async (e) => {
          const current = await loadAudit(s.audits, s.tenantId, audit.id);
          return card(current, findAction(current, action.id), actorId, { banner: e.message, inputs });
        },
      });
      const result = await run(data, inputs, actorId);
      if (!result.alreadyDone) s.kickDelivery();
      return card(result.audit, findAction(result.audit, action.id), actorId, result.alreadyDone ? { banner: 'Nothing changed: that was already done.' } : {});
    };
  const ids = (data: ActionData, actorId: string) => ({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, actorId });

  return {
    'action.list': async ({ actorId, data }) => myActionsCard(s, openPersonalCard().execute({ madeFor: data.viewerId, viewerId: actorId, what: "see someone else's actions" })),
    'action.refresh': async ({ actorId, data }) => {
      const { audit, action } = await open(actorId, data);
      return card(audit, action, actorId);
    },
    'action.markDone': show('markingDone'),
    'action.askTime': show('askingTime'),
    'action.back': show(),
    'action.confirmDone': attempt('markingDone', (data, inputs, actorId) => markActionDone(s).execute({ ...ids(data, actorId), note: inputs.note ?? '' })),
    'action.sendTimeRequest': attempt('askingTime', (data, inputs, actorId) => askForMoreTime(s).execute({ ...ids(data, actorId), dueDate: inputs.newDueDate ?? '', reason: inputs.reason ?? '' })),
    'action.snooze': attempt(undefined, (data, _inputs, actorId) => snoozeAction(s).execute(ids(data, actorId))),
  };
}
