/**
 * Multi-agency audits (SCSP, SC-03): partner agencies take part, often people without an account in the
 * authority's Teams, so the reviewer records each one's contribution to the audit — the agency, the person's role
 * (never the child's or family's names) and what they said. Offered where the profile's meeting invites partners.
 * Recorded while the audit is being written; kept on the audit and shown with the rationale (role holders only).
 */
import { requireStatus, type Audit } from '../audit.js';
import { InvalidInput, NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { REVIEWABLE } from './review.js';
import { tooLong } from './record-paths.js';
import type { PartnerInput } from './partner-input-record.js';

export type { PartnerInput };

/** The inputs of the partner card, named by the part of the record they fill. */
export const PARTNER_PATH = { agency: 'partner.agency', role: 'partner.role', input: 'partner.input' } as const;
export const PARTNER_LIMITS = { agency: 60, role: 60, input: 500 } as const;
/** Partners one audit may record: enough for a strategy discussion's agencies, and the card stays small. */
export const MAX_PARTNER_INPUTS = 8;

export function partnersTakePart(profile: PolicyProfile): boolean {
  return profile.meeting.attendees.includes('partners');
}

export type PartnerDraft = { readonly agency?: string; readonly role?: string; readonly input?: string };

/** Records one partner's contribution: only the reviewer, only while the audit is theirs to write, only where partners take part. */
export function recordPartnerInput(audit: Audit, actorId: PersonId, draft: PartnerDraft, profile: PolicyProfile, at: string): Audit {
  if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, 'record partner input on an audit someone else reviews');
  if (!partnersTakePart(profile)) throw new NotPermitted(actorId, 'record partner input: partner agencies do not take part in these audits');
  requireStatus(audit, REVIEWABLE, 'given partner input');
  const agency = (draft.agency ?? '').trim();
  const role = (draft.role ?? '').trim();
  const input = (draft.input ?? '').trim();
  const problems: Record<string, string> = {};
  const check = (path: string, value: string, max: number, missing: string) => {
    if (!value) problems[path] = missing;
    else if (value.length > max) problems[path] = tooLong(max, value.length);
  };
  check(PARTNER_PATH.agency, agency, PARTNER_LIMITS.agency, 'Name the partner agency.');
  check(PARTNER_PATH.role, role, PARTNER_LIMITS.role, 'Give the role of the person from the agency, such as Health visitor.');
  check(PARTNER_PATH.input, input, PARTNER_LIMITS.input, 'Record what the partner contributed to the audit.');
  const recorded = audit.partnerInputs ?? [];
  if (recorded.length >= MAX_PARTNER_INPUTS) problems[PARTNER_PATH.input] = `This audit already has ${MAX_PARTNER_INPUTS} partners' input, the most one audit holds.`;
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
  // The same contribution pressed twice (a retried invoke) is recorded once.
  const last = recorded.at(-1);
  if (last && last.agency === agency && last.role === role && last.input === input) return audit;
  const entry: PartnerInput = { id: `p${recorded.length + 1}`, agency, role, input, recordedBy: actorId, recordedAt: at };
  return {
    ...audit,
    partnerInputs: [...recorded, entry],
    history: [...audit.history, { at, by: actorId, event: 'partner input recorded', detail: `${agency} (${role})` }],
  };
}
