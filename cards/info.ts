import template from './info.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

/** A short information card: welcomes, refusals, errors and alerts to the QA coordinator. */
export interface InfoCardData {
  readonly title: string;
  readonly lines: readonly string[];
  readonly tone?: 'neutral' | 'good' | 'warning' | 'attention';
  /** A correlation id the user can quote; it also appears in the log. */
  readonly reference?: string;
}

/**
 * Meaning is carried by a symbol as well as colour: Teams themes (and the Playground) render Good and
 * Warning too faintly on white to rely on.
 */
const TONES = {
  neutral: { color: 'Default', mark: '' },
  good: { color: 'Default', mark: '✓ ' },
  warning: { color: 'Default', mark: '⚠ ' },
  attention: { color: 'Attention', mark: '⚠ ' },
} as const;

export function renderInfo(data: InfoCardData): AdaptiveCard {
  const tone = TONES[data.tone ?? 'neutral'];
  return expand(template, { ...data, title: `${tone.mark}${data.title}`, color: tone.color, reference: data.reference ?? '' });
}
