import type { DIGEST_ACTIONS, DigestData } from '../../cards/digest.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { nudgeActionOwner } from '../../workflow/use-cases/nudge-action-owner.js';
import { openPersonalCard } from '../../workflow/use-cases/open-personal-card.js';
import { signOffAction } from '../../workflow/use-cases/sign-off-action.js';
import type { CardActionHandler, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { digestCard } from '../views/digest-view.js';
import { displayName } from '../views/people-names.js';

/**
 * The manager's digest: Sign off and Nudge owner act on one action (the domain checks the presser manages it),
 * then the digest is shown again as it stands, for whoever pressed.
 */
export function digestHandlers(s: Services): CardActionHandlers<typeof DIGEST_ACTIONS> {
  const act =
    (run: (auditId: string, actionId: string, actorId: string) => Promise<{ alreadyDone: boolean }>, done: (owner: string) => string): CardActionHandler<DigestData> =>
    async ({ actorId, data, recover }) => {
      const audit = await loadAudit(s.audits, s.tenantId, data.auditId);
      const action = findAction(audit, data.actionId);
      recover({ outOfDate: (e) => digestCard(s, actorId, e.message) });
      const result = await run(audit.id, action.id, actorId);
      if (!result.alreadyDone) s.kickDelivery();
      const owner = displayName(await s.directory.get(s.tenantId, action.ownerId));
      return digestCard(s, actorId, result.alreadyDone ? 'Nothing changed: that was already done.' : done(owner));
    };
  return {
    'digest.refresh': async ({ actorId, data }) => digestCard(s, openPersonalCard().execute({ madeFor: data.managerId, viewerId: actorId, what: "refresh another manager's digest" })),
    'digest.signOff': act((auditId, actionId, actorId) => signOffAction(s).execute({ tenantId: s.tenantId, auditId, actionId, actorId }), () => '✓ Signed off.'),
    'digest.nudge': act((auditId, actionId, actorId) => nudgeActionOwner(s).execute({ tenantId: s.tenantId, auditId, actionId, actorId }), (owner) => `✓ ${owner} has been nudged.`),
  };
}
