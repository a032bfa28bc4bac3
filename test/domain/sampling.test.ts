import { describe, expect, it } from 'vitest';
import type { Grade } from '../../workflow/grades.js';
import { decideSampling, drawnAmongFirst, isDrawn, needsDraw, seedOffset, type SamplingDecision } from '../../workflow/moderation/sampling.js';
import type { PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';

/** A small deterministic generator (mulberry32), so the simulated month is the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The overall grades of a month's submissions, in order: ~10% Inadequate, the rest spread over the scale. */
function aMonth(count: number, inadequateShare = 0.1, seed = 2025): Grade[] {
  const next = generator(seed);
  return Array.from({ length: count }, () => {
    const x = next();
    if (x < inadequateShare) return 'inadequate';
    return (['requiresImprovement', 'good', 'good', 'outstanding'] as const)[Math.floor(next() * 4)]!;
  });
}

interface Simulation {
  readonly decisions: SamplingDecision[];
  readonly sampledPositions: number[];
  readonly inadequatePositions: number[];
  readonly drawnPositions: number[];
}

function simulate(profile: PolicyProfile, grades: readonly Grade[], seed: string): Simulation {
  const decisions = grades.map((g, i) => decideSampling(profile, g, needsDraw(profile) ? { ordinal: i + 1, seed } : undefined));
  const positions = (keep: (i: number) => boolean) => grades.map((_, i) => i + 1).filter((n) => keep(n - 1));
  return {
    decisions,
    sampledPositions: positions((i) => decisions[i]!.sampled),
    inadequatePositions: positions((i) => grades[i] === 'inadequate'),
    drawnPositions: needsDraw(profile) ? positions((i) => isDrawn(i + 1, profile.moderation.sampleRate, seed)) : positions(() => true),
  };
}

const MONTH = aMonth(100);
const SEED = 'cycle-seed-2026-12';

describe('systematic sampling with a seeded start', () => {
  it('draws exactly floor(n·r + u) of the first n, for every n and many seeds', () => {
    for (let s = 0; s < 200; s += 1) {
      const seed = `seed-${s}`;
      let drawn = 0;
      for (let n = 1; n <= 300; n += 1) {
        if (isDrawn(n, 0.2, seed)) drawn += 1;
        expect(drawn).toBe(drawnAmongFirst(n, 0.2, seed));
        expect(drawn).toBe(Math.floor(n * 0.2 + seedOffset(seed) + 1e-9));
      }
    }
  });

  it('rates that do not divide evenly are still exact (no floating-point drift)', () => {
    for (const rate of [0.29, 0.1, 1 / 3, 0.07]) {
      let drawn = 0;
      for (let n = 1; n <= 1000; n += 1) {
        if (isDrawn(n, rate, 'x')) drawn += 1;
        expect(Math.abs(drawn - n * rate)).toBeLessThan(1);
      }
    }
  });

  it('the offset is in [0, 1), fixed by the seed, and differs between seeds', () => {
    const offsets = Array.from({ length: 500 }, (_, i) => seedOffset(`seed-${i}`));
    expect(offsets.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(seedOffset('seed-7')).toBe(seedOffset('seed-7'));
    expect(new Set(offsets.map((u) => Math.floor(u * 5))).size).toBe(5); // every start position among 5 is reachable
  });

  it('rate 0 draws nothing and rate 1 draws everything', () => {
    expect(Array.from({ length: 50 }, (_, i) => isDrawn(i + 1, 0, 's')).some(Boolean)).toBe(false);
    expect(Array.from({ length: 50 }, (_, i) => isDrawn(i + 1, 1, 's')).every(Boolean)).toBe(true);
  });

  it('records its reason', () => {
    const bcp = loadProfile('bcp');
    const drawnAt = Array.from({ length: 5 }, (_, i) => i + 1).find((n) => isDrawn(n, 0.2, 's-1'))!;
    const notDrawnAt = Array.from({ length: 5 }, (_, i) => i + 1).find((n) => !isDrawn(n, 0.2, 's-1'))!;
    expect(decideSampling(bcp, 'good', { ordinal: drawnAt, seed: 's-1' })).toEqual({
      sampled: true,
      rule: 'draw',
      reason: `sampled: 20% draw, seed s-1, submission ${drawnAt}`,
      ordinal: drawnAt,
      seed: 's-1',
    });
    expect(decideSampling(bcp, 'outstanding', { ordinal: notDrawnAt, seed: 's-1' })).toEqual({
      sampled: false,
      rule: 'draw',
      reason: `not sampled: 20% draw, seed s-1, submission ${notDrawnAt}`,
      ordinal: notDrawnAt,
      seed: 's-1',
    });
    expect(decideSampling(bcp, 'inadequate', { ordinal: notDrawnAt, seed: 's-1' })).toMatchObject({
      sampled: true,
      rule: 'inadequate',
      reason: `sampled: Inadequate (20% draw, seed s-1, submission ${notDrawnAt}: not drawn)`,
    });
    expect(decideSampling(loadProfile('west-sussex'), 'good')).toEqual({ sampled: true, rule: 'all', reason: 'sampled: 100% of audits are moderated' });
    expect(() => decideSampling(bcp, 'good')).toThrow(/ordinal and seed are needed/);
  });
});

describe.each(SHIPPED_PROFILE_IDS)('a simulated month of 100 submissions under %s', (id) => {
  const profile = loadProfile(id);
  const rate = profile.moderation.sampleRate;
  const month = simulate(profile, MONTH, SEED);

  it('meets the sample rate at every point of the month (within rounding)', () => {
    for (let n = 1; n <= MONTH.length; n += 1) {
      const drawn = month.drawnPositions.filter((p) => p <= n).length;
      expect(drawn, `after ${n} submissions`).toBeGreaterThanOrEqual(Math.floor(n * rate));
      expect(drawn, `after ${n} submissions`).toBeLessThanOrEqual(Math.ceil(n * rate));
    }
  });

  it('samples neither all of the early audits nor none of them', () => {
    const early = month.sampledPositions.filter((p) => p <= 10).length;
    if (rate === 1) expect(early).toBe(10);
    else {
      expect(early).toBeGreaterThan(0);
      expect(early).toBeLessThan(10);
    }
  });

  it('includes every Inadequate', () => {
    expect(month.inadequatePositions.length).toBeGreaterThan(0);
    for (const p of month.inadequatePositions) expect(month.sampledPositions).toContain(p);
  });

  it('gives the same sample for the same seed', () => {
    expect(simulate(profile, MONTH, SEED)).toEqual(month);
  });

  it(rate < 1 ? 'draws different positions for a different seed' : 'moderates everything whatever the seed', () => {
    const other = simulate(profile, MONTH, 'another-seed');
    if (rate < 1) expect(other.drawnPositions).not.toEqual(month.drawnPositions);
    else expect(other.sampledPositions).toEqual(month.sampledPositions);
  });

  it('records a reason for every decision', () => {
    for (const d of month.decisions) expect(d.reason).toMatch(d.sampled ? /^sampled: / : /^not sampled: /);
  });
});

// The figures for the note on issue 3: a 100-audit BCP month with ~10% Inadequate.
const bcp = simulate(loadProfile('bcp'), MONTH, SEED);
const inadequateNotDrawn = bcp.inadequatePositions.filter((p) => !bcp.drawnPositions.includes(p)).length;
const FIGURES =
  `BCP, 100 submissions, seed "${SEED}" (offset u = ${seedOffset(SEED).toFixed(6)}): ` +
  `${bcp.inadequatePositions.length} Inadequate; ${bcp.drawnPositions.length} drawn by the 20% rule; ` +
  `${bcp.sampledPositions.length} sampled in all (${inadequateNotDrawn} Inadequate not drawn added) = ${bcp.sampledPositions.length}% moderated; ` +
  `draw rate achieved ${bcp.drawnPositions.length}%`;

describe('the BCP figures', () => {
  it(FIGURES, () => {
    console.log(FIGURES);
    console.log(`  drawn positions: ${bcp.drawnPositions.join(', ')}`);
    console.log(`  Inadequate positions: ${bcp.inadequatePositions.join(', ')}`);
    expect(bcp.drawnPositions).toHaveLength(20);
    expect(bcp.sampledPositions).toHaveLength(20 + inadequateNotDrawn);
    // Over many seeds and months the draw is exactly 20 in 100, always: the seed moves positions, not the count.
    for (let s = 0; s < 100; s += 1) expect(simulate(loadProfile('bcp'), aMonth(100, 0.1, s), `seed-${s}`).drawnPositions).toHaveLength(20);
  });
});
