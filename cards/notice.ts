import template from './notice.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

/** A short message card: welcomes, refusals, errors and notices to the QA coordinator. */
export interface NoticeCardData {
  readonly title: string;
  readonly lines: readonly string[];
  readonly tone?: 'neutral' | 'good' | 'warning' | 'attention';
  /** A correlation id the user can quote; it also appears in the log. */
  readonly reference?: string;
}

const COLORS = { neutral: 'Default', good: 'Good', warning: 'Warning', attention: 'Attention' } as const;

export function renderNotice(data: NoticeCardData): AdaptiveCard {
  return expand(template, { ...data, color: COLORS[data.tone ?? 'neutral'], reference: data.reference ?? '' });
}
