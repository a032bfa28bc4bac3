import { describe, expect, it } from 'vitest';
import { cycleDeadline, isCycle, rhythmNote } from '../../workflow/cycle.js';
import { InvalidProfile, parseProfile, PolicyProfileSchema, type PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS, UnknownProfile } from '../../workflow/policy/profiles.js';
import bcpJson from '../../workflow/policy/profiles/bcp.json' with { type: 'json' };

/**
 * Optional settings that a profile may leave out and still get a value: the product's default (chasing/chase-settings.ts:
 * the 1/3/7/14 working-day ladder, England and Wales bank holidays, 2 snoozes, "due soon" within 2 working days, QA
 * told of an overdue audit after 3, the team manager of missing family feedback after 5). A profile whose framework is
 * silent on them declares them in `defaulted` without setting them. Other optional settings switch a step off when
 * absent (a panel, a quota, a follow-up, extra closure days): leaving them out chooses no value, so nothing is declared.
 */
const PRODUCT_DEFAULT_WHEN_ABSENT = [
  'chasing.ladder',
  'chasing.bankHolidays',
  'chasing.snoozeLimit',
  'chasing.dueSoonWorkingDays',
  'chasing.overdueAuditToQaWorkingDays',
  'chasing.familyFeedbackToManagerWorkingDays',
];

/** Whether `defaulted` declares `path`: listed itself, or inside a section it lists (`inadequate` covers all of it). */
const declares = (defaulted: readonly string[], path: string): boolean => defaulted.some((d) => path === d || path.startsWith(`${d}.`));

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

  it.each(SHIPPED_PROFILE_IDS)('%s: every setting it marks as defaulted exists (or is a product default it leaves out)', (id) => {
    const profile = loadProfile(id);
    for (const path of profile.defaulted) {
      if (valueAt(profile, path) !== undefined) continue;
      // Absent: only a setting the product fills with its own default may be declared without being set.
      expect(PRODUCT_DEFAULT_WHEN_ABSENT, `${id}: ${path} is neither set nor a product default`).toContain(path);
    }
  });

  it.each(SHIPPED_PROFILE_IDS)('%s declares every product default it relies on by leaving the setting out', (id) => {
    const profile = loadProfile(id);
    const relied = PRODUCT_DEFAULT_WHEN_ABSENT.filter((path) => valueAt(profile, path) === undefined);
    expect(relied.filter((path) => !declares(profile.defaulted, path)), id).toEqual([]);
  });

  it.each(SHIPPED_PROFILE_IDS)('%s lists each setting once, and never a setting inside a section it already lists', (id) => {
    const { defaulted } = loadProfile(id);
    expect(new Set(defaulted).size, id).toBe(defaulted.length);
    for (const path of defaulted) expect(defaulted.filter((d) => d !== path && declares([d], path)), `${id}: ${path}`).toEqual([]);
  });

  it('the product defaults a profile may declare without setting are settings the schema has', () => {
    const chasing = PolicyProfileSchema.shape.chasing.unwrap().shape;
    for (const path of PRODUCT_DEFAULT_WHEN_ABSENT) expect(Object.keys(chasing), path).toContain(path.replace(/^chasing\./, ''));
  });

  it.each([
    ['bcp', ['moderation.disputeOwner', 'actions.maxWeeks']],
    ['telford-wrekin', ['inadequate', 'moderation.disputeOwner', 'actions.maxWeeks']],
    ['scsp', ['inadequate', 'moderation.disputeOwner']],
    ['sandwell-trust', ['inadequate.remedialActionDays', 'actions.maxWeeks']],
    ['west-sussex', ['inadequate.remedialActionDays']],
  ])('%s says which settings are the product default (a dash in the table)', (id, dashes) => {
    const { defaulted } = loadProfile(id);
    for (const dash of dashes) expect(declares(defaulted, dash), `${id}: ${dash}`).toBe(true);
  });

  it('West Sussex states what its framework states, so none of those is marked defaulted', () => {
    const defaulted = loadProfile('west-sussex').defaulted;
    for (const stated of ['moderation.disputeOwner', 'inadequate.reauditAfterMonths', 'actions.maxWeeks', 'moderation.deadline']) {
      expect(declares(defaulted, stated), stated).toBe(false);
    }
  });
});

/**
 * Each profile's `defaulted`, pinned exactly (sorted): the settings whose values are the product's because the
 * framework's text does not state them. The seeds are the five frameworks the fidelity review (FIDELITY.md, "Product
 * defaults" per framework) reads; `l.` numbers are lines of its seed file. A comment on each entry or group cites
 * the line that shows the silence. `stated` quotes the line that states a setting the review called undeclared or
 * mislabelled (or that used to be listed), so it must stay out of `defaulted`; where the review and the seed disagree,
 * the seed wins. Settings the product fixes for every profile outside any profile (the four-point grade scale, a
 * tool's rationale limits, at most 5 actions of 200 characters) have no profile path to declare.
 */
const SILENT_ON: { id: string; seed: string; defaulted: string[]; stated: Record<string, string> }[] = [
  {
    id: 'sandwell-trust',
    seed: '000_4c68e131c22f58b5.txt',
    defaulted: [
      // l.146, l.172: recommendations are made and the SW Academy tracks them; no action has a timescale.
      'actions.maxWeeks',
      // l.172: "track practice recommendations and assurance to close the loop" is the only follow-up; nothing is chased,
      // so the ladder, calendar, snoozes, "due soon", the overdue audit's QA alert and the family-feedback chase are the product's.
      'chasing.bankHolidays',
      'chasing.dueSoonWorkingDays',
      // l.145: "Directly obtain feedback from the child and parent/care giver": no plan or timescale when it is not obtained.
      'chasing.familyFeedbackPlan',
      'chasing.familyFeedbackToManagerWorkingDays',
      'chasing.ladder',
      'chasing.overdueAuditToQaWorkingDays',
      'chasing.snoozeLimit',
      // l.182 covers an Inadequate rating only: no route or acknowledgement for a concern without one.
      'concerns',
      // l.182: "record their assurance on the safety of those it relates to": no deadline.
      'inadequate.assuranceWithinHours',
      // l.172: no re-audit, so neither its interval, its reviewer nor an escalation after it.
      'inadequate.escalation',
      // l.182: "must immediately be shared": immediately, not within an hour (the hour is the product's).
      'inadequate.noticeWithinHours',
      'inadequate.reauditAfterMonths',
      'inadequate.reauditSameReviewer',
      // l.182 names no meeting on an Inadequate rating.
      'inadequate.reflectiveMeeting',
      // l.182: "Any urgent actions must be undertaken swiftly": no day count, nor how many actions are remedial.
      'inadequate.remedialActionDays',
      'inadequate.remedialActions',
      // l.146: "Meet with the lead practitioner": no length.
      'meeting.minutes',
      // l.142-146 list the reviewer's tasks; the practitioner prepares no self-assessment.
      'meeting.selfAssessment',
      // l.152: "communicate their findings to Reviewers": only the reviewer is named; who else gets the result and who
      // talks a changed grade through with the practitioner are the product's.
      'moderation.changeDiscussedBy',
      // l.182 asks for the findings to be *shared* immediately, not for the moderation to be urgent or its day count.
      'moderation.immediateForInadequate',
      'moderation.resultTo',
      'moderation.urgentWorkingDays',
      // l.140: reviewers "conduct Practice Reviews across service areas": no rule on their own line management.
      'reviewers.mayReviewOwnLine',
    ],
    stated: {
      'moderation.pool': 'l.152 "Service Managers, Heads of Service and Registered Manager (Fostering Service) are Moderators … within their respective services"',
      // Moderations are among the review month's activities, so they are due by its end (no longer listed).
      'moderation.deadline': 'l.299 "In the first cycle every other month (November, January …) we will undertake … Practice Reviews … and moderations"',
      // The profile's `meeting.mandatory: false` contradicts this; changing it gates Submit (reported, not changed here).
      'meeting.mandatory': 'l.142-146 "Reviewers will: … Meet with the lead practitioner to discuss the child and young person\'s journey"',
      auditTool: 'l.64 "Our QA framework\'s starting point is being clear about \'what good looks like\'", l.85-88 the grade descriptors',
    },
  },
  {
    id: 'scsp',
    seed: '001_24d93f2b3d745f70.txt',
    defaulted: [
      // l.161-171 describe case-record auditing without moderation, a grading pathway, concerns or action timescales.
      'actions.maxWeeks',
      // Nothing is chased anywhere in the seed; l.133 asks for children's experience "at key points", not a feedback plan.
      'chasing.bankHolidays',
      'chasing.dueSoonWorkingDays',
      'chasing.familyFeedbackPlan',
      'chasing.familyFeedbackToManagerWorkingDays',
      'chasing.ladder',
      'chasing.overdueAuditToQaWorkingDays',
      'chasing.snoozeLimit',
      'concerns',
      // l.219: "Each year the QPPA Subgroup will agree a Performance and Quality Assurance Programme": no audit window.
      'cycle.auditWindowMonths',
      // The seed never mentions an Inadequate grade (nor any grade scale).
      'inadequate',
      // l.211 "Findings from single and multi agency audits": no audit meeting, its length, attendees or a self-assessment.
      'meeting',
      // The seed never mentions moderation: sample, timing, moderators, result and disputes are all the product's.
      'moderation',
      // l.165: "analysis of records by staff with relevant professional expertise": no rule on line management.
      'reviewers.mayReviewOwnLine',
    ],
    stated: {
      auditTool: 'l.191-196 "The Partnership has agreed the following priority areas … Exploitation · Neglect · Early Help · Core safeguarding"',
      'cycle.cadence': 'l.219 "Each year the QPPA Subgroup will agree a Performance and Quality Assurance Programme"',
    },
  },
  {
    id: 'bcp',
    seed: '002_977f07f6e705dd4b.txt',
    defaulted: [
      // l.171: "All remedial actions to be completed no later than within 10 days": other actions have no limit.
      'actions.maxWeeks',
      // l.214: link reviewers track actions "within an appropriate timescale": no ladder, calendar, snoozes, "due soon"
      // or overdue-audit alert; l.181-183 ask for a "timescale" for family feedback, not when the TM is told it lapsed.
      'chasing.bankHolidays',
      'chasing.dueSoonWorkingDays',
      'chasing.familyFeedbackToManagerWorkingDays',
      'chasing.ladder',
      'chasing.overdueAuditToQaWorkingDays',
      'chasing.snoozeLimit',
      // l.198: "this may also require escalation to the relevant Service Manager": no AD or ED after a re-audit.
      'inadequate.escalation',
      // l.171 names no meeting on an Inadequate grading.
      'inadequate.reflectiveMeeting',
      // l.175: PLRs "completed by managers alongside practitioners": no length, no self-assessment.
      'meeting.minutes',
      'meeting.selfAssessment',
      // l.196: "Twenty per cent of all PLRs completed each month … will be moderated": no due date.
      'moderation.deadline',
      // l.192-210: no route for disputing a moderated grade.
      'moderation.disputeOwner',
      // l.196: Inadequate PLRs are "included" in the sample; not that they are moderated at once, nor within how long.
      'moderation.immediateForInadequate',
      'moderation.urgentWorkingDays',
    ],
    stated: {
      'reviewers.mayReviewOwnLine': 'l.167 "Managers will complete PLRs both inside as well as outside their direct line management"',
      // The profile's `meeting.mandatory: false` contradicts this; changing it gates Submit (reported, not changed here).
      'meeting.mandatory': 'l.175 "Collaborative monthly PLRs are completed by managers alongside practitioners"',
      auditTool: 'l.177-179 "The collaborative PLRs will reflect on the practice standards pertinent to the area of work …"',
    },
  },
  {
    id: 'telford-wrekin',
    seed: '003_c86e03497760321c.txt',
    defaulted: [
      // l.336: TMs ensure "remedial actions completed and reported back as requested": no timescale.
      'actions.maxWeeks',
      // Nothing is chased; l.354 contacts the family "where it is confirmed to be appropriate": no plan or timescale.
      'chasing.bankHolidays',
      'chasing.dueSoonWorkingDays',
      'chasing.familyFeedbackPlan',
      'chasing.familyFeedbackToManagerWorkingDays',
      'chasing.ladder',
      'chasing.overdueAuditToQaWorkingDays',
      'chasing.snoozeLimit',
      // No immediate-concern route (l.135 "report concerns about safety" is an HCPC standard, not an audit step).
      'concerns',
      // The seed never mentions an Inadequate grade.
      'inadequate',
      // l.352: "Where possible auditors meet with the allocated practitioner": no length, no self-assessment.
      'meeting.minutes',
      'meeting.selfAssessment',
      // l.366: "moderation of Practice Evaluations are undertaken by Service Delivery Managers, the PSW and the Director":
      // neither how many are moderated (never "all"), nor when, nor Inadequate first, nor disputes.
      'moderation.alwaysModerateInadequate',
      // l.336: TMs "ensure feedback on individual audits is provided to practitioners": not who gets the result or
      // who talks a changed grade through.
      'moderation.changeDiscussedBy',
      'moderation.deadline',
      'moderation.disputeOwner',
      'moderation.immediateForInadequate',
      // l.366: "The panel will look at the content of the audit": no size.
      'moderation.panel.members',
      'moderation.resultTo',
      'moderation.sampleRate',
      'moderation.urgentWorkingDays',
      // l.352: "undertaken by Team Managers and IROs": no rule on line management.
      'reviewers.mayReviewOwnLine',
    ],
    stated: {
      'moderation.pool': 'l.366 "moderation of Practice Evaluations are undertaken by Service Delivery Managers, the PSW and the Director"',
      'moderation.panel': 'l.366 "The panel will look at the content of the audit to identify whether it reflects the quality of practice"',
      'meeting.mandatory': 'l.352 "Where possible auditors meet with the allocated practitioner."',
      auditTool: 'l.300 "QUALITY STANDARD / WHAT DOES \'GOOD\' LOOK LIKE? / HOW WILL WE MEASURE THIS?"',
    },
  },
  {
    id: 'west-sussex',
    seed: '004_40601b0ddcb97fb1.txt',
    defaulted: [
      // l.204: "managers will be expected to monitor the progress of this via supervision": no reminder ladder, calendar,
      // snoozes, "due soon" or overdue-audit alert (l.202's "audit sponsors" follow the QA Action Plan of l.200).
      'chasing.bankHolidays',
      'chasing.dueSoonWorkingDays',
      // l.335: "Step 3 Auditor obtains feedback from children and families": no plan or timescale when it cannot.
      'chasing.familyFeedbackPlan',
      'chasing.familyFeedbackToManagerWorkingDays',
      'chasing.ladder',
      'chasing.overdueAuditToQaWorkingDays',
      'chasing.snoozeLimit',
      // l.165: "must be escalated immediately": no acknowledgement deadline.
      'concerns.acknowledgeWithinHours',
      // l.216: "the 'Inadequate' process should be followed": who is told and how fast are not given (l.307 names
      // Service Managers and Heads of Service in the re-audit process, not as recipients of a notice).
      'inadequate.noticeTo',
      'inadequate.noticeWithinHours',
      // l.218: "the re-audit at three months": not by whom.
      'inadequate.reauditSameReviewer',
      // l.216: "Inadequate Audit - Reflective Practice & Action Meetings": the meeting is named, not its people, length or timing.
      'inadequate.reflectiveMeeting.attendees',
      'inadequate.reflectiveMeeting.minutes',
      'inadequate.reflectiveMeeting.withinWorkingDays',
      // l.204: "maximum 4 weeks" for every action; no shorter remedial deadline on an Inadequate audit.
      'inadequate.remedialActionDays',
      'inadequate.remedialActions',
      // l.216: "moderated immediately by the allocated Moderator": not how moderators are allocated, nor a day count.
      'moderation.pool',
      'moderation.urgentWorkingDays',
      // l.162: the auditor arranges the audit "alongside" the practitioner and team manager: no rule on line management.
      'reviewers.mayReviewOwnLine',
    ],
    stated: {
      'moderation.immediateForInadequate': 'l.216 "When case work is deemed inadequate by the auditor, it will be moderated immediately"',
      'inadequate.reauditAfterMonths': 'l.218 "the re-audit at three months"',
      'meeting.selfAssessment': 'l.341-342 "Step 2 Practitioner Preparation: Practitioner\'s complete self assessment"',
      'meeting.minutes': 'l.169 "In the collaborative meeting (recommended to be up to 60 minutes)"',
    },
  },
];

describe('`defaulted` lists exactly the settings each framework is silent on', () => {
  it('pins every shipped profile', () => {
    expect(SILENT_ON.map((p) => p.id).sort()).toEqual([...SHIPPED_PROFILE_IDS].sort());
  });

  it.each(SILENT_ON)('$id ($seed): exactly these, sorted', ({ id, defaulted }) => {
    expect(defaulted, 'the pinned list is kept sorted').toEqual([...defaulted].sort());
    expect([...loadProfile(id).defaulted].sort()).toEqual(defaulted);
  });

  describe.each(SILENT_ON)('$id: what its seed states is not marked defaulted', ({ id, stated }) => {
    it.each(Object.entries(stated))('%s: %s', (path) => {
      const profile = loadProfile(id);
      expect(valueAt(profile, path), path).toBeDefined();
      expect(declares(profile.defaulted, path), path).toBe(false);
    });
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
