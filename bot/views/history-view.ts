import { formatDateTime } from '../../cards/format.js';
import { renderHistory } from '../../cards/history.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS } from '../../workflow/audit.js';
import type { CaseHistory } from '../../workflow/use-cases/read-audit-history.js';
import type { Services } from '../services.js';
import { displayName, namesOf } from './people-names.js';

/** Who did what, when and why, for each audit of the case the viewer has a role on. */
export async function historyCard(s: Services, history: CaseHistory, viewerId: string): Promise<AdaptiveCard> {
  const entries = history.audits.flatMap((a) => a.entries);
  const names = await namesOf(s, [viewerId, ...entries.map((e) => e.by)]);
  const zone = names.get(viewerId)?.timeZone;
  return renderHistory({
    caseRef: history.caseRef,
    subtitle: history.audits.map((a) => `${a.cycle}: ${STATUS_LABELS[a.status]}`).join(' · '),
    entries: history.audits.flatMap((a) =>
      a.entries.map((e) => ({
        when: formatDateTime(e.at, zone),
        who: displayName(names.get(e.by)),
        what: `${e.event}${e.detail ? `: ${e.detail}` : ''}`,
        ...(e.reason ? { why: e.reason } : {}),
      })),
    ),
  });
}
