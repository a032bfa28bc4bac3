import { formatDateTime } from '../../cards/format.js';
import { renderHistory } from '../../cards/history.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS } from '../../workflow/audit.js';
import type { CaseHistory } from '../../workflow/use-cases/read-audit-history.js';
import type { Services } from '../services.js';
import { actorName, displayName, namesOf } from './people-names.js';

/** Person ids (Entra object ids) as the domain writes them into an entry's detail: "moderator assigned: <id>". */
const PERSON_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Who did what, when and why, for each audit of the case the viewer has a role on. */
export async function historyCard(s: Services, history: CaseHistory, viewerId: string, page = 0): Promise<AdaptiveCard> {
  const entries = history.audits.flatMap((a) => a.entries);
  const mentioned = entries.flatMap((e) => e.detail?.match(PERSON_ID) ?? []);
  const names = await namesOf(s, [viewerId, ...entries.map((e) => e.by), ...mentioned]);
  const zone = names.get(viewerId)?.timeZone;
  // People are shown by name, never by directory id; an id that names nobody in the directory is left as it is.
  const named = (detail: string) => detail.replace(PERSON_ID, (id) => names.get(id)?.name ?? id);
  return renderHistory({
    page,
    caseRef: history.caseRef,
    subtitle: history.audits.map((a) => `${a.cycle}: ${STATUS_LABELS[a.status]}`).join(' · '),
    entries: history.audits.flatMap((a) =>
      a.entries.map((e) => ({
        when: formatDateTime(e.at, zone),
        who: actorName(e.by, names.get(e.by)),
        what: `${e.event}${e.detail ? `: ${named(e.detail)}` : ''}`,
        ...(e.reason ? { why: e.reason } : {}),
      })),
    ),
  });
}
