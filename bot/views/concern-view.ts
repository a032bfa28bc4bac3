import { formatDateTime } from '../../cards/format.js';
import { renderConcern } from '../../cards/concern.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { CONCERN_MAX, CONCERN_PATH, findConcern } from '../../workflow/concerns/immediate-concern.js';
import { ROLE_LABELS } from '../../workflow/people.js';
import type { Services } from '../services.js';
import type { FormState } from './review-view.js';
import { optional } from './review-view.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';

/** Without `concernId`: the form to raise a concern. With it: the concern, with Acknowledge for its recipients. */
export function concernView(v: ViewContext, audit: Audit, concernId: string | undefined, state: FormState = {}): AdaptiveCard {
  const zone = zoneOf(v);
  const base = { reasonInput: CONCERN_PATH, max: CONCERN_MAX, refreshUserIds: refreshUserIdsOf(v), ...optional('banner', state.banner) };
  if (concernId === undefined) {
    const to = v.profile.concerns.to.map(roleWord);
    return renderConcern({
      ...base,
      title: `Raise an immediate safeguarding concern · case ${audit.caseRef}`,
      subtitle: 'For a child at risk now. It does not change any grade.',
      lines: [`It goes at once to the case's ${new Intl.ListFormat('en-GB').format(to)}. Each must acknowledge it; QA is told if anyone has not within ${v.profile.concerns.acknowledgeWithinHours} hours.`],
      raising: true,
      reason: state.values?.[CONCERN_PATH] ?? '',
      ...optional('reasonError', state.errors?.[CONCERN_PATH]),
      recipients: [],
      canAcknowledge: false,
      ref: v.signer.audit('concern', audit.id, audit.round),
    });
  }
  const concern = findConcern(audit, concernId);
  const mine = concern.recipients.find((r) => r.personId === v.viewerId);
  return renderConcern({
    ...base,
    title: `⚠ Immediate safeguarding concern · case ${audit.caseRef}`,
    subtitle: `Raised by ${nameIn(v, concern.raisedBy)} at ${formatDateTime(concern.at, zone)}`,
    lines: [concern.reason, 'Please act on it now, then acknowledge that you have read it. It is recorded on the audit.'],
    raising: false,
    reason: '',
    recipients: concern.recipients.map((r) => `${nameIn(v, r.personId)} (${roleWord(r.role)}): ${r.acknowledgedAt ? `✓ ${formatDateTime(r.acknowledgedAt, zone)}` : 'not yet'}`),
    canAcknowledge: mine !== undefined && !mine.acknowledgedAt,
    ref: { ...v.signer.audit('concern', audit.id, audit.round), concernId },
  });
}

/** "team manager", "QA coordinator": a role as read mid-sentence (acronyms keep their capitals). */
function roleWord(role: keyof typeof ROLE_LABELS): string {
  return ROLE_LABELS[role].replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}

/** Reads what the card needs once, then renders it. */
export async function concernCard(s: Services, audit: Audit, viewerId: string, concernId: string | undefined, state: FormState = {}): Promise<AdaptiveCard> {
  return concernView(await readViewContext(s, viewerId), audit, concernId, state);
}
