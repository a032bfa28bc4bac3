import type { DigestVerb } from '../../cards/digest.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { nudgeActionOwner } from '../../workflow/use-cases/nudge-action-owner.js';
import { signOffAction } from '../../workflow/use-cases/sign-off-action.js';
import { DigestData, DigestRefreshData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { digestCard } from '../views/digest-view.js';
import { displayName } from '../views/people-names.js';
import type { CardActionHandler } from './card-action.js';

/**
 * The manager's digest: Sign off and Nudge owner act on one action (the domain checks the presser manages it),
 * then the digest is shown again as it stands, for whoever pressed.
 */
export function digestHandlers(s: Services): Record<DigestVerb, CardActionHandler> {
  async function act(actorId: string, raw: unknown, run: (auditId: string, actionId: string) => Promise<{ alreadyDone: boolean }>, done: (owner: string) => string) {
    const data = readCardData(DigestData, raw, s.signer, 'digest');
    const audit = await s.audits.get(s.tenantId, data.auditId);
    if (!audit) throw new NotFound('The audit on this card');
    const action = findAction(audit, data.actionId);
    try {
      const result = await run(audit.id, action.id);
      if (!result.alreadyDone) s.kickDelivery();
      const owner = displayName(await s.directory.get(s.tenantId, action.ownerId));
      return digestCard(s, actorId, result.alreadyDone ? 'Nothing changed: that was already done.' : done(owner));
    } catch (error) {
      if (error instanceof StaleCard) return digestCard(s, actorId, error.message);
      throw error;
    }
  }
  return {
    // Signed for the manager it was made for: a forwarded or forged card shows nobody else's team.
    'digest.refresh': async (actorId, raw) => {
      const data = readCardData(DigestRefreshData, raw, s.signer, 'digest-refresh');
      if (data.auditId !== actorId) throw new NotPermitted(actorId, "refresh another manager's digest");
      return digestCard(s, actorId);
    },
    'digest.signOff': (actorId, raw) =>
      act(
        actorId,
        raw,
        (auditId, actionId) => signOffAction(s).execute({ tenantId: s.tenantId, auditId, actionId, actorId }),
        () => '✓ Signed off.',
      ),
    'digest.nudge': (actorId, raw) =>
      act(
        actorId,
        raw,
        (auditId, actionId) => nudgeActionOwner(s).execute({ tenantId: s.tenantId, auditId, actionId, actorId }),
        (owner) => `✓ ${owner} has been nudged.`,
      ),
  };
}
