import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderHistory } from '../../cards/history.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS } from '../../workflow/audit.js';
import type { CaseHistory } from '../../workflow/use-cases/read-audit-history.js';
import type { Services } from '../services.js';
import { readViewContext, zoneOf, type ViewContext } from './view-context.js';
import { actorName } from './people-names.js';

/** Person ids (Entra object ids) as the domain writes them into an entry's detail: "moderator assigned: <id>". */
/** A calendar day on its own (not part of a timestamp or an id such as a-2026-12-CR-1). */
const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b(?!T)/g;
const PERSON_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Who did what, when and why, for each audit of the case the viewer has a role on. */
export function historyView(v: ViewContext, history: CaseHistory, page = 0): AdaptiveCard {
  const entries = history.audits.flatMap((a) => a.entries);
  const zone = zoneOf(v);
  // People are shown by name, never by directory id; an id that names nobody in the directory is left as it is.
  // Days the domain writes as YYYY-MM-DD read as people write them ("Mon 8 Feb 2027").
  const named = (detail: string) => detail.replace(PERSON_ID, (id) => v.people.get(id)?.name ?? id).replace(ISO_DAY, (day) => formatDate(day, zone));
  return renderHistory({
    page,
    caseRef: history.caseRef,
    subtitle: history.audits.map((a) => `${a.cycle}: ${STATUS_LABELS[a.status]}`).join(' · '),
    // One trail in time order across the case's audits (a re-audit's entries after its parent's), so the newest
    // page shows the newest entries whichever audit they belong to.
    entries: [...entries]
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((e) => ({
        when: formatDateTime(e.at, zone),
        who: actorName(e.by, v.people.get(e.by)),
        what: `${e.event}${e.detail ? `: ${named(e.detail)}` : ''}`,
        ...(e.reason ? { why: e.reason } : {}),
      })),
  });
}

/** Reads what the card needs once, then renders it. */
export async function historyCard(s: Services, history: CaseHistory, viewerId: string, page = 0): Promise<AdaptiveCard> {
  return historyView(await readViewContext(s, viewerId), history, page);
}
