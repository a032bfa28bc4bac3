import type { CaseListTable } from '../../workflow/case-list.js';
import { cast } from './cast.js';

/** The columns of a case list, in the order of the standard template. */
export interface CaseListRow {
  caseRef: string;
  serviceArea: string;
  team: string;
  practitioner: string;
  teamManager: string;
  serviceManager: string;
  childStatus: string;
  restricted: string;
  reviewer: string;
}

export const STANDARD_HEADER: Record<keyof CaseListRow, string> = {
  caseRef: 'Case reference',
  serviceArea: 'Service area',
  team: 'Team',
  practitioner: 'Allocated practitioner',
  teamManager: 'Team manager',
  serviceManager: 'Service manager',
  childStatus: 'Child status',
  restricted: 'Restricted record',
  reviewer: 'Proposed reviewer',
};

const COLUMN_ORDER = Object.keys(STANDARD_HEADER) as (keyof CaseListRow)[];

/**
 * `aCaseList().row({ caseRef: 'CR-1' }).row({ reviewer: 'nobody' }).build()`: rows start on line 2, under the header.
 * Every row is a good one (the demo cast, by e-mail) except for what it overrides.
 */
export function aCaseList(): CaseListBuilder {
  return new CaseListBuilder();
}

export class CaseListBuilder {
  private header: string[] = COLUMN_ORDER.map((c) => STANDARD_HEADER[c]);
  private columns: (keyof CaseListRow | undefined)[] = [...COLUMN_ORDER];
  private readonly rows: string[][] = [];

  /** Renames columns (aliases such as "Case Ref"), keeping their order. */
  withHeaderNames(names: Partial<Record<keyof CaseListRow, string>>): this {
    this.header = this.columns.map((c, i) => (c && names[c]) ?? this.header[i]!);
    return this;
  }

  /** Drops a column from the header and from every row. */
  withoutColumn(column: keyof CaseListRow): this {
    const index = this.columns.indexOf(column);
    if (index >= 0) {
      this.header.splice(index, 1);
      this.columns.splice(index, 1);
      for (const row of this.rows) row.splice(index, 1);
    }
    return this;
  }

  row(overrides: Partial<CaseListRow> = {}): this {
    const values: CaseListRow = { ...defaultRow(this.rows.length + 1), ...overrides };
    this.rows.push(this.columns.map((c) => (c ? values[c] : '')));
    return this;
  }

  /** A row given cell by cell (short rows, odd content). */
  rawRow(cells: string[]): this {
    this.rows.push([...cells]);
    return this;
  }

  build(): CaseListTable {
    return { header: [...this.header], rows: this.rows.map((cells, i) => ({ line: i + 2, cells: [...cells] })) };
  }
}

function defaultRow(n: number): CaseListRow {
  return {
    caseRef: `CR-${1000 + n}`,
    serviceArea: 'Children in Need',
    team: 'Assessment Team A',
    practitioner: cast.practitioner.email,
    teamManager: cast.teamManager.email,
    serviceManager: cast.serviceManager.email,
    childStatus: 'CIN',
    restricted: 'No',
    reviewer: cast.reviewer.email,
  };
}
