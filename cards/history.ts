import template from './history.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

export const HISTORY_VERBS = ['history.page'] as const;

export interface HistoryEntryView {
  readonly when: string;
  readonly who: string;
  readonly what: string;
  readonly why?: string;
}

/** Entries per card; the rest are a button away, so nothing in the trail is ever out of reach. */
export const HISTORY_PAGE_SIZE = 20;

/**
 * One page of the audit trail. Page 0 is the newest entries; "Earlier entries" goes back a page at a time.
 */
export function renderHistory(data: { caseRef: string; subtitle: string; entries: readonly HistoryEntryView[]; page?: number }): AdaptiveCard {
  const total = data.entries.length;
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const page = Math.min(Math.max(0, data.page ?? 0), pages - 1);
  const end = total - page * HISTORY_PAGE_SIZE;
  const start = Math.max(0, end - HISTORY_PAGE_SIZE);
  return expand(template, {
    caseRef: data.caseRef,
    subtitle: data.subtitle,
    entries: data.entries.slice(start, end),
    total,
    first: String(start + 1),
    last: String(end),
    hasEarlier: start > 0,
    hasLater: page > 0,
    earlierPage: page + 1,
    laterPage: page - 1,
  });
}
