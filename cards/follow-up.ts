import template from './follow-up.json' with { type: 'json' };
import type { AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/**
 * A finalised audit to follow up (Sandwell's SW Academy, ST-28): the case reference (never a name), the grade, and
 * the practice recommendations (the audit's actions), with "Open the audit" (the `audit.open` verb of my-audits.ts)
 * for the full record, which the recipient may read. It has no verbs of its own.
 */
export interface FollowUpCardData {
  readonly title: string;
  readonly subtitle: string;
  /** 'attention' while the grade is still one the profile follows up; 'good' once it is not (a dispute changed it). */
  readonly tone: 'attention' | 'good';
  readonly lines: readonly string[];
  /** "1. Update the safety plan · Jordan Lee · due Fri 18 Dec · open". */
  readonly recommendations: readonly string[];
  readonly open: AuditRef;
}

export function renderFollowUp(data: FollowUpCardData): AdaptiveCard {
  return expand(template, { ...data, tone: data.tone === 'attention' ? 'Attention' : 'Good' });
}
