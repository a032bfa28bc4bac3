import { formatDate } from '../../cards/format.js';
import { renderMyActions, type MyActionRow } from '../../cards/my-actions.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { workingDays } from '../../cards/action.js';
import { actionManager, statusOf } from '../../workflow/chasing/action-lifecycle.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { overdueDays } from '../../workflow/chasing/ladder.js';
import { localDate } from '../../workflow/dates.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';
import type { Audit } from '../../workflow/audit.js';

/** The person's own open actions (and those waiting for sign-off), most overdue first, each one press from its card. */
export function myActionsView(v: ViewContext, theirs: readonly Audit[]): AdaptiveCard {
  const personId = v.viewerId;
  const settings = chaseSettings(v.profile);
  const today = localDate(v.now);
  const audits = theirs.filter((a) => a.status !== 'withdrawn');
  const mine = audits.flatMap((audit) =>
    (audit.actions ?? []).filter((a) => a.ownerId === personId && ['open', 'done'].includes(statusOf(a))).map((action) => ({ audit, action })),
  );
  const zone = zoneOf(v);
  const rows = mine
    .map(({ audit, action }) => {
      const days = overdueDays(action.dueDate, today, settings.ladder, settings.calendar);
      const due = formatDate(action.dueDate, zone);
      const state =
        statusOf(action) === 'done'
          ? `✓ Done: waiting for ${nameIn(v, actionManager(audit, action))} to sign it off`
          : days > 0
            ? `⚠ Overdue by ${workingDays(days)} · due ${due}`
            : `Due ${due}`;
      const row: MyActionRow = { caseRef: audit.caseRef, description: action.description, state, open: { ...v.signer.audit('action', audit.id, audit.round), actionId: action.id } };
      // Earliest due first (so the most overdue leads); done ones, waiting on someone else, last.
      return { row, order: statusOf(action) === 'done' ? Number.MAX_SAFE_INTEGER : Date.parse(action.dueDate) };
    })
    .sort((a, b) => a.order - b.order)
    .map((r) => r.row);
  return renderMyActions(rows);
}

/** Reads the person's audits and what the card needs, once, then renders their actions. */
export async function myActionsCard(s: Services, personId: PersonId): Promise<AdaptiveCard> {
  const [v, audits] = await Promise.all([readViewContext(s, personId), s.audits.forPerson(s.tenantId, personId)]);
  return myActionsView(v, audits);
}
