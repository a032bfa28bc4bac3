import template from './my-actions.json' with { type: 'json' };
import type { AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/** Rows past this are counted, not listed: the card stays small on a phone and under the size limit. */
export const MY_ACTIONS_MAX = 15;

export interface MyActionRow {
  readonly caseRef: string;
  readonly description: string;
  /** "⚠ Overdue by 3 working days · due Mon 7 Dec", "Due Fri 18 Dec", "Done: waiting for Sam Patel's sign-off". */
  readonly state: string;
  /** What "Open" sends: the action card's reference, so the action's own card (with its buttons) comes back. */
  readonly open: AuditRef & { readonly actionId: string };
}

export function renderMyActions(rows: readonly MyActionRow[]): AdaptiveCard {
  return expand(template, { rows: rows.slice(0, MY_ACTIONS_MAX), total: rows.length });
}
