import template from './extension.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, carriedId, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const ExtensionData = z.object({ ...auditRef, actionId: carriedId, requestId: carriedId });
export type ExtensionData = z.infer<typeof ExtensionData>;

export const EXTENSION_ACTIONS = cardActions(['extension.approve', 'extension.refuse', 'extension.refresh'], ExtensionData, { family: 'extension', id: 'auditId' });
export type ExtensionVerb = keyof typeof EXTENSION_ACTIONS;

/** `open` offers Approve new date · Keep the current date; the rest are outcomes without buttons. */
export type ExtensionCardState = 'open' | 'approved' | 'refused' | 'closed';

export interface ExtensionCardData {
  readonly ref: AuditRef;
  readonly actionId: string;
  readonly requestId: string;
  readonly caseRef: string;
  readonly description: string;
  readonly ownerName: string;
  /** Both already formatted for reading. */
  readonly currentDue: string;
  readonly askedDue: string;
  readonly reason: string;
  readonly state: ExtensionCardState;
  /** The settled outcome, e.g. "Approved by Sam Patel at 10:02, Wed 2 Dec: now due Tue 15 Dec". */
  readonly outcome?: string;
  readonly banner?: string;
}

const HEADLINES: Record<ExtensionCardState, string> = {
  open: 'More time asked for',
  approved: '✓ New date approved',
  refused: '✗ Current date kept',
  closed: 'Request closed',
};

/** To the action's manager: the owner's request for a later due date. */
export function renderExtension(data: ExtensionCardData): AdaptiveCard {
  return expand(template, {
    ...data,
    headline: `${HEADLINES[data.state]} · case ${data.caseRef}`,
    banner: data.banner ?? '',
    outcome: data.outcome ?? '',
    action: { ...data.ref, actionId: data.actionId, requestId: data.requestId },
  });
}
