import type { InadequateVerb } from '../../cards/inadequate-notice.js';
import { rolesOn } from '../../workflow/audit.js';
import { InvalidInput, NotFound, NotPermitted } from '../../workflow/errors.js';
import { ASSURANCE_FIELD } from '../../workflow/chasing/inadequate.js';
import { acknowledgeInadequateNotice } from '../../workflow/use-cases/acknowledge-inadequate-notice.js';
import { recordAssurance } from '../../workflow/use-cases/record-assurance.js';
import { InadequateData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { inadequateCard } from '../views/inadequate-view.js';
import type { CardActionHandler } from './card-action.js';

/** The written Inadequate notice: Acknowledge, and the service manager's assurance. */
export function inadequateHandlers(s: Services): Record<InadequateVerb, CardActionHandler> {
  async function open(actorId: string, raw: unknown) {
    const data = readCardData(InadequateData, raw, s.signer, 'inadequate');
    const audit = await s.audits.get(s.tenantId, data.auditId);
    if (!audit?.inadequate) throw new NotFound('The notice on this card');
    const recipient = audit.inadequate.recipients.some((r) => r.personId === actorId);
    if (!recipient && rolesOn(audit, actorId).length === 0) throw new NotPermitted(actorId, `see the notice about case ${audit.caseRef}`);
    return { data, audit };
  }
  return {
    'inadequate.refresh': async (actorId, raw) => inadequateCard(s, (await open(actorId, raw)).audit, actorId),
    'inadequate.acknowledge': async (actorId, raw) => {
      const { audit, data } = await open(actorId, raw);
      const result = await acknowledgeInadequateNotice(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId });
      return inadequateCard(s, result.audit, actorId, {
        ...(result.alreadyDone ? { notice: 'Nothing changed: you had already acknowledged it.' } : {}),
        ...(data.assurance !== undefined ? { assuranceInput: data.assurance } : {}),
      });
    },
    'inadequate.recordAssurance': async (actorId, raw) => {
      const { audit, data } = await open(actorId, raw);
      const text = data.assurance ?? '';
      try {
        const result = await recordAssurance(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, text });
        return inadequateCard(s, result.audit, actorId, result.alreadyDone ? { notice: 'Nothing changed: your assurance was already recorded.' } : {});
      } catch (error) {
        if (error instanceof InvalidInput) return inadequateCard(s, audit, actorId, { assuranceInput: text, ...(error.fields[ASSURANCE_FIELD] ? { assuranceError: error.fields[ASSURANCE_FIELD] } : {}) });
        throw error;
      }
    },
  };
}
