import type { PARTNER_INPUT_ACTIONS } from '../../cards/partner-input.js';
import { PARTNER_PATH } from '../../workflow/review/partner-input.js';
import { openPartnerInputs } from '../../workflow/use-cases/open-partner-inputs.js';
import { recordPartnerInput } from '../../workflow/use-cases/record-partner-input.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { partnerInputCard } from '../views/partner-input-view.js';

/** Multi-agency audits: the reviewer records each partner agency's contribution. */
export function partnerInputHandlers(s: Services): CardActionHandlers<typeof PARTNER_INPUT_ACTIONS> {
  const open = (actorId: string, auditId: string) => openPartnerInputs(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId });
  return {
    'partnerInput.refresh': async ({ actorId, data }) => partnerInputCard(s, await open(actorId, data.auditId), actorId),
    'partnerInput.record': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const values = { [PARTNER_PATH.agency]: data[PARTNER_PATH.agency] ?? '', [PARTNER_PATH.role]: data[PARTNER_PATH.role] ?? '', [PARTNER_PATH.input]: data[PARTNER_PATH.input] ?? '' };
      recover({ invalid: (e) => partnerInputCard(s, audit, actorId, { values, errors: e.fields }) });
      const draft = { agency: values[PARTNER_PATH.agency], role: values[PARTNER_PATH.role], input: values[PARTNER_PATH.input] };
      const result = await recordPartnerInput(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
      return partnerInputCard(s, result.audit, actorId, { banner: result.alreadyDone ? 'Nothing changed: this input was already recorded.' : '✓ Recorded on the audit.' });
    },
  };
}
