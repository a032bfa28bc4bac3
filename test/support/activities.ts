import { LOCAL_TENANT_ID } from '../../bot/config.js';

/** Someone in the demo roster, as Teams identifies them in an activity. */
export interface Member {
  readonly aadObjectId: string;
  readonly name: string;
  /** The channel user id (Teams MRI); here, also their personal chat id is derived from it. */
  readonly id: string;
}

export const member = (aadObjectId: string, name: string): Member => ({ aadObjectId, name, id: `29:${name.toLowerCase().replace(/\W+/g, '-')}` });

let sequence = 0;

function base(serviceUrl: string, from: Member, tenantId = LOCAL_TENANT_ID) {
  sequence += 1;
  return {
    id: `incoming-${sequence}`,
    serviceUrl,
    channelId: 'msteams',
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:qa-audits-bot', name: 'QA Audits' },
    conversation: { id: `personal-${from.id}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

export const message = (serviceUrl: string, from: Member, text: string, extra: Record<string, unknown> = {}) => ({
  ...base(serviceUrl, from),
  type: 'message',
  text,
  ...extra,
});

export const installationUpdate = (serviceUrl: string, from: Member, action = 'add', tenantId?: string) => ({
  ...base(serviceUrl, from, tenantId),
  type: 'installationUpdate',
  action,
});

export const membersAdded = (serviceUrl: string, from: Member) => ({
  ...base(serviceUrl, from),
  type: 'conversationUpdate',
  membersAdded: [{ id: from.id }, { id: '28:qa-audits-bot' }],
});

export const cardAction = (serviceUrl: string, from: Member, verb: string, data: unknown, replyToId = 'card-1') => ({
  ...base(serviceUrl, from),
  type: 'invoke',
  name: 'adaptiveCard/action',
  replyToId,
  value: { action: { type: 'Action.Execute', verb, data } },
});
