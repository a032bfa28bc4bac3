import { describe, expect, it } from 'vitest';
import { FAN_OUT_ACTIONS, FAN_OUT_MAX_PROBLEMS, renderFanOut, type FanOutCardData } from '../../cards/fan-out.js';
import { MY_ACTIONS_MAX, renderMyActions, type MyActionRow } from '../../cards/my-actions.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/template.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardProblems, cardText } from '../support/card-parser.js';

const fanOutRef = { fanOutId: 'fanout-2026-12-a-2026-12-CR-1-812', round: 1, sig: 's'.repeat(32) };
const fanOut = (over: Partial<FanOutCardData> = {}): FanOutCardData => ({ ref: fanOutRef, cycle: '2026-12', total: 812, sent: 340, failed: 2, waiting: 5, settled: false, ...over });
const row = (i: number, over: Partial<MyActionRow> = {}): MyActionRow => ({
  caseRef: `CR-${10000 + i}`,
  description: 'Update the chronology'.padEnd(200, '.'),
  state: '⚠ Overdue by 3 working days · due Mon 7 Dec 2026',
  open: { auditId: `a-2026-12-CR-${10000 + i}`, round: 1, sig: 's'.repeat(32), actionId: 'review-r1' },
  ...over,
});

const cards: [string, AdaptiveCard][] = [
  ['fan-out going', renderFanOut(fanOut())],
  ['fan-out going, nothing wrong', renderFanOut(fanOut({ failed: 0, waiting: 0 }))],
  ['fan-out settled', renderFanOut(fanOut({ sent: 805, settled: true }))],
  ['fan-out with every problem listed', renderFanOut(fanOut({ problems: Array.from({ length: 60 }, (_, i) => `CR-${i} · Christopher Evans-Smythe · failed: ${'x'.repeat(200)}`) }))],
  ['my actions, none', renderMyActions([])],
  ['my actions, more than fit', renderMyActions(Array.from({ length: MY_ACTIONS_MAX + 10 }, (_, i) => row(i)))],
];

describe('fan-out progress and "my actions" cards', () => {
  it.each(cards)('%s parses cleanly, has nothing unexpanded and stays under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
  });

  it('says how far it has got, and offers View failed only while something failed or waits', () => {
    expect(cardText(renderFanOut(fanOut()))).toContain('Sent 340 of 812 · 2 failed · 5 waiting for the app');
    expect(buttonTitles(renderFanOut(fanOut()))).toEqual(['View failed', 'Refresh']);
    expect(buttonTitles(renderFanOut(fanOut({ failed: 0, waiting: 0 })))).toEqual(['Refresh']);
    expect(cardText(renderFanOut(fanOut({ sent: 812, failed: 0, waiting: 0, settled: true })))).toContain('✓ Allocation cards sent · cycle 2026-12');
    const listed = renderFanOut(fanOut({ problems: Array.from({ length: FAN_OUT_MAX_PROBLEMS + 3 }, (_, i) => `CR-${i} · x · failed`) }));
    expect(cardText(listed)).toContain('…and 3 more.');
    expect(buttonTitles(listed)).toEqual(['Refresh']);
    for (const card of cards.map(([, c]) => c)) {
      for (const a of ((card as { actions?: { verb?: string }[] }).actions ?? [])) if (a.verb?.startsWith('fanout.')) expect(Object.keys(FAN_OUT_ACTIONS)).toContain(a.verb);
    }
  });

  it('lists at most a phone-screenful of actions and says how many there are', () => {
    const text = cardText(renderMyActions(Array.from({ length: MY_ACTIONS_MAX + 10 }, (_, i) => row(i))));
    expect(text).toContain(`Showing ${MY_ACTIONS_MAX} of ${MY_ACTIONS_MAX + 10}, most overdue first.`);
    expect(cardText(renderMyActions([row(1, { description: '${title} ${1+1}' })]))).toContain('${title} ${1+1}');
  });
});
