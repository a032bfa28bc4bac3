import { MAX_CARD_BYTES, type AdaptiveCard } from './template.js';

/**
 * "What good looks like" for one graded row of a form (review or moderation): the audit tool's guidance lines,
 * the questions to consider and the descriptor of each grade, behind an Action.ToggleVisibility that shows a
 * hidden container (`id`). Read-only: it carries no input.
 */
export interface GuideView {
  /** The hidden container's element id, unique on the card (`guide.<scope>`). */
  readonly id: string;
  readonly guidance: readonly string[];
  readonly prompts: readonly string[];
  /** In grade order, best first: "Good" → "All plans are focused…". */
  readonly descriptors: readonly { readonly grade: string; readonly text: string }[];
}

/**
 * How much guidance a card carries. A form full to every limit, with every problem shown, may not fit Teams'
 * 28 KB with all of it: then the descriptors go first, then the guidance (and the card says so). The inputs,
 * what was typed and the problems always stay.
 */
export type GuideDetail = 'full' | 'without-descriptors' | 'none';
const DETAILS: readonly GuideDetail[] = ['full', 'without-descriptors', 'none'];

/** Said on a card whose guidance was cut down to fit. */
export const GUIDE_NOTES: Readonly<Record<GuideDetail, string | undefined>> = {
  full: undefined,
  'without-descriptors': "The grade descriptors are left off this card: with this much typed, the card would be too large for Teams.",
  none: "The 'What good looks like' guidance is left off this card: with this much typed, the card would be too large for Teams.",
};

/** The guide as the template binds it: two texts (Adaptive Card markdown), or nothing at this detail. */
export interface GuideBinding {
  readonly id: string;
  readonly lines?: string;
  readonly descriptors?: string;
}

export function bindGuide(guide: GuideView | undefined, detail: GuideDetail): GuideBinding | undefined {
  if (!guide || detail === 'none') return undefined;
  const bullets = [...guide.guidance.map((g) => `- ${g}`), ...guide.prompts.map((p) => `- *Consider:* ${p}`)];
  const descriptors = detail === 'full' ? guide.descriptors.map((d) => `**${d.grade}:** ${d.text}`) : [];
  if (bullets.length === 0 && descriptors.length === 0) return undefined;
  return {
    id: guide.id,
    ...(bullets.length > 0 ? { lines: bullets.join('\r') } : {}),
    ...(descriptors.length > 0 ? { descriptors: descriptors.join('\n\n') } : {}),
  };
}

/** `{ guide }` when there is one, else nothing (the template tests for its absence). */
export function optionalGuide<T>(guide: T | undefined): { guide?: T } {
  return guide ? { guide } : {};
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card));
}

/**
 * The card with as much guidance as fits: rendered in full, and again with less only when it would not fit.
 * `render` gets the detail to use and, when guidance was cut down, the note that says so.
 */
export function withGuidanceThatFits(hasGuide: boolean, render: (detail: GuideDetail, note: string | undefined) => AdaptiveCard): AdaptiveCard {
  let card = render('full', undefined);
  if (!hasGuide) return card;
  for (const detail of DETAILS.slice(1)) {
    if (cardBytes(card) < MAX_CARD_BYTES) return card;
    card = render(detail, GUIDE_NOTES[detail]);
  }
  return card;
}
