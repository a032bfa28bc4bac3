import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/template.js';
import type { HISTORY_ACTIONS } from '../../cards/history.js';
import { openCase } from '../../workflow/use-cases/open-case.js';
import type { CardActionHandlers } from '../card-action.js';
import { listMyAudits } from '../../workflow/use-cases/list-my-audits.js';
import { readAuditHistory } from '../../workflow/use-cases/read-audit-history.js';
import { failureCard } from '../error-cards.js';
import type { Services } from '../services.js';
import { myActionsCard } from '../views/my-actions-view.js';
import { digestCard } from '../views/digest-view.js';
import { actorOf } from '../turn.js';
import { forOneClick } from '../click-services.js';
import { helpCard } from '../views/help-view.js';
import { historyCard } from '../views/history-view.js';
import { auditCard } from '../views/audit-card-view.js';
import { myAuditsCard } from '../views/my-audits-view.js';
import { openConcernForm } from '../../workflow/use-cases/open-concern-form.js';
import { concernCard } from '../views/concern-view.js';
import { partnerInputCard } from '../views/partner-input-view.js';
import { openPartnerInputs } from '../../workflow/use-cases/open-partner-inputs.js';

export const sendCard = (context: TurnContext, card: AdaptiveCard) => context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

/** Typed text, without the bot's @mention, lower case and single-spaced. */
export function commandText(context: TurnContext): string {
  return (context.activity.text ?? '').replace(/<at>.*?<\/at>/g, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

async function replying(shared: Services, context: TurnContext, build: (actorId: string, s: Services) => Promise<AdaptiveCard>): Promise<void> {
  const s = forOneClick(shared);
  let card: AdaptiveCard;
  try {
    card = await build(actorOf(context, s), s);
  } catch (error) {
    card = await failureCard(s, error, {}, { activityId: context.activity.id, command: commandText(context) });
  }
  await sendCard(context, card);
}

export function myAudits(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const audits = await listMyAudits(s).execute({ tenantId: s.tenantId, personId: actorId });
      return myAuditsCard(s, audits, actorId);
    });
}

export function myActions(s: Services) {
  return (context: TurnContext) => replying(s, context, (actorId, s) => myActionsCard(s, actorId));
}

/** A manager's digest on demand: the same card the morning brings. */
export function myTeam(s: Services) {
  return (context: TurnContext) => replying(s, context, (actorId, s) => digestCard(s, actorId));
}

export function help(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const person = await s.directory.get(s.tenantId, actorId);
      return helpCard(person, `Hello${person ? ` ${person.name.split(' ')[0]}` : ''}, here is what I can do for you`);
    });
}

/** Anything else gets an answer, not silence: what was not understood, and what is possible. */
export function unknownText(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const person = await s.directory.get(s.tenantId, actorId);
      const said = commandText(context).slice(0, 60);
      return helpCard(person, said ? `Sorry, I didn't understand "${said}"` : 'Sorry, I didn\'t understand that', 'These are the things I can do:');
    });
}

/** `audit history CR-10421`: who did what, when and why — for people with a role on the audit. */
export function auditHistoryCommand(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const caseRef = commandText(context).replace(/^audit history\s+/, '');
      const history = await readAuditHistory(s).execute({ tenantId: s.tenantId, caseRef, viewerId: actorId });
      return historyCard(s, history, actorId);
    });
}

/** `audit CR-10421`: the card this person should see for the case's latest audit they have a role on. */
export function auditByRef(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const caseRef = commandText(context).replace(/^(audit|open)\s+/, '');
      const { audit, choice } = await openCase(s).execute({ tenantId: s.tenantId, caseRef, viewerId: actorId });
      return auditCard(s, audit, choice, actorId);
    });
}

/** `concern CR-10421`: the form to raise an immediate safeguarding concern, at any point in the audit. */
export function concernByRef(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const caseRef = commandText(context).replace(/^concern\s+/, '');
      const audit = await openConcernForm(s).execute({ tenantId: s.tenantId, caseRef, viewerId: actorId });
      return concernCard(s, audit, actorId, undefined);
    });
}

/** `partners CR-10421`: a multi-agency audit's partner agencies' input, and the form for its reviewer to record more. */
export function partnersByRef(s: Services) {
  return (context: TurnContext) =>
    replying(s, context, async (actorId, s) => {
      const caseRef = commandText(context).replace(/^partners\s+/, '');
      const audit = await openPartnerInputs(s).execute({ tenantId: s.tenantId, caseRef, viewerId: actorId });
      return partnerInputCard(s, audit, actorId);
    });
}

/** "Earlier entries" / "Later entries" on the history card. */
export function historyHandlers(s: Services): CardActionHandlers<typeof HISTORY_ACTIONS> {
  return {
    'history.page': async ({ actorId, data }) => {
      const history = await readAuditHistory(s).execute({ tenantId: s.tenantId, caseRef: data.caseRef, viewerId: actorId });
      return historyCard(s, history, actorId, data.page);
    },
  };
}
