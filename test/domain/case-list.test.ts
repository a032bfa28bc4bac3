import { describe, expect, it } from 'vitest';
import { validateCaseList, type CaseListTable } from '../../workflow/case-list.js';
import type { Person } from '../../workflow/people.js';
import type { PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { aCaseList, aPerson, cast, castList, type CaseListRow } from '../fakes/index.js';

const profile = loadProfile('west-sussex');
const { reviewer, secondReviewer, practitioner, colleague, teamManager, serviceManager } = cast;

/** Two people share a display name: a name alone cannot say which one is meant. */
const alexInAssessment = aPerson().named('Alex Morgan').withId('p-alex-1').withEmail('alex.morgan@example.gov.uk').withRoles('practitioner').build();
const alexInCiC = aPerson().named('Alex Morgan').withId('p-alex-2').withEmail('a.morgan2@example.gov.uk').withRoles('reviewer').build();
const people: readonly Person[] = [...castList, alexInAssessment, alexInCiC];

const noneLoaded = new Map<string, string>();
const check = (table: CaseListTable, existing: ReadonlyMap<string, string> = noneLoaded, policy: PolicyProfile = profile) =>
  validateCaseList(table, people, policy, existing);

describe('a bad row is reported by its line, with the reason, and the good rows around it survive', () => {
  const badRows: [string, Partial<CaseListRow>, string][] = [
    ['an unknown person', { reviewer: 'nobody@example.gov.uk' }, 'Unknown person in proposed reviewer: "nobody@example.gov.uk" is not in the directory'],
    ['an unknown team manager', { teamManager: 'Tim Fletcher' }, 'Unknown person in team manager: "Tim Fletcher" is not in the directory'],
    ['an ambiguous name', { practitioner: 'Alex Morgan' }, '"Alex Morgan" matches 2 people: use their e-mail address'],
    ['a missing service area', { serviceArea: '' }, 'Missing service area'],
    ['a missing team (spaces only)', { team: '   ' }, 'Missing team'],
    ['a missing practitioner', { practitioner: '' }, 'Missing allocated practitioner'],
    ['a missing reviewer', { reviewer: '' }, 'Missing proposed reviewer'],
    ['a missing child status', { childStatus: '' }, 'Missing child status'],
    ['a bad child status', { childStatus: 'Adopted' }, 'Child status "Adopted" is not one of CIN, CP, CLA, Care leaver, Early help'],
    ['a bad restricted flag', { restricted: 'Maybe' }, 'Restricted record must be Yes or No, not "Maybe"'],
    ['a missing restricted flag', { restricted: '' }, 'Missing restricted record flag (Yes or No)'],
    ['a reviewer without the reviewer role', { reviewer: colleague.email }, 'Noah Byrne is not a reviewer'],
    ['a reviewer who is the practitioner', { practitioner: secondReviewer.email, reviewer: secondReviewer.email }, 'Raj Malhotra cannot review a case they are the practitioner for'],
    ['a reviewer who is the team manager', { reviewer: teamManager.email }, 'Tom Fletcher cannot review a case they are the line manager for'],
    [
      'a reviewer who is the practitioner’s line manager, though another TM is named',
      { teamManager: secondReviewer.email, reviewer: teamManager.email },
      'Tom Fletcher cannot review a case they are the line manager for',
    ],
    ['a case reference with a space', { caseRef: 'CR 1001' }, 'Case reference "CR 1001" must be letters, digits and dashes (at most 40)'],
    ['a case reference that is too long', { caseRef: 'C'.repeat(41) }, 'must be letters, digits and dashes (at most 40)'],
  ];

  it.each(badRows)('%s', (_what, overrides, reason) => {
    const table = aCaseList().row({ caseRef: 'CR-1' }).row({ caseRef: 'CR-2', ...overrides }).row({ caseRef: 'CR-3' }).build();
    const result = check(table);

    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(3);
    expect(result.problems[0]!.reason).toContain(reason);
    expect(result.valid.map((r) => [r.line, r.caseRef])).toEqual([
      [2, 'CR-1'],
      [4, 'CR-3'],
    ]);
    expect(result.alreadyLoaded).toEqual([]);
  });

  it('a row missing its case reference is reported without one', () => {
    const result = check(aCaseList().row({ caseRef: '' }).build());
    expect(result.problems).toEqual([{ line: 2, reason: 'Missing case reference' }]);
  });

  it('every reason in a row is given at once, so the coordinator fixes the row in one go', () => {
    const result = check(aCaseList().row({ caseRef: 'CR-9', team: '', childStatus: 'Adopted', reviewer: colleague.email }).build());
    expect(result.problems).toEqual([
      {
        line: 2,
        caseRef: 'CR-9',
        reason: 'Missing team; Child status "Adopted" is not one of CIN, CP, CLA, Care leaver, Early help; Noah Byrne is not a reviewer',
      },
    ]);
  });

  it('a short row (fewer cells than the header) reports the missing values', () => {
    const result = check(aCaseList().rawRow(['CR-7', 'Children in Need']).build());
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.reason).toContain('Missing team');
    expect(result.problems[0]!.reason).toContain('Missing proposed reviewer');
    expect(result.problems[0]!.reason).toContain('Missing restricted record flag');
  });

  it('a manager may audit a case in their own line where the profile allows it (BCP, BC-03)', () => {
    const insideTheLine: PolicyProfile = { ...profile, reviewers: { mayReviewOwnLine: true } };
    const result = check(aCaseList().row({ reviewer: teamManager.email }).build(), noneLoaded, insideTheLine);
    expect(result.problems).toEqual([]);
    expect(result.valid[0]!.reviewer.id).toBe(teamManager.id);
  });

  it('nobody audits their own work, even where managers may audit inside their line', () => {
    const insideTheLine: PolicyProfile = { ...profile, reviewers: { mayReviewOwnLine: true } };
    const result = check(aCaseList().row({ practitioner: secondReviewer.email, reviewer: secondReviewer.email }).build(), noneLoaded, insideTheLine);
    expect(result.problems[0]!.reason).toContain('cannot review a case they are the practitioner for');
  });
});

describe('duplicates', () => {
  it('a case listed twice in the file is a problem on the second line, naming the first', () => {
    const table = aCaseList().row({ caseRef: 'CR-1' }).row({ caseRef: 'CR-2' }).row({ caseRef: 'cr-1', reviewer: secondReviewer.email }).build();
    const result = check(table);

    expect(result.valid.map((r) => r.caseRef)).toEqual(['CR-1', 'CR-2']);
    expect(result.problems).toEqual([{ line: 4, caseRef: 'cr-1', reason: 'Duplicate case in the cycle: cr-1 is also on line 2' }]);
  });

  it('a case already loaded in the cycle with different details is a problem', () => {
    const first = check(aCaseList().row({ caseRef: 'CR-1' }).build());
    const loaded = new Map(first.valid.map((r) => [r.caseRef, r.fingerprint]));

    const result = check(aCaseList().row({ caseRef: 'CR-1', reviewer: secondReviewer.email }).row({ caseRef: 'CR-2' }).build(), loaded);

    expect(result.problems).toEqual([
      { line: 2, caseRef: 'CR-1', reason: 'Duplicate case in the cycle: CR-1 was already loaded with different details' },
    ]);
    expect(result.valid.map((r) => r.caseRef)).toEqual(['CR-2']);
  });

  it('an identical reload is reported as already loaded, not as new and not as a problem', () => {
    const table = aCaseList().row({ caseRef: 'cr-1' }).row({ caseRef: 'CR-2', restricted: 'Yes' }).build();
    const first = check(table);
    const loaded = new Map(first.valid.map((r) => [r.caseRef, r.fingerprint]));

    const again = check(table, loaded);

    expect(first.valid).toHaveLength(2);
    expect(again.valid).toEqual([]);
    expect(again.problems).toEqual([]);
    expect(again.alreadyLoaded).toEqual([
      { line: 2, caseRef: 'cr-1' },
      { line: 3, caseRef: 'CR-2' },
    ]);
  });

  it('the same person written differently (name, then e-mail) is still the same row', () => {
    const byName = check(aCaseList().row({ caseRef: 'CR-1', reviewer: 'Rhea Okafor', practitioner: 'Priya Shah' }).build());
    const loaded = new Map(byName.valid.map((r) => [r.caseRef, r.fingerprint]));
    const byEmail = check(aCaseList().row({ caseRef: 'CR-1', reviewer: reviewer.email, practitioner: practitioner.email }).build(), loaded);
    expect(byEmail.alreadyLoaded).toEqual([{ line: 2, caseRef: 'CR-1' }]);
  });
});

describe('the header', () => {
  it('a missing column is reported against the header line, and no row is read', () => {
    const result = check(aCaseList().row().row().withoutColumn('team').build());
    expect(result).toEqual({ valid: [], alreadyLoaded: [], problems: [{ line: 1, reason: 'Missing column: Team' }] });
  });

  it('each missing column is reported', () => {
    const result = check(aCaseList().row().withoutColumn('restricted').withoutColumn('reviewer').build());
    expect(result.problems).toEqual([
      { line: 1, reason: 'Missing column: Restricted record' },
      { line: 1, reason: 'Missing column: Proposed reviewer' },
    ]);
  });

  it('common aliases are understood, whatever their case and punctuation', () => {
    const table = aCaseList()
      .withHeaderNames({
        caseRef: 'Case Ref',
        serviceArea: 'Service',
        team: 'Team name',
        practitioner: 'Social worker',
        teamManager: 'TM',
        serviceManager: 'S.M.',
        childStatus: 'Legal status',
        restricted: 'Restricted?',
        reviewer: 'Auditor',
      })
      .row({ caseRef: 'CR-1' })
      .build();
    const result = check(table);
    expect(result.problems).toEqual([]);
    expect(result.valid[0]).toMatchObject({
      caseRef: 'CR-1',
      practitioner: { id: practitioner.id },
      teamManager: { id: teamManager.id },
      serviceManager: { id: serviceManager.id },
      reviewer: { id: reviewer.id },
    });
  });

  it('columns may come in any order', () => {
    const normal = aCaseList().row({ caseRef: 'CR-1' }).build();
    const reversed: CaseListTable = {
      header: [...normal.header].reverse(),
      rows: normal.rows.map((r) => ({ line: r.line, cells: [...r.cells].reverse() })),
    };
    expect(check(reversed).valid.map((r) => r.fingerprint)).toEqual(check(normal).valid.map((r) => r.fingerprint));
  });
});

describe('reading a good row', () => {
  it.each([
    ['e-mail', reviewer.email],
    ['e-mail in capitals', reviewer.email.toUpperCase()],
    ['directory id', reviewer.id],
    ['unique name', 'Rhea Okafor'],
    ['unique name, odd spacing and case', '  rhea   OKAFOR '],
  ])('finds a person by %s', (_how, text) => {
    const result = check(aCaseList().row({ reviewer: text }).build());
    expect(result.problems).toEqual([]);
    expect(result.valid[0]!.reviewer.id).toBe(reviewer.id);
  });

  it('a name shared by two people is resolved by their e-mail address', () => {
    const result = check(aCaseList().row({ reviewer: alexInCiC.email }).build());
    expect(result.valid[0]!.reviewer.id).toBe(alexInCiC.id);
  });

  it.each([
    ['CIN', 'CIN'],
    ['Child in need', 'CIN'],
    ['CPP', 'CP'],
    ['Child Protection Plan', 'CP'],
    ['LAC', 'CLA'],
    ['Child in care', 'CLA'],
    ['care leaver', 'Care leaver'],
    ['EH', 'Early help'],
  ])('reads child status "%s" as %s', (text, status) => {
    expect(check(aCaseList().row({ childStatus: text }).build()).valid[0]!.childStatus).toBe(status);
  });

  it.each([
    ['Yes', true],
    ['Y', true],
    ['TRUE', true],
    ['Restricted', true],
    ['no', false],
    ['N', false],
    ['0', false],
    ['Not restricted', false],
  ])('reads restricted flag "%s" as %s', (text, restricted) => {
    expect(check(aCaseList().row({ restricted: text }).build()).valid[0]!.restricted).toBe(restricted);
  });

  it('upper-cases the case reference and trims cells', () => {
    const result = check(aCaseList().row({ caseRef: ' cr-77 ', team: '  Assessment Team A ' }).build());
    expect(result.valid[0]).toMatchObject({ line: 2, caseRef: 'CR-77', team: 'Assessment Team A' });
  });
});
