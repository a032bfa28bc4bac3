import template from './history.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

export interface HistoryEntryView {
  readonly when: string;
  readonly who: string;
  readonly what: string;
  readonly why?: string;
}

/** Entries past this are summarised; the newest are kept. */
export const HISTORY_MAX_ENTRIES = 25;

export function renderHistory(data: { caseRef: string; subtitle: string; entries: readonly HistoryEntryView[] }): AdaptiveCard {
  return expand(template, { ...data, entries: data.entries.slice(-HISTORY_MAX_ENTRIES), total: data.entries.length });
}
