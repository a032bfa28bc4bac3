import { describe, expect, it } from 'vitest';
import { InvalidAuditTool, parseAuditTool, scopeLabel, scopeName, scopesOf, snapshotOf, toolRef } from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool, SHIPPED_TOOL_REFS, toolFor, UnknownAuditTool } from '../../workflow/audit-tools/tools.js';
import westSussexV1 from '../../workflow/audit-tools/west-sussex-v1.json' with { type: 'json' };
import { addDays, daysBetween, endOfMonth, formatShortDate, isIsoDate, isWorkingDay, localDate, workingDaysBefore } from '../../workflow/dates.js';
import { compareGrades, GRADE_LABELS, GRADES, gradeChange, isBetter, isGrade, isWorse, type Grade } from '../../workflow/grades.js';
import { InvalidProfile, parseProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import bcpJson from '../../workflow/policy/profiles/bcp.json' with { type: 'json' };

describe('the grading scale', () => {
  it('is Outstanding > Good > Requires Improvement > Inadequate, with labels', () => {
    expect(GRADES.map((g) => GRADE_LABELS[g])).toEqual(['Outstanding', 'Good', 'Requires Improvement', 'Inadequate']);
    const worstFirst = [...GRADES].sort(compareGrades);
    expect(worstFirst).toEqual(['inadequate', 'requiresImprovement', 'good', 'outstanding']);
  });

  it.each([
    ['outstanding', 'good', 1],
    ['good', 'requiresImprovement', 1],
    ['requiresImprovement', 'inadequate', 1],
    ['inadequate', 'outstanding', -1],
    ['good', 'good', 0],
  ] as [Grade, Grade, number][])('compare(%s, %s) has sign %i', (a, b, sign) => {
    expect(Math.sign(compareGrades(a, b))).toBe(sign);
    expect(isBetter(a, b)).toBe(sign > 0);
    expect(isWorse(a, b)).toBe(sign < 0);
    expect(gradeChange(b, a)).toBe(sign > 0 ? 'raised' : sign < 0 ? 'lowered' : 'unchanged');
  });

  it.each(['Good', 'GOOD', 'requires improvement', '', 'adequate', 'toString'])('"%s" is not a grade id', (text) => {
    expect(isGrade(text)).toBe(false);
  });
});

describe('dates', () => {
  it('recognises only real calendar dates', () => {
    expect(['2026-12-31', '2028-02-29'].every(isIsoDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-12-1', '31/12/2026', '', '2026-12-31T00:00'].some(isIsoDate)).toBe(false);
  });

  it('knows today in London, across midnight and summer time', () => {
    expect(localDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(localDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('adds days, counts them, finds month ends and working days', () => {
    expect(addDays('2026-12-01', 28)).toBe('2026-12-29');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(daysBetween('2026-12-01', '2027-01-12')).toBe(42);
    expect(endOfMonth('2028-02-03')).toBe('2028-02-29');
    expect(isWorkingDay('2026-12-05')).toBe(false); // a Saturday
    expect(workingDaysBefore('2026-12-31', 3)).toBe('2026-12-28'); // Thu → Mon
    expect(workingDaysBefore('2027-01-31', 3)).toBe('2027-01-27'); // Sun → Wed
  });

  it('formats a near date the en-GB way', () => {
    expect(formatShortDate('2027-01-12')).toBe('Tue 12 Jan');
    expect(formatShortDate('2026-12-01')).toBe('Tue 1 Dec');
  });
});

describe('audit tools are versioned data', () => {
  it('West Sussex v1 has the five domains with stable ids, then overall', () => {
    const tool = loadAuditTool('west-sussex-v1');
    expect(toolRef(tool)).toBe('west-sussex-v1');
    expect(tool.domains.map((d) => ({ id: d.id, name: d.name }))).toEqual([
      { id: 'assessment', name: 'Assessment' },
      { id: 'planning', name: 'Planning' },
      { id: 'interventionVisiting', name: 'Intervention & Visiting' },
      { id: 'review', name: 'Review' },
      { id: 'managementOversight', name: 'Management Oversight' },
    ]);
    expect(scopesOf(tool)).toEqual(['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight', 'overall']);
    expect(scopeName(tool, 'overall')).toBe('the overall grade');
    expect(scopeLabel(tool, 'interventionVisiting')).toBe('Intervention & Visiting');
    expect(Object.isFrozen(tool.domains[0])).toBe(true);
  });

  it.each(SHIPPED_PROFILE_IDS)('profile %s names a shipped tool', (id) => {
    expect(SHIPPED_TOOL_REFS).toContain(loadProfile(id).auditTool);
  });

  it('an unknown tool is refused, naming the choices', () => {
    expect(() => loadAuditTool('west-sussex-v9')).toThrow(UnknownAuditTool);
    expect(() => loadAuditTool('west-sussex-v9')).toThrow('Choose one of: west-sussex-v1, sandwell-v1, scsp-multi-agency-v1, bcp-plr-v1, telford-wrekin-v1.');
  });

  it('a profile naming an unknown tool is refused', () => {
    const raw = { ...structuredClone(bcpJson), auditTool: 'nope-v1' };
    expect(() => parseProfile('bcp', raw)).toThrow(InvalidProfile);
    expect(() => parseProfile('bcp', raw)).toThrow(/auditTool: "nope-v1"/);
  });

  const broken: [string, (t: Record<string, any>) => void, RegExp][] = [
    ['a duplicate domain id', (t) => t.domains.push({ id: 'planning', name: 'Planning again' }), /duplicate domain id "planning"/],
    ['a domain called overall', (t) => t.domains.push({ id: 'overall', name: 'Overall' }), /reserved/],
    ['a domain id with a dot (it would break field ids)', (t) => (t.domains[0].id = 'assess.ment'), /domains\.0\.id/],
    ['no domains', (t) => (t.domains = []), /domains/],
    ['a version that does not match its name', (t) => (t.version = 2), /west-sussex-v2/],
    ['an unknown setting', (t) => (t.colour = 'blue'), /colour/],
  ];
  it.each(broken)('a tool with %s is refused', (_what, breakIt, message) => {
    const raw = structuredClone(westSussexV1) as Record<string, any>;
    breakIt(raw);
    expect(() => parseAuditTool('west-sussex-v1', raw)).toThrow(InvalidAuditTool);
    expect(() => parseAuditTool('west-sussex-v1', raw)).toThrow(message);
  });

  it('an audit keeps the tool it started with, whatever the profile says later', () => {
    const kept = { id: 'west-sussex', version: 0, domains: [{ id: 'voice', name: "Child's voice" }] };
    expect(toolFor({ tool: kept }, loadProfile('west-sussex'))).toBe(kept);
    expect(toolFor({}, loadProfile('west-sussex'))).toEqual(snapshotOf(loadAuditTool('west-sussex-v1')));
  });
});

describe('moderator pool setting', () => {
  it.each([
    ['bcp', 'link-reviewer'],
    ['sandwell-trust', 'service-line'],
    ['scsp', 'qa-pool'],
    ['telford-wrekin', 'qa-pool'],
    ['west-sussex', 'qa-pool'],
  ])('%s moderates from the %s', (id, pool) => {
    expect(loadProfile(id).moderation.pool).toBe(pool);
  });

  it('an unknown pool is refused', () => {
    const raw = structuredClone(bcpJson) as Record<string, any>;
    raw.moderation.pool = 'anyone';
    expect(() => parseProfile('bcp', raw)).toThrow(/moderation\.pool/);
  });
});
