import template from './fan-out.json' with { type: 'json' };
import { z } from 'zod';
import { cardActions, fanOutRef, type FanOutRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const FAN_OUT_ACTIONS = cardActions(['fanout.refresh', 'fanout.failed'], z.object(fanOutRef), { family: 'fanout', id: 'fanOutId' });
export type FanOutVerb = keyof typeof FAN_OUT_ACTIONS;

/** Lines past this are counted, not listed, to stay well under the card size limit. */
export const FAN_OUT_MAX_PROBLEMS = 25;

export interface FanOutCardData {
  /** Signed for the fan-out (its id where other cards carry an audit id). */
  readonly ref: FanOutRef;
  readonly cycle: string;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly waiting: number;
  /** Every card is sent, failed or waiting. */
  readonly settled: boolean;
  /** "CR-10421 · Chris Evans: blocked the bot", when the coordinator asked to see them. */
  readonly problems?: readonly string[];
}

/** The coordinator's card for a long fan-out of allocation cards, updated in place as they go. */
export function renderFanOut(data: FanOutCardData): AdaptiveCard {
  const parts = [`Sent ${data.sent} of ${data.total}`];
  if (data.failed > 0) parts.push(`${data.failed} failed`);
  if (data.waiting > 0) parts.push(`${data.waiting} waiting for the app`);
  const problems = data.problems ?? [];
  return expand(template, {
    ref: data.ref,
    title: data.settled ? `✓ Allocation cards sent · cycle ${data.cycle}` : `Sending allocation cards · cycle ${data.cycle}`,
    progress: parts.join(' · '),
    explain:
      data.failed + data.waiting > 0
        ? 'Failed: the person blocked or removed the app, or delivery gave up. Waiting: they have not opened the app yet; their card goes when they do.'
        : data.settled
          ? ''
          : 'This card updates as the cards go out.',
    problems: problems.slice(0, FAN_OUT_MAX_PROBLEMS),
    moreProblems: Math.max(0, problems.length - FAN_OUT_MAX_PROBLEMS),
    showView: data.failed + data.waiting > 0 && problems.length === 0,
  });
}
