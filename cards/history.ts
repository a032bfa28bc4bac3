import template from './history.json' with { type: 'json' };
import { z } from 'zod';
import { cardActions } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/** "Earlier entries": no signature needed, as every page is re-read with the viewer's rights. */
export const HistoryPageData = z.object({ caseRef: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/), page: z.number().int().min(0).max(1000) });
export const HISTORY_ACTIONS = cardActions(['history.page'], HistoryPageData);
export type HistoryVerb = keyof typeof HISTORY_ACTIONS;

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
