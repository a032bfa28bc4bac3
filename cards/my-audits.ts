import template from './my-audits.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export interface MyAuditRow {
  readonly caseRef: string;
  readonly cycle: string;
  readonly status: string;
  readonly dueDate: string;
  readonly reviewer: string;
  /** "Meeting Wed 2 Dec, 09:00–10:00", "Meeting not booked yet", or empty. */
  readonly meeting?: string;
  readonly roles: string;
  /** A re-audit of an Inadequate audit: its button says so, so it is never mistaken for the audit it follows. */
  readonly reaudit?: boolean;
  /** Signed reference for "Open": the bot shows the card this person should see for the audit. */
  readonly open: AuditRef;
}

/** "Open" on a list or an allocation card: the bot shows the card this person should see for the audit now. */
export const OPEN_AUDIT_ACTIONS = cardActions(['audit.open'], FormData, { family: 'open', id: 'auditId' });

/** Rows past this are summarised, keeping the card well under Teams' 28 KB. */
export const MY_AUDITS_MAX_ROWS = 25;

export function renderMyAudits(rows: readonly MyAuditRow[]): AdaptiveCard {
  return expand(template, { rows: rows.slice(0, MY_AUDITS_MAX_ROWS), total: rows.length });
}
