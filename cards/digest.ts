import template from './digest.json' with { type: 'json' };
import { workingDays } from './action.js';
import { z } from 'zod';
import { auditRef, cardActions, carriedId, managerRef, type AuditRef, type ManagerRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const DigestData = z.object({ ...auditRef, actionId: carriedId });
export type DigestData = z.infer<typeof DigestData>;

export const DIGEST_ACTIONS = {
  ...cardActions(['digest.nudge', 'digest.signOff'], DigestData, { family: 'digest', id: 'auditId' }),
  // Signed for the manager it was made for: a forwarded or forged card shows nobody else's team.
  ...cardActions(['digest.refresh'], z.object(managerRef), { family: 'digest-refresh', id: 'managerId' }),
};
export type DigestVerb = keyof typeof DIGEST_ACTIONS;
export const DIGEST_VERBS = Object.keys(DIGEST_ACTIONS) as DigestVerb[];

export interface DigestItem {
  /** Signed reference to the action's audit; each button sends it with `actionId`. */
  readonly ref: AuditRef;
  readonly actionId: string;
  readonly caseRef: string;
  readonly description: string;
  readonly ownerName: string;
  /** Already formatted for reading. */
  readonly due: string;
  readonly daysOverdue?: number;
  /** Overdue long enough to have gone up the chase ladder. */
  readonly escalated?: boolean;
  /** The owner's note when they marked it done. */
  readonly doneNote?: string;
  /** The owner was nudged today, from this card or by the bot. */
  readonly nudgedToday?: boolean;
  /** Followed, not managed (a link reviewer, or a rung above the manager): no Nudge, the manager nudges. */
  readonly followOnly?: boolean;
}

export interface DigestCardData {
  /** Signed for the manager whose digest it is (their id in place of an audit id): Refresh shows it to them only. */
  readonly refreshRef: ManagerRef;
  /** E.g. "Your team's actions · Wed 2 Dec". */
  readonly title: string;
  readonly overdue: readonly DigestItem[];
  readonly dueSoon: readonly DigestItem[];
  /** Marked done, waiting for the manager's sign-off. */
  readonly done: readonly DigestItem[];
  /** Items already left off by the caller, for size. */
  readonly more?: number;
  readonly banner?: string;
}

/**
 * Items past this are counted, not listed: the fullest card (every item waiting for sign-off, its description
 * and done note at 200 characters, each a 3-byte character such as ’) stays under Teams' 28 KB. About 1.2 KB an
 * item in plain text, 2 KB at worst. Overdue items are kept first, then those waiting for sign-off.
 */
export const MAX_DIGEST_ITEMS = 12;

type Kind = 'overdue' | 'dueSoon' | 'done';

function itemView(item: DigestItem, kind: Kind) {
  const meta = [`Owner: ${item.ownerName}`, `due ${item.due}`];
  if (kind === 'overdue' && item.daysOverdue !== undefined && item.daysOverdue > 0) meta.push(`${workingDays(item.daysOverdue)} overdue`);
  return {
    headline: item.escalated ? `⚠ ${item.caseRef} · escalated` : item.caseRef,
    description: item.description,
    meta: meta.join(' · '),
    doneNote: kind === 'done' ? (item.doneNote ?? '') : '',
    nudged: kind === 'overdue' && item.nudgedToday === true,
    canNudge: kind === 'overdue' && item.nudgedToday !== true && item.followOnly !== true,
    canSignOff: kind === 'done',
    data: { ...item.ref, actionId: item.actionId },
  };
}

/** A manager's daily digest: their team's overdue and due-soon actions, and those waiting for sign-off. */
export function renderDigest(data: DigestCardData): AdaptiveCard {
  // The most pressing are kept when the card is full: overdue, then waiting for sign-off, then due soon.
  let room = MAX_DIGEST_ITEMS;
  const take = (items: readonly DigestItem[]) => {
    const kept = items.slice(0, Math.max(0, room));
    room -= kept.length;
    return kept;
  };
  const overdue = take(data.overdue);
  const done = take(data.done);
  const dueSoon = take(data.dueSoon);
  const leftOff = data.overdue.length + data.done.length + data.dueSoon.length - overdue.length - done.length - dueSoon.length;
  const sections = [
    { heading: `⚠ Overdue (${data.overdue.length})`, color: 'Attention', kind: 'overdue' as const, all: data.overdue, items: overdue },
    { heading: `Due soon (${data.dueSoon.length})`, color: 'Default', kind: 'dueSoon' as const, all: data.dueSoon, items: dueSoon },
    { heading: `Done, waiting for your sign-off (${data.done.length})`, color: 'Default', kind: 'done' as const, all: data.done, items: done },
  ]
    .filter((s) => s.all.length > 0)
    .map((s) => ({ heading: s.heading, color: s.color, items: s.items.map((item) => itemView(item, s.kind)) }));
  return expand(template, {
    refreshRef: data.refreshRef,
    title: data.title,
    banner: data.banner ?? '',
    sections,
    more: (data.more ?? 0) + leftOff,
  });
}
