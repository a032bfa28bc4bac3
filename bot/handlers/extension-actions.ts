import type { EXTENSION_ACTIONS, ExtensionData } from '../../cards/extension.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { decideMoreTime } from '../../workflow/use-cases/decide-more-time.js';
import { openExtensionRequest } from '../../workflow/use-cases/open-extension-request.js';
import type { CardActionHandler, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { extensionCard } from '../views/extension-view.js';

/** The manager's answer to a request for more time. */
export function extensionHandlers(s: Services): CardActionHandlers<typeof EXTENSION_ACTIONS> {
  const open = (actorId: string, data: ExtensionData) => openExtensionRequest(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, requestId: data.requestId, viewerId: actorId });
  const decide =
    (approved: boolean): CardActionHandler<ExtensionData> =>
    async ({ actorId, data, recover }) => {
      await open(actorId, data);
      recover({
        outOfDate: async (e) => {
          const { audit, action, request } = await open(actorId, data);
          return extensionCard(s, audit, action, request, actorId, e.message);
        },
      });
      const result = await decideMoreTime(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actionId: data.actionId, requestId: data.requestId, actorId, approved });
      if (!result.alreadyDone) s.kickDelivery();
      // Shown from the audit as the decision left it, not read again.
      const action = findAction(result.audit, data.actionId);
      const request = action.extensions!.find((e) => e.id === data.requestId)!;
      return extensionCard(s, result.audit, action, request, actorId, result.alreadyDone ? 'Nothing changed: you had already decided this.' : undefined);
    };
  return {
    'extension.refresh': async ({ actorId, data }) => {
      const { audit, action, request } = await open(actorId, data);
      return extensionCard(s, audit, action, request, actorId);
    },
    'extension.approve': decide(true),
    'extension.refuse': decide(false),
  };
}
