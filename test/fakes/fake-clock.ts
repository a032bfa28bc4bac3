import type { Clock } from '../../workflow/ports.js';

/** A clock that only moves when told. Starts at 09:00 UTC on 1 December 2026 unless given a start. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2026-12-01T09:00:00.000Z') {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`FakeClock: bad start ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** The current time as an ISO string, as the domain records it. */
  iso(): string {
    return this.now().toISOString();
  }

  set(to: string | Date): this {
    this.current = new Date(to).getTime();
    return this;
  }

  advance(by: { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number } | number): this {
    const ms =
      typeof by === 'number'
        ? by
        : (by.ms ?? 0) + (by.seconds ?? 0) * 1_000 + (by.minutes ?? 0) * 60_000 + (by.hours ?? 0) * 3_600_000 + (by.days ?? 0) * 86_400_000;
    this.current += ms;
    return this;
  }
}
