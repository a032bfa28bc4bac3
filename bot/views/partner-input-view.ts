import { formatDate } from '../../cards/format.js';
import { renderPartnerInput } from '../../cards/partner-input.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { PARTNER_LIMITS, PARTNER_PATH, partnersTakePart } from '../../workflow/review/partner-input.js';
import { REVIEWABLE } from '../../workflow/review/review.js';
import type { Services } from '../services.js';
import { optional, type FormState } from './review-view.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';

/** The partners' input recorded so far; the form to record another for the reviewer while the audit is theirs. */
export function partnerInputView(v: ViewContext, audit: Audit, state: FormState = {}): AdaptiveCard {
  const zone = zoneOf(v);
  const values = state.values ?? {};
  const errors = state.errors ?? {};
  const editable = audit.reviewerId === v.viewerId && REVIEWABLE.includes(audit.status) && partnersTakePart(v.profile);
  return renderPartnerInput({
    caseRef: audit.caseRef,
    subtitle: `Multi-agency audit · reviewer ${nameIn(v, audit.reviewerId)}`,
    ...optional('banner', state.banner),
    recorded: (audit.partnerInputs ?? []).map((p) => ({
      heading: `${p.agency} · ${p.role} (recorded by ${nameIn(v, p.recordedBy)}, ${formatDate(p.recordedAt, zone)})`,
      input: p.input,
    })),
    editable,
    agency: values[PARTNER_PATH.agency] ?? '',
    role: values[PARTNER_PATH.role] ?? '',
    input: values[PARTNER_PATH.input] ?? '',
    ...optional('agencyError', errors[PARTNER_PATH.agency]),
    ...optional('roleError', errors[PARTNER_PATH.role]),
    ...optional('inputError', errors[PARTNER_PATH.input]),
    max: PARTNER_LIMITS,
    ref: v.signer.audit('partner-input', audit.id, audit.round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function partnerInputCard(s: Services, audit: Audit, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return partnerInputView(await readViewContext(s, viewerId), audit, state);
}
