import type { CONCERN_ACTIONS } from '../../cards/concern.js';
import { CONCERN_PATH } from '../../workflow/concerns/immediate-concern.js';
import { acknowledgeConcern } from '../../workflow/use-cases/acknowledge-concern.js';
import { openConcern } from '../../workflow/use-cases/open-concern.js';
import { raiseConcern } from '../../workflow/use-cases/raise-concern.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { concernCard } from '../views/concern-view.js';

/** Immediate safeguarding concerns: the form that raises one, and Acknowledge for the people it goes to. */
export function concernHandlers(s: Services): CardActionHandlers<typeof CONCERN_ACTIONS> {
  const open = (actorId: string, auditId: string, concernId?: string) =>
    openConcern(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId, ...(concernId ? { concernId } : {}) });
  return {
    'concern.refresh': async ({ actorId, data }) => concernCard(s, await open(actorId, data.auditId, data.concernId), actorId, data.concernId),
    'concern.raise': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const reason = data[CONCERN_PATH] ?? '';
      recover({ invalid: (e) => concernCard(s, audit, actorId, undefined, { values: { [CONCERN_PATH]: reason }, errors: e.fields }) });
      const result = await raiseConcern(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, reason });
      s.kickDelivery();
      const raised = result.audit.concerns!.at(-1)!;
      return concernCard(s, result.audit, actorId, raised.id, { banner: result.alreadyDone ? 'Nothing changed: this concern had already been sent.' : '✓ Sent. It is recorded on the audit.' });
    },
    'concern.acknowledge': async ({ actorId, data }) => {
      const concernId = data.concernId ?? '';
      await open(actorId, data.auditId, concernId);
      const result = await acknowledgeConcern(s).execute({ tenantId: s.tenantId, auditId: data.auditId, concernId, actorId });
      return concernCard(s, result.audit, actorId, concernId, result.alreadyDone ? { banner: 'Nothing changed: you had already acknowledged it.' } : {});
    },
  };
}
