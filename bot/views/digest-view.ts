import { renderDigest, type DigestItem } from '../../cards/digest.js';
import { formatDate } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { actionManager, statusOf } from '../../workflow/chasing/action-lifecycle.js';
import { isDueSoon } from '../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { overdueDays } from '../../workflow/chasing/ladder.js';
import { localDate } from '../../workflow/dates.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { linkReviewerFollows, linkReviewersTrack } from '../../workflow/chasing/link-reviewer.js';
import { followsUp } from '../../workflow/chasing/follow-up.js';

/**
 * A manager's digest as it stands now, read from the audits they manage: their team's overdue actions (most
 * overdue first), those due soon, and those marked done waiting for their sign-off.
 */
export function digestView(v: ViewContext, managed: readonly Audit[], banner?: string): AdaptiveCard {
  const managerId = v.viewerId;
  const settings = chaseSettings(v.profile);
  const today = localDate(v.now);
  const audits = managed.filter((a) => a.status !== 'withdrawn');
  // The actions they manage, and those escalated to them (a profile's ladder may send a rung to a digest).
  // BCP: a link reviewer also follows the open actions of the services they are linked to.
  const viewer = v.people.get(managerId);
  // Sandwell: the SW Academy follows the open actions (practice recommendations) of the audits sent to them (ST-28).
  const follows = (audit: Audit, a: AuditAction) =>
    (linkReviewersTrack(v.profile) && !!viewer && linkReviewerFollows(audit, a, viewer)) || (followsUp(audit, managerId) && statusOf(a) === 'open');
  const mine = audits.flatMap((audit) =>
    (audit.actions ?? [])
      .filter((a) => actionManager(audit, a) === managerId || (a.escalations ?? []).some((e) => e.rung !== 'owner' && e.to.includes(managerId)) || follows(audit, a))
      .map((action) => ({ audit, action })),
  );
  const zone = zoneOf(v);
  const overdue: (DigestItem & { days: number })[] = [];
  const dueSoon: DigestItem[] = [];
  const done: DigestItem[] = [];
  for (const { audit, action } of mine) {
    const status = statusOf(action);
    const item: DigestItem = {
      ref: v.signer.audit('digest', audit.id, audit.round),
      actionId: action.id,
      caseRef: audit.caseRef,
      description: action.description,
      ownerName: nameIn(v, action.ownerId),
      due: formatDate(action.dueDate, zone),
      ...(actionManager(audit, action) === managerId ? {} : { followOnly: true }),
    };
    if (status === 'done') {
      // Only the manager signs off; someone it was escalated to has nothing to do with a done action.
      if (actionManager(audit, action) === managerId) done.push({ ...item, ...(action.done?.note ? { doneNote: action.done.note } : {}) });
    }
    else if (status !== 'open') continue;
    else if (action.dueDate < today) {
      const days = overdueDays(action.dueDate, today, settings.ladder, settings.calendar);
      const nudgedToday = audit.outbox.some((m) => m.about === action.id && m.kind === 'action-nudge' && m.state !== 'cancelled' && localDate(new Date(m.createdAt)) === today);
      overdue.push({ ...item, days, daysOverdue: days, escalated: (action.escalations ?? []).some((e) => e.rung !== 'owner'), nudgedToday });
    } else if (isDueSoon(action, today, settings)) dueSoon.push(item);
  }
  overdue.sort((a, b) => b.days - a.days);
  return renderDigest({
    refreshRef: v.signer.manager(managerId),
    title: `Your team's actions · ${formatDate(today, zone)}`,
    overdue: overdue.map(({ days: _days, ...item }) => item),
    dueSoon,
    done,
    ...(banner ? { banner } : {}),
  });
}

/** Reads the audits the manager has a role on and what the card needs, once, then renders the digest. */
export async function digestCard(s: Services, managerId: PersonId, banner?: string): Promise<AdaptiveCard> {
  const v = await readViewContext(s, managerId);
  const linked = linkReviewersTrack(v.profile) ? (v.people.get(managerId)?.moderatesFor ?? []) : [];
  // A link reviewer's services: the audits of each service manager they are linked to, once each.
  const lists = await Promise.all([managerId, ...linked].map((id) => s.audits.forPerson(s.tenantId, id)));
  const audits = [...new Map(lists.flat().map((a) => [a.id, a])).values()];
  return digestView(v, audits, banner);
}
