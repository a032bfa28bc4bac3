import type { Clock } from '../../graph/throttle.js';

/** Time stands still until someone sleeps; a sleep moves it on at once. */
export function manualClock(start = 0): Clock & { readonly slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += Math.max(0, ms);
    },
  };
}
