/**
 * The grading scale of all five frameworks (Ofsted ILACS-aligned). It is ordinal:
 * Outstanding > Good > Requires Improvement > Inadequate.
 */
export const GRADES = ['outstanding', 'good', 'requiresImprovement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Readonly<Record<Grade, string>> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requiresImprovement: 'Requires Improvement',
  inadequate: 'Inadequate',
};

/** Higher is better: Inadequate 1 … Outstanding 4. */
const RANK: Readonly<Record<Grade, number>> = { inadequate: 1, requiresImprovement: 2, good: 3, outstanding: 4 };

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/** Positive when `a` is better than `b`, negative when worse, 0 when the same (usable with `sort`). */
export function compareGrades(a: Grade, b: Grade): number {
  return RANK[a] - RANK[b];
}

export function isBetter(a: Grade, b: Grade): boolean {
  return compareGrades(a, b) > 0;
}

export function isWorse(a: Grade, b: Grade): boolean {
  return compareGrades(a, b) < 0;
}

/** "raised", "lowered" or "unchanged": the direction of a change from `from` to `to`. */
export function gradeChange(from: Grade, to: Grade): 'raised' | 'lowered' | 'unchanged' {
  const c = compareGrades(to, from);
  return c > 0 ? 'raised' : c < 0 ? 'lowered' : 'unchanged';
}
