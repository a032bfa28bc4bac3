import type { Grade } from '../grades.js';
import type { PolicyProfile } from '../policy/profile.js';

/**
 * Which submitted audits are moderated. Pure and reproducible: the decision depends only on the profile,
 * the overall grade as submitted, the submission's ordinal in its cycle and the cycle's seed, and it is
 * recorded on the audit with its reason.
 *
 * Profiles moderating 100% moderate everything. Below 100% (BCP: 20%) the rule is systematic sampling with a
 * seeded random start: with rate r and a per-cycle offset u in [0, 1) derived from the seed, the n-th
 * submission of the cycle (1-based) is drawn iff floor(n·r + u) > floor((n−1)·r + u). Then after any n
 * submissions exactly floor(n·r + u) have been drawn — r·n rounded down or up — so the rate holds at every
 * point of the month: neither the early audits all, nor none of them. Where the profile says so, every
 * Inadequate (overall, as submitted) is moderated as well, whether drawn or not.
 */

/** Rates and offsets are held as integers on this scale, so the rule is exact (no floating-point drift). */
const SCALE = 1_000_000;

export interface SubmissionDraw {
  /** 1 for the cycle's first submission, 2 for the second, … */
  readonly ordinal: number;
  readonly seed: string;
}

export type SamplingRule = 'all' | 'inadequate' | 'draw';

export interface SamplingDecision {
  readonly sampled: boolean;
  readonly rule: SamplingRule;
  /** "sampled: Inadequate", "sampled: 20% draw, seed s-1, submission 7", "not sampled: 20% draw, seed s-1, submission 8". */
  readonly reason: string;
  readonly ordinal?: number;
  readonly seed?: string;
}

export interface SamplingRecord extends SamplingDecision {
  readonly at: string;
}

/** 32-bit FNV-1a, then a murmur3 finaliser to spread nearby seeds apart. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed's offset u in [0, 1), as an integer on SCALE. */
function offsetUnits(seed: string): number {
  return Math.floor((hash32(seed) / 2 ** 32) * SCALE);
}

/** The seed's offset u in [0, 1) (what the rule adds to n·r). */
export function seedOffset(seed: string): number {
  return offsetUnits(seed) / SCALE;
}

function rateUnits(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`A sample rate is between 0 and 1 (got ${rate}).`);
  return Math.round(rate * SCALE);
}

/** Whether the `ordinal`-th submission is drawn at `rate` with this seed. */
export function isDrawn(ordinal: number, rate: number, seed: string): boolean {
  if (!Number.isInteger(ordinal) || ordinal < 1) throw new RangeError(`A submission ordinal is 1 or more (got ${ordinal}).`);
  const r = rateUnits(rate);
  const u = offsetUnits(seed);
  return Math.floor((ordinal * r + u) / SCALE) > Math.floor(((ordinal - 1) * r + u) / SCALE);
}

/** How many of the first `n` submissions are drawn: floor(n·r + u). */
export function drawnAmongFirst(n: number, rate: number, seed: string): number {
  return Math.floor((n * rateUnits(rate) + offsetUnits(seed)) / SCALE);
}

/** True when the profile samples below 100%, so a submission needs its ordinal and the cycle's seed. */
export function needsDraw(profile: PolicyProfile): boolean {
  return profile.moderation.sampleRate < 1;
}

/** "20%", "12.5%". */
export function formatRate(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

/**
 * The sampling decision for one submission. `draw` is required when `needsDraw(profile)`.
 */
export function decideSampling(profile: PolicyProfile, overall: Grade, draw?: SubmissionDraw): SamplingDecision {
  const { sampleRate, alwaysModerateInadequate } = profile.moderation;
  if (!needsDraw(profile)) return { sampled: true, rule: 'all', reason: 'sampled: 100% of audits are moderated' };
  if (!draw) throw new Error(`Profile ${profile.id} samples ${formatRate(sampleRate)}: a submission ordinal and seed are needed.`);
  const where = `${formatRate(sampleRate)} draw, seed ${draw.seed}, submission ${draw.ordinal}`;
  const drawn = isDrawn(draw.ordinal, sampleRate, draw.seed);
  const recorded = { ordinal: draw.ordinal, seed: draw.seed };
  if (overall === 'inadequate' && alwaysModerateInadequate) {
    return { sampled: true, rule: 'inadequate', reason: `sampled: Inadequate (${where}: ${drawn ? 'also drawn' : 'not drawn'})`, ...recorded };
  }
  return drawn
    ? { sampled: true, rule: 'draw', reason: `sampled: ${where}`, ...recorded }
    : { sampled: false, rule: 'draw', reason: `not sampled: ${where}`, ...recorded };
}
