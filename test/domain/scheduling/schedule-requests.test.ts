import { describe, expect, it } from 'vitest';
import { scheduleRequests } from '../../../workflow/scheduling/schedule-requests.js';
import { searchWindow } from '../../../workflow/scheduling/window.js';

const DAY = 86_400_000;
const people = (n: number) => Array.from({ length: n }, (_, i) => `person${i + 1}@council.example`);

describe('getSchedule requests: at most 20 schedules and under 62 days each', () => {
  /** [schedules, window days, calls, schedules per call (each time chunk), time chunks]. */
  const table: [number, number, number, number[], number][] = [
    [1, 1, 1, [1], 1],
    [4, 17, 1, [4], 1],
    [20, 61, 1, [20], 1],
    [21, 30, 2, [20, 1], 1],
    [45, 30, 3, [20, 20, 5], 1],
    [4, 62, 2, [4], 2],
    [4, 100, 2, [4], 2],
    [45, 130, 9, [20, 20, 5], 3],
  ];

  it.each(table)('%i schedules over %i days → %i calls', (n, days, calls, batchSizes, chunks) => {
    const start = '2026-03-02T00:00:00.000Z';
    const end = new Date(Date.parse(start) + days * DAY).toISOString();
    const requests = scheduleRequests(people(n), { start, end });
    expect(requests).toHaveLength(calls);
    for (const r of requests) {
      expect(r.schedules.length).toBeLessThanOrEqual(20);
      expect(Date.parse(r.end) - Date.parse(r.start)).toBeLessThan(62 * DAY);
      expect(Date.parse(r.end)).toBeGreaterThan(Date.parse(r.start));
    }
    const windows = [...new Set(requests.map((r) => `${r.start}/${r.end}`))];
    expect(windows).toHaveLength(chunks);
    // Every chunk asks about every schedule exactly once, in batches of the expected sizes.
    for (const w of windows) {
      const inChunk = requests.filter((r) => `${r.start}/${r.end}` === w);
      expect(inChunk.map((r) => r.schedules.length)).toEqual(batchSizes);
      expect(inChunk.flatMap((r) => r.schedules)).toEqual(people(n));
    }
    // The chunks tile the window: first start, last end, each starting where the one before ended.
    const sorted = windows.map((w) => w.split('/') as [string, string]);
    expect(sorted[0]![0]).toBe(start);
    expect(sorted[sorted.length - 1]![1]).toBe(end);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]![0]).toBe(sorted[i - 1]![1]);
  });

  it('asks about each address once, whatever its case, and skips blanks', () => {
    const requests = scheduleRequests(['Sam@Council.example', 'bea@council.example', 'sam@council.example', ' ', 'BEA@council.example'], {
      start: '2026-12-15T10:00:00Z',
      end: '2027-01-01T00:00:00Z',
    });
    expect(requests).toEqual([{ schedules: ['Sam@Council.example', 'bea@council.example'], start: '2026-12-15T10:00:00.000Z', end: '2027-01-01T00:00:00.000Z' }]);
  });

  it('asks nothing for nobody or an empty window', () => {
    expect(scheduleRequests([], { start: '2026-12-15T10:00:00Z', end: '2027-01-01T00:00:00Z' })).toEqual([]);
    expect(scheduleRequests(['a@x.example'], { start: '2026-12-15T10:00:00Z', end: '2026-12-15T10:00:00Z' })).toEqual([]);
  });

  it('covers the search window of an audit', () => {
    const window = searchWindow({ now: new Date('2026-12-14T10:00:00Z'), dueDate: '2026-12-31' });
    const requests = scheduleRequests(people(4), { start: window.earliest, end: window.deadline });
    expect(requests).toEqual([{ schedules: people(4), start: '2026-12-15T10:00:00.000Z', end: '2027-01-01T00:00:00.000Z' }]);
  });

  it('refuses limits Graph would refuse', () => {
    const window = { start: '2026-12-15T10:00:00Z', end: '2027-01-01T00:00:00Z' };
    expect(() => scheduleRequests(people(2), window, { maxSchedules: 21 })).toThrow(RangeError);
    expect(() => scheduleRequests(people(2), window, { maxWindowDays: 62 })).toThrow(RangeError);
    expect(() => scheduleRequests(people(2), { start: '2026-12-15T10:00:00', end: window.end })).toThrow(RangeError);
    expect(scheduleRequests(people(5), window, { maxSchedules: 2 }).map((r) => r.schedules.length)).toEqual([2, 2, 1]);
  });
});
