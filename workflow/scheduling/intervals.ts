/**
 * Half-open intervals of instants, [start, end) in milliseconds since the epoch. A meeting ending at 10:00 and
 * one starting at 10:00 do not overlap, so back-to-back bookings fit exactly.
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Sorted, with overlapping and touching intervals merged and empty ones dropped. */
export function normalise(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** Where both normalised lists hold. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i += 1;
    else j += 1;
  }
  return out;
}

/** The parts of normalised `a` outside normalised `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let start = x.start;
    while (j < b.length && b[j]!.end <= start) j += 1;
    let k = j;
    while (k < b.length && b[k]!.start < x.end) {
      const y = b[k]!;
      if (y.start > start) out.push({ start, end: y.start });
      start = Math.max(start, y.end);
      k += 1;
    }
    if (x.end > start) out.push({ start, end: x.end });
  }
  return out;
}

/** Whether [start, end) overlaps any interval of a normalised list (binary search). */
export function overlapsAny(list: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = list.length;
  // The first interval ending after `start`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const hit = list[lo];
  return hit !== undefined && hit.start < end;
}

/** Whether [start, end) lies wholly inside one interval of a normalised list. */
export function within(list: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end < end) lo = mid + 1;
    else hi = mid;
  }
  const hit = list[lo];
  return hit !== undefined && hit.start <= start;
}

/** Whether some interval is at least `lengthMs` long. */
export function hasRun(list: readonly Interval[], lengthMs: number): boolean {
  return list.some((i) => i.end - i.start >= lengthMs);
}
