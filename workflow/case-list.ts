import { CHILD_STATUSES, type ChildStatus } from './audit.js';
import type { Person } from './people.js';
import { hasRole } from './people.js';
import type { PolicyProfile } from './policy/profile.js';
import { reviewerConflict } from './reviewer-conflict.js';

/** A table as read from a CSV or Excel file; `line` is the row number the user sees in their file. */
export interface CaseListTable {
  readonly header: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

export interface CaseRow {
  readonly line: number;
  readonly caseRef: string;
  readonly serviceArea: string;
  readonly team: string;
  readonly practitioner: Person;
  readonly teamManager: Person;
  readonly serviceManager: Person;
  readonly childStatus: ChildStatus;
  readonly restricted: boolean;
  readonly reviewer: Person;
  /** Identifies the row's content, so reloading an unchanged row is recognised. */
  readonly fingerprint: string;
}

export interface RowProblem {
  readonly line: number;
  readonly caseRef?: string;
  readonly reason: string;
}

export interface CaseListCheck {
  readonly valid: readonly CaseRow[];
  /** Rows identical to a case already loaded in this cycle: loading them again creates nothing. */
  readonly alreadyLoaded: readonly { line: number; caseRef: string }[];
  readonly problems: readonly RowProblem[];
}

const COLUMNS = {
  caseRef: { label: 'Case reference', aliases: ['casereference', 'caseref', 'case', 'caseid', 'caseno', 'casenumber', 'reference'] },
  serviceArea: { label: 'Service area', aliases: ['servicearea', 'service'] },
  team: { label: 'Team', aliases: ['team', 'teamname'] },
  practitioner: { label: 'Allocated practitioner', aliases: ['allocatedpractitioner', 'practitioner', 'socialworker', 'allocatedworker', 'worker'] },
  teamManager: { label: 'Team manager', aliases: ['teammanager', 'tm'] },
  serviceManager: { label: 'Service manager', aliases: ['servicemanager', 'sm'] },
  childStatus: { label: 'Child status', aliases: ['childstatus', 'status', 'legalstatus'] },
  restricted: { label: 'Restricted record', aliases: ['restrictedrecord', 'restricted', 'restrictedflag', 'restrictedcase'] },
  reviewer: { label: 'Proposed reviewer', aliases: ['proposedreviewer', 'reviewer', 'auditor', 'allocatedreviewer'] },
} as const;
type Column = keyof typeof COLUMNS;

const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

const STATUS_WORDS: Record<string, ChildStatus> = {
  cin: 'CIN', childinneed: 'CIN',
  cp: 'CP', cpp: 'CP', childprotection: 'CP', childprotectionplan: 'CP',
  cla: 'CLA', lac: 'CLA', cic: 'CLA', childlookedafter: 'CLA', lookedafter: 'CLA', childincare: 'CLA',
  careleaver: 'Care leaver', cl: 'Care leaver',
  earlyhelp: 'Early help', eh: 'Early help',
};
const YES = new Set(['yes', 'y', 'true', '1', 'restricted']);
const NO = new Set(['no', 'n', 'false', '0', 'notrestricted']);

/** Case references are case-management ids; the pattern also keeps them safe as document ids. */
const CASE_REF = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

function locateColumns(header: readonly string[]): { at: Partial<Record<Column, number>>; missing: string[] } {
  const at: Partial<Record<Column, number>> = {};
  const names = header.map(normalise);
  for (const [column, spec] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
    const index = names.findIndex((n) => (spec.aliases as readonly string[]).includes(n));
    if (index >= 0) at[column] = index;
  }
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => at[c] === undefined).map((c) => COLUMNS[c].label);
  return { at, missing };
}

/** Finds a person by id, e-mail, or a display name that matches exactly one person. */
function resolvePerson(text: string, people: readonly Person[]): Person | string {
  const key = text.trim().toLowerCase();
  const byId = people.find((p) => p.id.toLowerCase() === key || p.email.toLowerCase() === key);
  if (byId) return byId;
  const byName = people.filter((p) => p.name.trim().toLowerCase().replace(/\s+/g, ' ') === key.replace(/\s+/g, ' '));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) return `"${text}" matches ${byName.length} people: use their e-mail address`;
  return `"${text}" is not in the directory`;
}

export function validateCaseList(
  table: CaseListTable,
  people: readonly Person[],
  profile: PolicyProfile,
  /** Fingerprints of the cases already loaded in this cycle, by case reference. */
  existing: ReadonlyMap<string, string>,
): CaseListCheck {
  const headerLine = (table.rows[0]?.line ?? 2) - 1;
  const { at, missing } = locateColumns(table.header);
  if (missing.length > 0) {
    return {
      valid: [],
      alreadyLoaded: [],
      problems: missing.map((label) => ({ line: headerLine, reason: `Missing column: ${label}` })),
    };
  }
  const valid: CaseRow[] = [];
  const alreadyLoaded: { line: number; caseRef: string }[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();

  for (const row of table.rows) {
    const cell = (c: Column) => (row.cells[at[c]!] ?? '').trim();
    const reasons: string[] = [];
    const caseRef = cell('caseRef');
    const required = (c: Column): string | undefined => {
      const value = cell(c);
      if (!value) reasons.push(`Missing ${COLUMNS[c].label.toLowerCase()}`);
      return value || undefined;
    };
    const person = (c: Column): Person | undefined => {
      const value = required(c);
      if (!value) return undefined;
      const found = resolvePerson(value, people);
      if (typeof found === 'string') {
        reasons.push(`Unknown person in ${COLUMNS[c].label.toLowerCase()}: ${found}`);
        return undefined;
      }
      return found;
    };

    if (caseRef && !CASE_REF.test(caseRef)) {
      reasons.push(`Case reference "${caseRef}" must be letters, digits and dashes (at most 40)`);
    } else required('caseRef');
    const serviceArea = required('serviceArea');
    const team = required('team');
    const practitioner = person('practitioner');
    const teamManager = person('teamManager');
    const serviceManager = person('serviceManager');
    const reviewer = person('reviewer');

    const statusText = required('childStatus');
    const childStatus = statusText ? STATUS_WORDS[normalise(statusText)] : undefined;
    if (statusText && !childStatus) {
      reasons.push(`Child status "${statusText}" is not one of ${CHILD_STATUSES.join(', ')}`);
    }
    const restrictedText = normalise(cell('restricted'));
    const restricted = YES.has(restrictedText) ? true : NO.has(restrictedText) ? false : undefined;
    if (restricted === undefined) {
      reasons.push(restrictedText ? `Restricted record must be Yes or No, not "${cell('restricted')}"` : 'Missing restricted record flag (Yes or No)');
    }

    if (reviewer && !hasRole(reviewer, 'reviewer')) reasons.push(`${reviewer.name} is not a reviewer`);
    const conflict = reviewer && practitioner && teamManager && reviewerConflict(reviewer, { practitionerId: practitioner.id, teamManagerId: teamManager.id }, profile, people);
    if (conflict === 'ownWork') reasons.push(`${reviewer!.name} cannot review a case they are the practitioner for`);
    if (conflict === 'ownLine') reasons.push(`${reviewer!.name} cannot review a case they are the line manager for`);

    if (caseRef && CASE_REF.test(caseRef)) {
      const earlier = seen.get(caseRef.toUpperCase());
      if (earlier !== undefined) reasons.push(`Duplicate case in the cycle: ${caseRef} is also on line ${earlier}`);
      else seen.set(caseRef.toUpperCase(), row.line);
    }

    if (reasons.length > 0 || !practitioner || !teamManager || !serviceManager || !reviewer || !childStatus || restricted === undefined) {
      problems.push({ line: row.line, ...(caseRef ? { caseRef } : {}), reason: reasons.join('; ') });
      continue;
    }
    const fingerprint = [caseRef.toUpperCase(), serviceArea, team, practitioner.id, teamManager.id, serviceManager.id, childStatus, restricted, reviewer.id].join('|');
    const loaded = existing.get(caseRef.toUpperCase());
    if (loaded === fingerprint) {
      alreadyLoaded.push({ line: row.line, caseRef });
      continue;
    }
    if (loaded !== undefined) {
      problems.push({ line: row.line, caseRef, reason: `Duplicate case in the cycle: ${caseRef} was already loaded with different details` });
      continue;
    }
    valid.push({
      line: row.line,
      caseRef: caseRef.toUpperCase(),
      serviceArea: serviceArea!,
      team: team!,
      practitioner,
      teamManager,
      serviceManager,
      childStatus,
      restricted,
      reviewer,
      fingerprint,
    });
  }
  return { valid, alreadyLoaded, problems };
}
