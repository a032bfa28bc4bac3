import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GUIDE_NOTES } from '../../cards/guide.js';
import { MODERATOR_MAX_ACTIONS, renderModeration, type ModerationRow } from '../../cards/moderation.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/template.js';
import { CardSigner } from '../../bot/card-signing.js';
import { guideFor } from '../../bot/views/form-parts.js';
import { reviewView } from '../../bot/views/review-view.js';
import type { ViewContext } from '../../bot/views/view-context.js';
import { ACTION_DESCRIPTION_MAX, MAX_ACTION_ROWS } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import {
  FORM_SECTION_WEIGHT,
  FORM_WEIGHT,
  FORM_WEIGHT_MAX,
  formWeight,
  formWeightWith,
  MAX_DOMAINS,
  guidanceOf,
  OVERALL,
  parseAuditTool,
  PRODUCT_RATIONALE_MAX,
  rationaleMaxOf,
  scopeLabel,
  scopesOf,
  snapshotOf,
  TOOL_TEXT,
  type AuditToolSnapshot,
} from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool, SHIPPED_TOOL_REFS } from '../../workflow/audit-tools/tools.js';
import { GRADE_LABELS, GRADES } from '../../workflow/grades.js';
import type { Person } from '../../workflow/people.js';
import { type PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { LIMITS } from '../../workflow/review/record-paths.js';
import { SELF_ASSESSMENT_MAX } from '../../workflow/review/self-assessment.js';
import { anAudit, aPerson, castList } from '../fakes/index.js';
import { cardProblems, cardText } from '../support/card-parser.js';

/**
 * Each framework's audit tool on the forms the reviewer and moderator use: at its largest (every text at its
 * limit, every problem shown, the most action rows, a directory of 12 people, as in audit-cards.test.ts) it parses
 * and stays under Teams' 28 KB; a fresh form shows the tool's "what good looks like" behind a toggle per domain.
 */

const x = (n: number) => 'x'.repeat(n);
const NOW = new Date('2026-12-01T09:00:00.000Z');
const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));

/** The cast and enough colleagues for 12 people in the directory: all offered as action owners. */
const people: Person[] = [...castList, ...Array.from({ length: 12 - castList.length }, (_, i) => aPerson().named(`Colleague Number${i} Longname`).withRoles('practitioner').build())];
const reviewer = castList.find((p) => p.roles.includes('reviewer') && p.roles.length === 1)!;

function viewOf(profile: PolicyProfile, viewerId = reviewer.id): ViewContext {
  return { viewerId, viewer: people.find((p) => p.id === viewerId), channelUserId: '29:1a2b3c4d5e6f', people: new Map(people.map((p) => [p.id, p])), now: NOW, profile, signer: new CardSigner('k'.repeat(32)) };
}

const ROWS = Array.from({ length: MAX_ACTION_ROWS }, (_, i) => `r${i + 1}`);

/** Every input of the review form at its limit (the tool's own rationale limits), and a problem on every field. */
function largestReview(tool: AuditToolSnapshot): { values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = { actionRows: ROWS.join(',') };
  const errors: Record<string, string> = {};
  for (const scope of scopesOf(tool)) {
    const max = rationaleMaxOf(tool, scope);
    values[`grade.${scope}`] = 'requiresImprovement';
    values[`rationale.${scope}`] = x(max);
    errors[`grade.${scope}`] = `Choose a grade for ${scopeLabel(tool, scope)} from the list.`;
    errors[`rationale.${scope}`] = `Keep this under ${max} characters (it has ${max + 1}).`;
  }
  Object.assign(values, {
    'feedback.obtained': 'no',
    'feedback.summary': x(LIMITS.feedbackSummary),
    'feedback.whyNot': x(LIMITS.feedbackWhyNot),
    'feedback.whereFound': x(LIMITS.feedbackWhereFound),
    'feedback.plan': x(LIMITS.feedbackPlan),
    'feedback.planBy': '2026-11-30',
    goodPractice: x(LIMITS.goodPractice),
    'meeting.notHeld': x(LIMITS.meetingNotHeld),
  });
  for (const f of ['summary', 'whyNot', 'whereFound', 'plan']) errors[`feedback.${f}`] = 'Keep this under 300 characters (it has 301).';
  errors['feedback.planBy'] = 'The date must be in the future (after Tue 1 Dec).';
  errors.goodPractice = 'Keep this under 400 characters (it has 401).';
  errors['meeting.notHeld'] = 'The collaborative meeting must take place before the audit is submitted. It has not yet: submit after it, or say why it could not take place.';
  errors.actions = 'The overall grade is Inadequate, so every action is remedial: due within 10 days (by Fri 11 Dec).';
  for (const row of ROWS) {
    values[`action.${row}.description`] = x(ACTION_DESCRIPTION_MAX);
    values[`action.${row}.ownerId`] = people[0]!.id;
    values[`action.${row}.dueDate`] = '2026-12-31';
    errors[`action.${row}.description`] = `Keep this under ${ACTION_DESCRIPTION_MAX} characters (it has ${ACTION_DESCRIPTION_MAX + 1}).`;
    errors[`action.${row}.ownerId`] = 'Choose an owner from the list.';
    errors[`action.${row}.dueDate`] = 'Due by Tue 29 Dec at the latest: actions are due within 4 weeks.';
  }
  return { values, errors };
}

/** An accepted audit; under a profile with a self-assessment, the practitioner's answers at their limit. */
function acceptedAudit(profile: PolicyProfile, tool?: AuditToolSnapshot): Audit {
  const audit = anAudit().accepted().build();
  return {
    ...audit,
    ...(tool ? { tool } : {}),
    ...(profile.meeting.selfAssessment ? { selfAssessment: { at: NOW.toISOString(), by: audit.practitionerId, difference: x(SELF_ASSESSMENT_MAX), discuss: x(SELF_ASSESSMENT_MAX) } } : {}),
  };
}

/** Every element of a card, depth first. */
function elements(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const toggles = (card: AdaptiveCard) => elements(card).filter((e) => e.type === 'Action.ToggleVisibility');
const byId = (card: AdaptiveCard, id: string) => elements(card).filter((e) => e.id === id);

// The official parser's view of the card: its validation (two elements with one id), and whether each toggle's
// target is an element it knows (it does not check that itself).
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown): void; validateProperties(): { validationEvents: { message: string }[] }; getElementById(id: string): unknown };
};
function validationFailures(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card);
  const missing = toggles(card)
    .flatMap((t) => t.targetElements as string[])
    .filter((id) => !parsed.getElementById(id))
    .map((id) => `toggle target "${id}" is not on the card`);
  return [...parsed.validateProperties().validationEvents.map((e) => e.message), ...missing];
}

it('the checks find a toggle whose target is missing, and two elements with one id (so the checks below can fail)', () => {
  const hidden = { type: 'Container', id: 'guide.a', isVisible: false, items: [{ type: 'TextBlock', text: 'a' }] };
  const card = { type: 'AdaptiveCard', version: '1.5', body: [hidden, hidden, { type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 't', targetElements: ['guide.nowhere'] }] }] };
  const failures = validationFailures(card as unknown as AdaptiveCard).join(' ');
  expect(failures).toMatch(/guide\.nowhere/);
  expect(failures).toMatch(/guide\.a/);
});

/** The shipped profiles, each with the tool it starts audits with. */
const PAIRS = SHIPPED_PROFILE_IDS.map((id) => ({ id, profile: loadProfile(id), ref: loadProfile(id).auditTool }));

describe('every shipped tool on the review form', () => {
  it('each profile starts audits with its own framework\'s tool, and every shipped tool is used', () => {
    expect(Object.fromEntries(PAIRS.map((p) => [p.id, p.ref]))).toEqual({
      'sandwell-trust': 'sandwell-v1',
      scsp: 'scsp-multi-agency-v1',
      bcp: 'bcp-plr-v1',
      'telford-wrekin': 'telford-wrekin-v1',
      'west-sussex': 'west-sussex-v1',
    });
    expect([...SHIPPED_TOOL_REFS].sort()).toEqual(PAIRS.map((p) => p.ref).sort());
  });

  it.each(PAIRS)('$ref under $id: the form at its largest, every problem shown, parses and stays under 28 KB', ({ profile, ref }) => {
    const tool = snapshotOf(loadAuditTool(ref));
    const card = reviewView(viewOf(profile), acceptedAudit(profile), largestReview(tool));
    expect(cardProblems(card)).toEqual([]);
    expect(validationFailures(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).not.toContain('${');
    // Every typed rationale is still there, each input limited to the tool's own limit.
    for (const scope of scopesOf(tool)) {
      const input = byId(card, `rationale.${scope}`)[0]!;
      expect(input.value).toBe(x(rationaleMaxOf(tool, scope)));
      expect(input.maxLength).toBe(rationaleMaxOf(tool, scope));
    }
  });

  it.each(PAIRS)('$ref under $id: a fresh form has a "What good looks like" toggle per domain, showing the tool\'s own words', ({ profile, ref }) => {
    const tool = snapshotOf(loadAuditTool(ref));
    const card = reviewView(viewOf(profile), acceptedAudit(profile));
    expect(cardProblems(card)).toEqual([]);
    expect(validationFailures(card)).toEqual([]);
    const withGuide = scopesOf(tool).filter((s) => guideFor(tool, s).guide);
    expect(withGuide.length).toBeGreaterThanOrEqual(tool.domains.length);
    expect(toggles(card).map((t) => t.targetElements)).toEqual(withGuide.map((s) => [`guide.${s}`]));
    for (const scope of withGuide) {
      const [container] = byId(card, `guide.${scope}`);
      expect(container, scope).toMatchObject({ type: 'Container', isVisible: false });
      const text = cardText(container);
      const g = guidanceOf(tool, scope);
      for (const line of [...g.guidance, ...g.prompts]) expect(text).toContain(line);
      for (const grade of GRADES) if (g.descriptors[grade]) expect(text).toContain(`**${GRADE_LABELS[grade]}:** ${g.descriptors[grade]}`);
    }
    expect(cardText(card)).not.toContain(GUIDE_NOTES.none!);
  });

  it('West Sussex v1 shows its rubric per domain, and the Family Safeguarding prompt by the overall grade (WS-15, WS-19)', () => {
    const card = reviewView(viewOf(loadProfile('west-sussex')), acceptedAudit(loadProfile('west-sussex')));
    expect(cardText(byId(card, 'guide.planning')[0])).toContain('**Requires Improvement:** The plan is updated but could be more detailed and focused; not all actions are SMART');
    expect(cardText(byId(card, 'guide.overall')[0])).toContain('Family Safeguarding: is the model appropriately applied?');
  });

  it("Sandwell's grade descriptors are read by the overall grade (ST-07)", () => {
    const card = reviewView(viewOf(loadProfile('sandwell-trust')), acceptedAudit(loadProfile('sandwell-trust')));
    expect(cardText(byId(card, 'guide.overall')[0])).toContain('**Inadequate:** The planning and intervention are failing to protect the child from experiencing harm');
  });

  it('an audit started on an earlier snapshot shows that snapshot\'s words, not the shipped file\'s', () => {
    const profile = loadProfile('west-sussex');
    const shipped = snapshotOf(loadAuditTool('west-sussex-v1'));
    const kept: AuditToolSnapshot = { ...shipped, domains: shipped.domains.map((d) => (d.id === 'planning' ? { ...d, descriptors: { good: 'KEPT: the descriptor as it was when the audit started.' } } : d)) };
    const card = reviewView(viewOf(profile), acceptedAudit(profile, kept));
    const planning = cardText(byId(card, 'guide.planning')[0]);
    expect(planning).toContain('KEPT: the descriptor as it was when the audit started.');
    expect(planning).not.toContain('plans are ineffective and drifting');
  });

  it('an audit started before tools carried guidance shows none, and its form is as it was', () => {
    const profile = loadProfile('west-sussex');
    const old: AuditToolSnapshot = { id: 'west-sussex', version: 1, domains: loadAuditTool('west-sussex-v1').domains.map((d) => ({ id: d.id, name: d.name })) };
    const card = reviewView(viewOf(profile), acceptedAudit(profile, old));
    expect(toggles(card)).toEqual([]);
    expect(byId(card, 'rationale.planning')[0]!.maxLength).toBe(PRODUCT_RATIONALE_MAX);
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('a form too full to carry its guidance', () => {
  it('sheds the descriptors, then the guidance, says so, and keeps every input and problem', () => {
    // West Sussex at its largest (mandatory meeting, self-assessment) with long guidance in every domain.
    const profile = loadProfile('west-sussex');
    const shipped = snapshotOf(loadAuditTool('west-sussex-v1'));
    const heavy: AuditToolSnapshot = {
      ...shipped,
      domains: shipped.domains.map((d) => ({ ...d, guidance: Array.from({ length: TOOL_TEXT.guidanceLines }, () => x(TOOL_TEXT.guidanceLine)), descriptors: Object.fromEntries(GRADES.map((g) => [g, x(TOOL_TEXT.descriptor)])) })),
    };
    const state = largestReview(heavy);
    const card = reviewView(viewOf(profile), acceptedAudit(profile, heavy), state);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(GUIDE_NOTES.none!);
    expect(toggles(card)).toEqual([]);
    for (const [id, value] of Object.entries(state.values).filter(([k]) => k !== 'actionRows')) {
      expect(byId(card, id).length, id).toBe(1);
      expect(byId(card, id)[0]!.value, id).toBe(value);
    }
    for (const problem of Object.values(state.errors)) expect(cardText(card)).toContain(problem);
  });

  it('with room for the guidance but not the descriptors, keeps the guidance and says the descriptors are left off', () => {
    const profile = loadProfile('scsp');
    const shipped = snapshotOf(loadAuditTool('scsp-multi-agency-v1'));
    const heavy: AuditToolSnapshot = { ...shipped, domains: shipped.domains.map((d) => ({ ...d, descriptors: Object.fromEntries(GRADES.map((g) => [g, x(TOOL_TEXT.descriptor)])) })) };
    const card = reviewView(viewOf(profile), acceptedAudit(profile, heavy), largestReview(heavy));
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(cardText(card)).toContain(GUIDE_NOTES['without-descriptors']!);
    expect(toggles(card).length).toBeGreaterThan(0);
    expect(cardText(card)).not.toContain('**Good:**');
  });
});

/**
 * Tools at exactly the largest weight the schema allows, as heavy as they can be made in different ways: many
 * domains with short limits, few with long ones, long names. Without guidance (which a full form sheds), their
 * largest forms must fit even with both of West Sussex's extra sections (a mandatory meeting and a self-assessment).
 */
function toolOfWeight(domains: number, nameLength: number, weight = FORM_WEIGHT_MAX): AuditToolSnapshot | undefined {
  const names = Array.from({ length: domains }, (_, i) => `${String.fromCharCode(65 + i)}${x(nameLength - 1)}`);
  // The longest ids a domain may have (they are in every input id and the guide's element id).
  const ids = Array.from({ length: domains }, (_, i) => `d${String(i).padStart(2, '0')}${x(37)}`);
  const fixed =
    (domains + 1) * FORM_WEIGHT.perScope +
    FORM_WEIGHT.perNameCharacter * (names.join('').length + 'Overall'.length) +
    FORM_WEIGHT.perIdCharacter * (ids.join('').length + OVERALL.length);
  const spare = weight - fixed;
  const overallMax = Math.min(PRODUCT_RATIONALE_MAX, spare - domains * 100);
  const rationaleMax = Math.min(PRODUCT_RATIONALE_MAX, Math.floor((spare - overallMax) / domains));
  if (rationaleMax < 100 || overallMax < 100) return undefined;
  const raw = {
    id: 'heavy',
    version: 1,
    name: 'Heavy',
    source: 'test',
    domains: names.map((name, i) => ({ id: ids[i]!, name })),
    limits: { rationaleMax, overallRationaleMax: overallMax },
  };
  return snapshotOf(parseAuditTool('heavy-v1', raw));
}

describe('the form weight bounds any tool the schema accepts', () => {
  const shapes = Array.from({ length: MAX_DOMAINS }, (_, i) => i + 1).flatMap((domains) => [4, 20, TOOL_TEXT.name].map((nameLength) => ({ domains, nameLength })));
  /** A profile without the extra sections (Sandwell) takes the heaviest tools; West Sussex's meeting and self-assessment leave less room. */
  const profiles = [
    { profile: loadProfile('sandwell-trust'), weight: FORM_WEIGHT_MAX },
    { profile: loadProfile('west-sussex'), weight: FORM_WEIGHT_MAX - FORM_SECTION_WEIGHT.mandatoryMeeting - FORM_SECTION_WEIGHT.selfAssessment },
  ];
  const heavy = profiles.flatMap(({ profile, weight }) =>
    shapes.flatMap((s) => {
      const tool = toolOfWeight(s.domains, s.nameLength, weight);
      return tool ? [{ ...s, profileId: profile.id, profile, tool }] : [];
    }),
  );

  it('tools of the largest weight come in many shapes; with 11 or 12 domains none fits', () => {
    expect(heavy.filter((h) => h.profileId === 'sandwell-trust').map((h) => h.domains)).toEqual(expect.arrayContaining([1, 5, 9]));
    expect(heavy.filter((h) => h.profileId === 'west-sussex').map((h) => h.domains)).toEqual(expect.arrayContaining([1, 5, 7]));
    expect(heavy.some((h) => h.domains >= 11)).toBe(false);
    for (const { tool, profile } of heavy) {
      expect(formWeightWith(tool, { mandatoryMeeting: profile.meeting.mandatory, selfAssessment: profile.meeting.selfAssessment })).toBeLessThanOrEqual(FORM_WEIGHT_MAX);
    }
  });

  it.each(heavy)('$domains domains named with $nameLength characters, under $profileId: the largest review form fits', ({ tool, profile }) => {
    const card = reviewView(viewOf(profile), acceptedAudit(profile, tool), largestReview(tool));
    expect(cardProblems(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it.each(heavy.filter((h) => h.profileId === 'sandwell-trust'))('$domains domains named with $nameLength characters: the largest moderation card fits', ({ tool }) => {
    const card = largestModeration(tool);
    expect(cardProblems(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  // A profile with a moderation panel (Telford & Wrekin) leaves the panel's weight for its section on the moderation card.
  const heavyWithPanel = shapes.flatMap((s) => {
    const tool = toolOfWeight(s.domains, s.nameLength, FORM_WEIGHT_MAX - FORM_SECTION_WEIGHT.panel);
    return tool ? [{ ...s, tool }] : [];
  });
  it.each(heavyWithPanel)('$domains domains named with $nameLength characters and the largest panel: the largest moderation card fits', ({ tool }) => {
    expect(formWeightWith(tool, { mandatoryMeeting: false, selfAssessment: false, panel: true })).toBeLessThanOrEqual(FORM_WEIGHT_MAX);
    const card = largestModeration(tool, true, true);
    expect(cardProblems(card)).toEqual([]);
    expect(validationFailures(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('a tool one name character heavier is refused, saying why', () => {
    const tool = toolOfWeight(8, 20)!;
    expect(formWeight(tool)).toBeGreaterThan(FORM_WEIGHT_MAX - FORM_WEIGHT.perNameCharacter);
    const raw = { id: 'heavy', version: 1, name: 'Heavy', source: 'test', domains: tool.domains.map((d) => ({ id: d.id, name: d.name })), limits: { rationaleMax: tool.limits!.rationaleMax, overallRationaleMax: tool.limits!.overallRationaleMax } };
    expect(() => parseAuditTool('heavy-v1', raw)).not.toThrow();
    raw.domains[0]!.name += 'y';
    expect(() => parseAuditTool('heavy-v1', raw)).toThrow(/limits\.rationaleMax: the audit form would be too large for a Teams card \(weight \d+, at most 11700\)/);
  });
});

/** The moderation card for a tool at its largest (or, `full` false, a short one), as the moderation view builds its rows. */
function largestModeration(tool: AuditToolSnapshot, full = true, withPanel = false) {
  const x = (n: number) => 'x'.repeat(full ? n : Math.min(n, 20));
  const rows: ModerationRow[] = scopesOf(tool).map((scope) => ({
    label: scopeLabel(tool, scope),
    reviewerGrade: 'Requires Improvement',
    reviewerRationale: x(rationaleMaxOf(tool, scope)),
    decisionInput: `decision.${scope}`,
    decision: 'inadequate',
    choices: [{ title: 'Agree: Requires Improvement', value: 'agree' }, ...GRADES.filter((g) => g !== 'requiresImprovement').map((g) => ({ title: `Change to ${GRADE_LABELS[g]}`, value: g }))],
    decisionError: 'Choose agree, or the grade it changes to.',
    rationaleInput: `reason.${scope}`,
    rationale: x(Math.min(LIMITS.reason, rationaleMaxOf(tool, scope))),
    reasonMax: Math.min(LIMITS.reason, rationaleMaxOf(tool, scope)),
    rationaleError: `Say why you changed the grade for ${scopeLabel(tool, scope)}.`,
    ...guideFor(tool, scope),
  }));
  return renderModeration({
    caseRef: 'CR-10421',
    urgent: true,
    subtitle: 'Submitted by Rhea Okafor · moderation due Thu 31 Dec 2026 · sampled: 20% draw, seed bcp-seed, submission 17',
    errorSummary: '27 things need fixing before this can be submitted: see the messages in red below. Nothing has been lost.',
    editable: true,
    rows,
    feedback: `Not possible: ${x(LIMITS.feedbackWhyNot)} Found in the record: ${x(LIMITS.feedbackWhereFound)} Plan: ${x(LIMITS.feedbackPlan)} (by Thu 31 Dec 2026).`,
    goodPractice: x(LIMITS.goodPractice),
    reviewerActions: Array.from({ length: MAX_ACTION_ROWS }, (_, i) => `${i + 1}. ${x(ACTION_DESCRIPTION_MAX)} (Colleague Number1 Longname, due Thu 31 Dec 2026)`),
    actions: Array.from({ length: MODERATOR_MAX_ACTIONS }, (_, i) => ({
      rowId: `r${i}`,
      descriptionInput: `action.r${i}.description`,
      description: x(ACTION_DESCRIPTION_MAX),
      descriptionError: 'Keep this under 200 characters (it has 201).',
      ownerInput: `action.r${i}.ownerId`,
      owner: people[0]!.id,
      ownerError: 'Choose an owner from the list.',
      dueInput: `action.r${i}.dueDate`,
      due: '2026-12-31',
      dueError: 'Due by Tue 29 Dec at the latest: actions are due within 4 weeks.',
    })),
    ownerChoices: people.map((p) => ({ title: `${p.name} (practitioner)`, value: p.id })),
    maxActions: MODERATOR_MAX_ACTIONS,
    rationaleMax: LIMITS.reason,
    actionMax: ACTION_DESCRIPTION_MAX,
    // The largest panel a profile may ask for (four: the chair and three members), every answer at its longest and wrong.
    ...(withPanel ? { panel: {
      note: 'You chair this panel. Record the one decision it agrees.',
      editable: true,
      members: people.slice(0, 3).map((p) => ({ title: p.name, value: p.id })),
      tookPart: people.slice(0, 3).map((p) => p.id).join(','),
      tookPartError: 'Choose only members of this panel.',
      reflects: 'partly',
      reflectsError: 'Say whether the audit reflects the quality of practice.',
      learning: x(LIMITS.panelLearning),
      learningError: 'Say what learning the audit gives the worker.',
      learningMax: LIMITS.panelLearning,
    } } : {}),
    ref: { ...new CardSigner('k'.repeat(32)).audit('moderation', 'a-2026-12-CR-10421', 1), actionRows: 'r0,r1,r2' },
    refreshUserIds: ['29:1a2b3c4d5e6f'],
  });
}

describe('every shipped tool on the moderation card (read-only guidance)', () => {
  it.each(SHIPPED_TOOL_REFS)('%s: at its largest (with the largest panel) it parses and stays under 28 KB', (ref) => {
    const card = largestModeration(snapshotOf(loadAuditTool(ref)), true, true);
    expect(cardProblems(card)).toEqual([]);
    expect(validationFailures(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it.each(SHIPPED_TOOL_REFS)('%s: with short texts, each row with guidance has a toggle showing it, read-only', (ref) => {
    const tool = snapshotOf(loadAuditTool(ref));
    const card = largestModeration(tool, false);
    expect(cardProblems(card)).toEqual([]);
    expect(validationFailures(card)).toEqual([]);
    const withGuide = scopesOf(tool).filter((s) => guideFor(tool, s).guide);
    expect(toggles(card).map((t) => t.targetElements)).toEqual(withGuide.map((s) => [`guide.${s}`]));
    for (const scope of withGuide) {
      const [container] = byId(card, `guide.${scope}`);
      expect(container).toMatchObject({ type: 'Container', isVisible: false });
      expect(elements(container).some((e) => typeof e.type === 'string' && e.type.startsWith('Input.'))).toBe(false);
      for (const line of guidanceOf(tool, scope).guidance) expect(cardText(container)).toContain(line);
    }
  });

  it('an overall guide targets the overall row', () => {
    expect(guideFor(snapshotOf(loadAuditTool('sandwell-v1')), OVERALL).guide?.id).toBe('guide.overall');
  });
});

