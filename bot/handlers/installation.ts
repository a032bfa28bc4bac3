import { TurnContext } from 'botbuilder';
import { registerInstallation } from '../../workflow/use-cases/register-installation.js';
import type { Services } from '../services.js';
import { helpCard } from '../views/help-view.js';
import { sendCard } from './commands.js';

/**
 * installationUpdate and conversationUpdate both announce a new personal chat, and Teams (and the
 * Playground, on every page load) may send them repeatedly: registration is idempotent and only the
 * first one gets a welcome.
 */
export function installation(s: Services) {
  return async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    if (activity.type === 'installationUpdate' && activity.action?.startsWith('remove')) return;
    if (activity.type === 'conversationUpdate' && !(activity.membersAdded ?? []).length) return;
    const personal = !activity.conversation?.conversationType || activity.conversation.conversationType === 'personal';
    const personId = activity.from?.aadObjectId;
    const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (!personal || !personId || tenantId !== s.tenantId) {
      s.log.info('installation-ignored', { type: activity.type, conversationType: activity.conversation?.conversationType });
      return;
    }
    const result = await registerInstallation(s).execute({
      personId,
      tenantId,
      channelUserId: activity.from.id,
      reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>,
      installedAt: s.clock.now().toISOString(),
    });
    if (result.released > 0) s.kickDelivery();
    if (!result.isNew) return;
    s.log.info('installed', { personId, released: result.released });
    const waiting = result.released > 0 ? ` ${result.released} card${result.released === 1 ? ' was' : 's were'} waiting for you and will arrive in a moment.` : '';
    await sendCard(
      context,
      helpCard(result.person, `Welcome to QA Audits${result.person ? `, ${result.person.name.split(' ')[0]}` : ''}`, `I'll bring you your case-audit work here in chat.${waiting}`),
    );
  };
}

/**
 * Installation events come once; if that turn failed, a person's cards would stay held for ever. So every
 * personal message also (idempotently) records where their chat is and releases anything held for them.
 */
export function rememberConversation(s: Services) {
  return async (context: TurnContext): Promise<boolean> => {
    const activity = context.activity;
    const personId = activity.from?.aadObjectId;
    if (activity.type !== 'message' || activity.conversation?.conversationType !== 'personal' || !personId || activity.conversation.tenantId !== s.tenantId) return true;
    try {
      const result = await registerInstallation(s).execute({
        personId,
        tenantId: s.tenantId,
        channelUserId: activity.from.id,
        reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>,
        installedAt: s.clock.now().toISOString(),
      });
      if (result.released > 0) s.kickDelivery();
    } catch (error) {
      // The message itself must still be answered.
      s.log.warn('remember-conversation-failed', { error: error instanceof Error ? error.message : String(error) });
    }
    return true;
  };
}
