import { describe, expect, it } from 'vitest';
import { cycleDeadline, isCycle, rhythmNote } from '../../workflow/cycle.js';
import { InvalidProfile, parseProfile, type PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS, UnknownProfile } from '../../workflow/policy/profiles.js';
import bcpJson from '../../workflow/policy/profiles/bcp.json' with { type: 'json' };

describe('shipped policy profiles', () => {
  it('ships exactly the five frameworks', () => {
    expect([...SHIPPED_PROFILE_IDS].sort()).toEqual(['bcp', 'sandwell-trust', 'scsp', 'telford-wrekin', 'west-sussex']);
  });

  it.each(SHIPPED_PROFILE_IDS)('%s loads, validates and carries its own id', (id) => {
    const profile = loadProfile(id);
    expect(profile.id).toBe(id);
    expect(profile.name).not.toBe('');
    expect(Object.isFrozen(profile)).toBe(true);
  });

  /** QA-DOMAIN.md, "The five policy profiles": one row per framework, only the settings the table states. */
  const table: { id: string; expected: Record<string, unknown> }[] = [
    {
      id: 'sandwell-trust',
      expected: {
        'cycle.cadence': 'bi-monthly',
        'moderation.sampleRate': 1,
        'moderation.disputeOwner': 'headOfService',
        'inadequate.noticeTo': ['serviceManager', 'headOfService'],
        'meeting.attendees': ['reviewer', 'practitioner'],
      },
    },
    {
      id: 'scsp',
      expected: {
        'cycle.cadence': 'annual',
        'meeting.attendees': ['reviewer', 'practitioner', 'partners'],
      },
    },
    {
      id: 'bcp',
      expected: {
        'cycle.cadence': 'monthly',
        'moderation.sampleRate': 0.2,
        'moderation.alwaysModerateInadequate': true,
        'moderation.immediateForInadequate': true,
        'inadequate.noticeWithinHours': 24,
        'inadequate.noticeTo': ['practitioner', 'teamManager', 'serviceManager'],
        'inadequate.remedialActionDays': 10,
        'inadequate.reauditAfterMonths': 2,
        'inadequate.reauditSameReviewer': true,
        'meeting.attendees': ['reviewer', 'practitioner'],
      },
    },
    {
      id: 'telford-wrekin',
      expected: {
        'cycle.cadence': 'monthly',
        'moderation.sampleRate': 1,
        'meeting.mandatory': false,
      },
    },
    {
      id: 'west-sussex',
      expected: {
        'cycle.cadence': 'monthly',
        'moderation.sampleRate': 1,
        'moderation.deadline': 'month-end',
        'moderation.immediateForInadequate': true,
        'moderation.disputeOwner': 'qaHeadOfService',
        'inadequate.reauditAfterMonths': 3,
        'inadequate.escalation': ['assistantDirector', 'executiveDirector'],
        'actions.maxWeeks': 4,
        'meeting.mandatory': true,
        'meeting.minutes': 60,
        'meeting.attendees': ['reviewer', 'practitioner', 'teamManager', 'conferenceReviewingOfficer'],
        auditTool: 'west-sussex-v1',
      },
    },
  ];

  describe.each(table)('$id matches QA-DOMAIN.md', ({ id, expected }) => {
    const profile = loadProfile(id);
    it.each(Object.entries(expected))('%s', (path, value) => {
      expect(valueAt(profile, path)).toEqual(value);
    });
  });

  it('Sandwell is told of an Inadequate grade at once (within an hour), BCP within 24 hours', () => {
    expect(loadProfile('sandwell-trust').inadequate.noticeWithinHours).toBeLessThanOrEqual(1);
    expect(loadProfile('bcp').inadequate.noticeWithinHours).toBe(24);
  });

  it('only BCP lets managers review inside their own line management (BC-03); the others keep reviewers outside it', () => {
    const inside = SHIPPED_PROFILE_IDS.filter((id) => loadProfile(id).reviewers.mayReviewOwnLine);
    expect(inside).toEqual(['bcp']);
  });

  it.each(SHIPPED_PROFILE_IDS)('%s: every setting it marks as defaulted exists', (id) => {
    const profile = loadProfile(id);
    for (const path of profile.defaulted) expect(valueAt(profile, path), `${id}: ${path}`).toBeDefined();
  });

  it.each([
    ['bcp', ['moderation.disputeOwner', 'actions.maxWeeks']],
    ['telford-wrekin', ['inadequate', 'moderation.disputeOwner', 'actions.maxWeeks']],
    ['scsp', ['inadequate', 'moderation.disputeOwner']],
    ['sandwell-trust', ['inadequate.remedialActionDays', 'actions.maxWeeks']],
    ['west-sussex', ['inadequate.remedialActionDays']],
  ])('%s says which settings are the product default (a dash in the table)', (id, dashes) => {
    expect(loadProfile(id).defaulted).toEqual(expect.arrayContaining(dashes));
  });

  it('West Sussex states what its framework states, so none of those is marked defaulted', () => {
    const defaulted = loadProfile('west-sussex').defaulted;
    for (const stated of ['moderation.disputeOwner', 'inadequate.reauditAfterMonths', 'actions.maxWeeks', 'moderation.deadline']) {
      expect(defaulted).not.toContain(stated);
    }
  });
});

describe('choosing and validating a profile', () => {
  it('an unknown id is refused with a message naming every choice', () => {
    expect(() => loadProfile('west-susex')).toThrow(UnknownProfile);
    expect(() => loadProfile('west-susex')).toThrow(
      'Unknown policy profile "west-susex". Choose one of: sandwell-trust, scsp, bcp, telford-wrekin, west-sussex.',
    );
  });

  const broken: [string, (p: Record<string, any>) => void, RegExp][] = [
    ['a sample rate above 100%', (p) => (p.moderation.sampleRate = 1.2), /moderation\.sampleRate/],
    ['a negative re-audit interval', (p) => (p.inadequate.reauditAfterMonths = -2), /inadequate\.reauditAfterMonths/],
    ['an unknown cadence', (p) => (p.cycle.cadence = 'fortnightly'), /cycle\.cadence/],
    ['an unknown dispute owner', (p) => (p.moderation.disputeOwner = 'director'), /moderation\.disputeOwner/],
    ['a missing section', (p) => delete p.actions, /actions/],
    ['a misspelt setting', (p) => ((p.meeting.minuets = p.meeting.minutes), delete p.meeting.minutes), /meeting\.minutes/],
    ['an unknown top-level setting', (p) => (p.sampleRate = 0.5), /sampleRate/],
    ['an audit window of 13 months', (p) => (p.cycle.auditWindowMonths = 13), /cycle\.auditWindowMonths/],
    ['a notice to a role that does not exist', (p) => p.inadequate.noticeTo.push('mayor'), /inadequate\.noticeTo\.3/],
  ];

  it.each(broken)('a profile with %s is refused, naming the field', (_what, breakIt, field) => {
    const raw = structuredClone(bcpJson) as Record<string, any>;
    breakIt(raw);
    const error = catchError(() => parseProfile('bcp', raw));
    expect(error).toBeInstanceOf(InvalidProfile);
    expect((error as Error).message).toMatch(/^Policy profile "bcp" is invalid: /);
    expect((error as Error).message).toMatch(field);
  });

  // Every section is strict: an authority editing its profile must not believe an unknown setting took effect.
  it('a profile with a setting the product does not have, inside a section, is refused, naming it', () => {
    const raw = structuredClone(bcpJson) as Record<string, any>;
    raw.moderation.sampleRateForInadequate = 1;
    expect(() => parseProfile('bcp', raw)).toThrow(/moderation.*sampleRateForInadequate/);
  });

  it('a profile whose id does not match the name it was loaded under is refused', () => {
    expect(() => parseProfile('west-sussex', bcpJson)).toThrow('Policy profile "west-sussex" is invalid: id is "bcp"');
  });

  it('the unbroken copy used above is itself valid (so the cases above fail for their own reason)', () => {
    expect(parseProfile('bcp', structuredClone(bcpJson)).moderation.sampleRate).toBe(0.2);
  });

  it('changing a loaded profile does not change the next one loaded', () => {
    const first = loadProfile('bcp') as { moderation: { sampleRate: number } };
    try {
      first.moderation.sampleRate = 0.9;
    } catch {
      // A deeply frozen profile refuses the change: better still.
    }
    expect(loadProfile('bcp').moderation.sampleRate).toBe(0.2);
  });
});

describe('cycleDeadline', () => {
  const monthly = loadProfile('west-sussex');
  const annual = loadProfile('scsp');

  it.each([
    ['west-sussex', 'monthly', '2026-01', '2026-01-31'],
    ['west-sussex', 'monthly', '2026-04', '2026-04-30'],
    ['west-sussex', 'monthly', '2026-12', '2026-12-31'],
    ['west-sussex', 'monthly', '2026-02', '2026-02-28'],
    ['west-sussex', 'monthly', '2028-02', '2028-02-29'],
    ['west-sussex', 'monthly', '2100-02', '2100-02-28'],
    ['west-sussex', 'monthly', '2000-02', '2000-02-29'],
    ['sandwell-trust', 'bi-monthly (due at the end of the review month)', '2026-11', '2026-11-30'],
    ['sandwell-trust', 'bi-monthly (due at the end of the review month)', '2027-02', '2027-02-28'],
    ['scsp', 'annual (two-month window)', '2026-11', '2026-12-31'],
    ['scsp', 'annual (two-month window)', '2026-12', '2027-01-31'],
    ['scsp', 'annual (two-month window)', '2028-01', '2028-02-29'],
  ])('%s, %s: cycle %s is due on %s', (id, _cadence, cycle, due) => {
    expect(cycleDeadline(cycle, loadProfile(id))).toBe(due);
  });

  it('a twelve-month window from December ends at the end of the next November', () => {
    const yearLong: PolicyProfile = { ...annual, cycle: { cadence: 'annual', auditWindowMonths: 12 } };
    expect(cycleDeadline('2026-12', yearLong)).toBe('2027-11-30');
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-12', '2026/12', ' 2026-12', ''])('refuses the cycle "%s"', (cycle) => {
    expect(isCycle(cycle)).toBe(false);
    expect(() => cycleDeadline(cycle, monthly)).toThrow(/is not YYYY-MM/);
  });
});

function valueAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], object);
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('the cycle rhythm (cycle.cadence, ST-19)', () => {
  it('Sandwell: a list for a learning month is flagged, naming the review months; a review month is not', () => {
    const sandwell = loadProfile('sandwell-trust');
    expect(rhythmNote('2026-12', sandwell)).toBe(
      'December is a learning month in the bi-monthly rhythm: case lists are drawn in January, March, May, July, September and November. It was loaded all the same; check the cycle if it was meant for a review month.',
    );
    expect(rhythmNote('2027-01', sandwell)).toBeUndefined();
  });

  it.each(SHIPPED_PROFILE_IDS.filter((id) => loadProfile(id).cycle.cadence === 'monthly'))('%s draws every month: nothing is flagged', (id) => {
    for (let m = 1; m <= 12; m += 1) expect(rhythmNote(`2027-${String(m).padStart(2, '0')}`, loadProfile(id))).toBeUndefined();
  });
});
