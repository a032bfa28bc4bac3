import type { ActionInputs, ActionVerb } from '../../cards/action.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { IllegalTransition, InvalidInput, NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { askForMoreTime } from '../../workflow/use-cases/ask-for-more-time.js';
import { markActionDone } from '../../workflow/use-cases/mark-action-done.js';
import { snoozeAction } from '../../workflow/use-cases/snooze-action.js';
import { ActionData, MyActionsData, readCardData } from '../card-data.js';
import { myActionsCard } from '../views/my-actions-view.js';
import type { Services } from '../services.js';
import { actionCard, type ActionViewOptions } from '../views/action-view.js';
import type { CardActionHandler } from './card-action.js';

async function open(s: Services, actorId: string, raw: unknown): Promise<{ data: ActionData; audit: Audit; inputs: ActionInputs }> {
  const data = readCardData(ActionData, raw, s.signer, 'action');
  const audit = await s.audits.get(s.tenantId, data.auditId);
  if (!audit) throw new NotFound('The audit on this card');
  const action = findAction(audit, data.actionId);
  if (action.ownerId !== actorId) throw new NotPermitted(actorId, 'act on an action someone else owns');
  const typed = Object.fromEntries(Object.entries({ note: data.note, newDueDate: data.newDueDate, reason: data.reason }).filter(([, v]) => v !== undefined));
  return { data, audit, inputs: { ...data.keep, ...typed } };
}

/**
 * The owner's buttons on a reminder or a nudge. What was typed stays on the card through every error; a stale
 * copy or a second click shows where the action stands and says nothing changed.
 */
export function actionHandlers(s: Services): Record<ActionVerb, CardActionHandler> {
  const card = (audit: Audit, data: ActionData, actorId: string, options: ActionViewOptions = {}) => actionCard(s, audit, findAction(audit, data.actionId), actorId, options);
  async function attempt(actorId: string, raw: unknown, form: ActionViewOptions['form'], run: (data: ActionData, inputs: ActionInputs) => Promise<{ audit: Audit; alreadyDone: boolean }>): Promise<AdaptiveCard> {
    const { data, audit, inputs } = await open(s, actorId, raw);
    try {
      const result = await run(data, inputs);
      if (!result.alreadyDone) s.kickDelivery();
      return card(result.audit, data, actorId, result.alreadyDone ? { notice: 'Nothing changed: that was already done.' } : {});
    } catch (error) {
      if (error instanceof InvalidInput) return card(audit, data, actorId, { ...(form ? { form } : {}), inputs, errors: error.fields });
      if (error instanceof StaleCard || error instanceof IllegalTransition) {
        const current = (await s.audits.get(s.tenantId, audit.id)) ?? audit;
        return card(current, data, actorId, { notice: error.message, inputs });
      }
      throw error;
    }
  }

  return {
    // Signed for the person it was shown to: a forwarded or forged card lists nobody else's actions.
    'action.list': async (actorId, raw) => {
      const data = readCardData(MyActionsData, raw, s.signer, 'my-actions');
      if (data.auditId !== actorId) throw new NotPermitted(actorId, "see someone else's actions");
      return myActionsCard(s, actorId);
    },
    'action.refresh': async (actorId, raw) => {
      const { data, audit } = await open(s, actorId, raw);
      return card(audit, data, actorId);
    },
    'action.markDone': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      return card(audit, data, actorId, { form: 'markingDone', inputs });
    },
    'action.askTime': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      return card(audit, data, actorId, { form: 'askingTime', inputs });
    },
    'action.back': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      return card(audit, data, actorId, { inputs });
    },
    'action.confirmDone': (actorId, raw) =>
      attempt(actorId, raw, 'markingDone', (data, inputs) =>
        markActionDone(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, actorId, note: inputs.note ?? '' }),
      ),
    'action.sendTimeRequest': (actorId, raw) =>
      attempt(actorId, raw, 'askingTime', (data, inputs) =>
        askForMoreTime(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, actorId, dueDate: inputs.newDueDate ?? '', reason: inputs.reason ?? '' }),
      ),
    'action.snooze': (actorId, raw) =>
      attempt(actorId, raw, undefined, (data) => snoozeAction(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, actorId })),
  };
}
