import type { ExtensionVerb } from '../../cards/extension.js';
import type { Audit } from '../../workflow/audit.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { decideMoreTime } from '../../workflow/use-cases/decide-more-time.js';
import { ExtensionData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { extensionCard } from '../views/extension-view.js';
import type { CardActionHandler } from './card-action.js';

/** The manager's answer to a request for more time. */
export function extensionHandlers(s: Services): Record<ExtensionVerb, CardActionHandler> {
  async function open(actorId: string, raw: unknown) {
    const data = readCardData(ExtensionData, raw, s.signer, 'extension');
    const audit = await s.audits.get(s.tenantId, data.auditId);
    if (!audit) throw new NotFound('The audit on this card');
    const request = findAction(audit, data.actionId).extensions?.find((e) => e.id === data.requestId);
    if (!request) throw new NotFound('That request for more time');
    if (request.managerId !== actorId) throw new NotPermitted(actorId, 'decide a request for more time sent to someone else');
    return { data, audit };
  }
  const card = (audit: Audit, data: ExtensionData, actorId: string, notice?: string) => {
    const action = findAction(audit, data.actionId);
    return extensionCard(s, audit, action, action.extensions!.find((e) => e.id === data.requestId)!, actorId, notice);
  };
  const decide = (approved: boolean): CardActionHandler => async (actorId, raw) => {
    const { data, audit } = await open(actorId, raw);
    try {
      const result = await decideMoreTime(s).execute({ tenantId: s.tenantId, auditId: audit.id, actionId: data.actionId, requestId: data.requestId, actorId, approved });
      if (!result.alreadyDone) s.kickDelivery();
      return card(result.audit, data, actorId, result.alreadyDone ? 'Nothing changed: you had already decided this.' : undefined);
    } catch (error) {
      if (error instanceof StaleCard) return card((await s.audits.get(s.tenantId, audit.id)) ?? audit, data, actorId, error.message);
      throw error;
    }
  };
  return {
    'extension.refresh': async (actorId, raw) => {
      const { data, audit } = await open(actorId, raw);
      return card(audit, data, actorId);
    },
    'extension.approve': decide(true),
    'extension.refuse': decide(false),
  };
}
