import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES } from '../../../workflow/chasing/bank-holidays.js';
import { currentRung, DEFAULT_LADDER, defineLadder, nudgeKey, overdueDays, rungsDue } from '../../../workflow/chasing/ladder.js';

const ids = (due: string, today: string, ladder = DEFAULT_LADDER) => rungsDue(due, today, ladder, ENGLAND_AND_WALES).map((r) => r.rung.id);

describe('escalation ladder (working days)', () => {
  // Due Friday 9 Jan 2026.
  it.each<[string, number, string[]]>([
    ['2026-01-08', 0, []],
    ['2026-01-09', 0, []],
    ['2026-01-10', 0, []], // Saturday
    ['2026-01-11', 0, []], // Sunday
    ['2026-01-12', 1, ['owner']],
    ['2026-01-13', 2, ['owner']],
    ['2026-01-14', 3, ['owner', 'team-manager']],
    ['2026-01-19', 6, ['owner', 'team-manager']],
    ['2026-01-20', 7, ['owner', 'team-manager', 'service-manager']],
    ['2026-01-28', 13, ['owner', 'team-manager', 'service-manager']],
    ['2026-01-29', 14, ['owner', 'team-manager', 'service-manager', 'head-of-service']],
    ['2026-06-01', 97, ['owner', 'team-manager', 'service-manager', 'head-of-service']],
  ])('due 2026-01-09, on %s: day %i → %j', (today, days, expected) => {
    expect(overdueDays('2026-01-09', today, DEFAULT_LADDER, ENGLAND_AND_WALES)).toBe(days);
    expect(ids('2026-01-09', today)).toEqual(expected);
  });

  it('records the date each rung was reached, skipping bank holidays', () => {
    // Due Thu 2 Apr 2026; Good Friday and Easter Monday are not counted.
    const due = rungsDue('2026-04-02', '2026-04-30', DEFAULT_LADDER, ENGLAND_AND_WALES);
    expect(due.map((r) => [r.rung.id, r.reachedOn])).toEqual([
      ['owner', '2026-04-07'],
      ['team-manager', '2026-04-09'],
      ['service-manager', '2026-04-15'],
      ['head-of-service', '2026-04-24'],
    ]);
    expect(currentRung('2026-04-02', '2026-04-06', DEFAULT_LADDER, ENGLAND_AND_WALES)).toBeUndefined();
  });

  it('the default targets: owner; owner + TM digest; SM; HoS', () => {
    expect(DEFAULT_LADDER.rungs.map((r) => [r.day, r.targets.map((t) => `${t.to}/${t.via}`)])).toEqual([
      [1, ['owner/direct']],
      [3, ['owner/direct', 'teamManager/digest']],
      [7, ['serviceManager/direct']],
      [14, ['headOfService/direct']],
    ]);
  });
});

describe('escalation ladder (calendar days)', () => {
  const calendarLadder = defineLadder('calendar-days', DEFAULT_LADDER.rungs);
  it.each<[string, string[]]>([
    ['2026-01-09', []],
    ['2026-01-10', ['owner']],
    ['2026-01-12', ['owner', 'team-manager']],
    ['2026-01-16', ['owner', 'team-manager', 'service-manager']],
    ['2026-01-23', ['owner', 'team-manager', 'service-manager', 'head-of-service']],
  ])('due 2026-01-09, on %s → %j', (today, expected) => {
    expect(ids('2026-01-09', today, calendarLadder)).toEqual(expected);
  });
});

describe('ladder configuration and nudge keys', () => {
  it('sorts rungs and refuses bad ones', () => {
    const l = defineLadder('working-days', [
      { id: 'b', day: 5, targets: [{ to: 'serviceManager', via: 'direct' }] },
      { id: 'a', day: 2, targets: [{ to: 'owner', via: 'direct' }] },
    ]);
    expect(l.rungs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(() => defineLadder('working-days', [{ id: 'a', day: 0, targets: [{ to: 'owner', via: 'direct' }] }])).toThrow(RangeError);
    expect(() => defineLadder('working-days', [{ id: 'a', day: 1, targets: [] }])).toThrow(RangeError);
    const r = { id: 'a', day: 1, targets: [{ to: 'owner', via: 'direct' }] } as const;
    expect(() => defineLadder('working-days', [r, r])).toThrow(RangeError);
  });

  it('nudge keys are deterministic per (action, rung, day)', () => {
    const [first] = rungsDue('2026-01-09', '2026-01-20', DEFAULT_LADDER, ENGLAND_AND_WALES);
    const again = rungsDue('2026-01-09', '2026-01-29', DEFAULT_LADDER, ENGLAND_AND_WALES)[0];
    expect(nudgeKey('act-1', first!.rung.id, first!.reachedOn)).toBe('nudge:act-1:owner:2026-01-12');
    expect(nudgeKey('act-1', again!.rung.id, again!.reachedOn)).toBe(nudgeKey('act-1', first!.rung.id, first!.reachedOn));
    expect(nudgeKey('act-2', 'owner', '2026-01-12')).not.toBe(nudgeKey('act-1', 'owner', '2026-01-12'));
    expect(nudgeKey('a:b', 'owner', '2026-01-12')).toBe('nudge:a%3Ab:owner:2026-01-12');
    expect(() => nudgeKey('', 'owner', '2026-01-12')).toThrow(RangeError);
    expect(() => nudgeKey('a', 'owner', '12/01/2026')).toThrow(RangeError);
  });
});
