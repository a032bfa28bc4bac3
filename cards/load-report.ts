import template from './load-report.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

export interface LoadReportData {
  readonly fileName: string;
  readonly cycle: string;
  readonly created: number;
  readonly alreadyLoaded: number;
  readonly problems: readonly { line: number; reason: string }[];
  /** The cycle is outside the profile's rhythm (a Sandwell learning month). */
  readonly rhythmNote?: string;
  /** Reviews per manager against the profile's quota (BCP: one each a month). */
  readonly quotaNotes?: readonly string[];
}

/** Problems past this are counted, not listed, to stay under the card size limit. */
export const LOAD_REPORT_MAX_PROBLEMS = 30;

export function renderLoadReport(data: LoadReportData): AdaptiveCard {
  return expand(template, {
    ...data,
    problems: data.problems.slice(0, LOAD_REPORT_MAX_PROBLEMS),
    problemCount: data.problems.length,
    quotaNotes: data.quotaNotes ?? [],
  });
}
