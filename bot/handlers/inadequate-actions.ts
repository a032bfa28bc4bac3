import type { INADEQUATE_ACTIONS } from '../../cards/inadequate-notice.js';
import { ASSURANCE_PATH } from '../../workflow/chasing/inadequate.js';
import { acknowledgeInadequateNotice } from '../../workflow/use-cases/acknowledge-inadequate-notice.js';
import { openInadequateNotice } from '../../workflow/use-cases/open-inadequate-notice.js';
import { recordAssurance } from '../../workflow/use-cases/record-assurance.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { inadequateCard } from '../views/inadequate-view.js';

/** The written Inadequate banner: Acknowledge, and the service manager's assurance. */
export function inadequateHandlers(s: Services): CardActionHandlers<typeof INADEQUATE_ACTIONS> {
  const open = (actorId: string, auditId: string) => openInadequateNotice(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId });
  return {
    'inadequate.refresh': async ({ actorId, data }) => inadequateCard(s, await open(actorId, data.auditId), actorId),
    'inadequate.acknowledge': async ({ actorId, data }) => {
      await open(actorId, data.auditId);
      const result = await acknowledgeInadequateNotice(s).execute({ tenantId: s.tenantId, auditId: data.auditId, actorId });
      return inadequateCard(s, result.audit, actorId, {
        ...(result.alreadyDone ? { banner: 'Nothing changed: you had already acknowledged it.' } : {}),
        ...(data.assurance !== undefined ? { assuranceInput: data.assurance } : {}),
      });
    },
    'inadequate.recordAssurance': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const text = data.assurance ?? '';
      recover({ invalid: (e) => inadequateCard(s, audit, actorId, { assuranceInput: text, ...(e.fields[ASSURANCE_PATH] ? { assuranceError: e.fields[ASSURANCE_PATH] } : {}) }) });
      const result = await recordAssurance(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, text });
      return inadequateCard(s, result.audit, actorId, result.alreadyDone ? { banner: 'Nothing changed: your assurance was already recorded.' } : {});
    },
  };
}
