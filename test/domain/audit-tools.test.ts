import { describe, expect, it } from 'vitest';
import {
  AuditToolSchema,
  DEFAULT_LIMITS,
  formWeight,
  FORM_WEIGHT_MAX,
  guidanceOf,
  InvalidAuditTool,
  limitsOf,
  OVERALL,
  parseAuditTool,
  PRODUCT_RATIONALE_MAX,
  rationaleMaxOf,
  scopesOf,
  snapshotOf,
  TOOL_TEXT,
  type AuditToolSnapshot,
} from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool, SHIPPED_TOOL_REFS, toolFor } from '../../workflow/audit-tools/tools.js';
import westSussexV1 from '../../workflow/audit-tools/west-sussex-v1.json' with { type: 'json' };
import { InvalidInput } from '../../workflow/errors.js';
import { GRADES } from '../../workflow/grades.js';
import { moderationDraftShapeProblems } from '../../workflow/moderation/moderation.js';
import { InvalidProfile, parseProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import westSussexProfile from '../../workflow/policy/profiles/west-sussex.json' with { type: 'json' };
import { reviewDraftShapeProblems } from '../../workflow/review/draft.js';
import { LIMITS } from '../../workflow/review/record-paths.js';
import { validateReview, type ReviewContext } from '../../workflow/review/validate.js';
import { aModerationDraft, anAudit, aReviewDraft, cast, castList } from '../fakes/index.js';
import { failureOf, setup } from './flow.js';

/**
 * Each framework's audit tool as versioned data: its domains in the seed's words, "what good looks like" and grade
 * descriptors the reviewer reads, and the limits the review is validated against (FIDELITY WS-13/14/15/19, ST-07/08,
 * SC-01/02, TW-06/07, BC-09).
 */

const raw = () => structuredClone(westSussexV1) as Record<string, any>;
const refuse = (tool: Record<string, any>) => () => parseAuditTool('west-sussex-v1', tool);

describe('the shipped tools', () => {
  it.each(SHIPPED_TOOL_REFS)('%s parses, is frozen, and is within the form weight', (ref) => {
    const tool = loadAuditTool(ref);
    expect(`${tool.id}-v${tool.version}`).toBe(ref);
    expect(Object.isFrozen(tool.domains[0]!)).toBe(true);
    expect(formWeight(tool)).toBeLessThanOrEqual(FORM_WEIGHT_MAX);
    // Every domain gives the reviewer something to read.
    for (const d of tool.domains) expect((d.guidance?.length ?? 0) + Object.keys(d.descriptors ?? {}).length, `${ref} ${d.id}`).toBeGreaterThan(0);
  });

  const OWN_TOOL: Record<string, string> = { 'west-sussex': 'west-sussex-v1', 'sandwell-trust': 'sandwell-v1', scsp: 'scsp-multi-agency-v1', 'telford-wrekin': 'telford-wrekin-v1', bcp: 'bcp-plr-v1' };

  it.each(SHIPPED_PROFILE_IDS)("profile %s names its framework's own tool, which exists, and does not call it a default", (id) => {
    const profile = loadProfile(id);
    expect(profile.auditTool).toBe(OWN_TOOL[id]);
    expect(SHIPPED_TOOL_REFS).toContain(profile.auditTool);
    expect(() => loadAuditTool(profile.auditTool)).not.toThrow();
    expect(profile.defaulted).not.toContain('auditTool');
  });

  it('the domains are the seeds\' own', () => {
    const domains = (ref: string) => loadAuditTool(ref).domains.map((d) => d.name);
    expect(domains('west-sussex-v1')).toEqual(['Assessment', 'Planning', 'Intervention & Visiting', 'Review', 'Management Oversight']);
    expect(domains('sandwell-v1')).toEqual(['Assessment', 'SMART plan', 'Direct work and support', 'Records', 'ST*R Practice Model', 'Management oversight']);
    expect(domains('scsp-multi-agency-v1')).toEqual(['Child exploitation', 'Neglect', 'Early Help', 'Core safeguarding']);
    expect(domains('telford-wrekin-v1')).toEqual([
      "Child and family's voice",
      'Assessment',
      'Plans and care planning',
      'Statutory requirements and visits',
      'Thresholds and decision-making',
      'Recording',
      'Supervision and oversight',
      'Family Safeguarding',
    ]);
    expect(domains('bcp-plr-v1')).toEqual(['Practice standards', "The child's lived experience", 'Purpose and focus of our work', "Decision-making in the child's record", 'Voice of the child and family']);
  });

  it('West Sussex v1 keeps its ids and names, adds its rubric (no Outstanding column) and a Family Safeguarding prompt', () => {
    const ws = loadAuditTool('west-sussex-v1');
    expect(scopesOf(ws)).toEqual(['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight', 'overall']);
    for (const d of ws.domains) expect(Object.keys(d.descriptors ?? {})).toEqual(['good', 'requiresImprovement', 'inadequate']);
    expect(guidanceOf(ws, 'planning').descriptors.inadequate).toContain('plans are ineffective and drifting');
    expect(guidanceOf(ws, OVERALL).prompts.join(' ')).toMatch(/Family Safeguarding/);
    // Today's behaviour: 500 characters per rationale, family feedback required, good practice optional.
    expect(ws.limits).toEqual(DEFAULT_LIMITS);
  });

  it("Sandwell's overall descriptors are the QAF's, for all four grades (ST-07); review of impact and lifting practice to good by the overall grade (ST-08, ST-06)", () => {
    const sandwell = loadAuditTool('sandwell-v1');
    const d = sandwell.gradeDescriptors!;
    expect(Object.keys(d)).toEqual(['outstanding', 'good', 'requiresImprovement', 'inadequate']);
    expect(d.inadequate).toMatch(/^The planning and intervention are failing to protect the child/);
    expect(guidanceOf(sandwell, OVERALL).guidance[0]).toMatch(/^Review and evaluate the impact/);
    expect(guidanceOf(sandwell, OVERALL).prompts[0]).toMatch(/lift it up to good/);
  });

  it('Telford & Wrekin includes Family Safeguarding, and fits eight standards with shorter rationales (TW-06/07)', () => {
    const tw = loadAuditTool('telford-wrekin-v1');
    expect(guidanceOf(tw, 'familySafeguarding').prompts.join(' ')).toMatch(/supervision.*workbook.*family programmes/is);
    expect(tw.limits).toMatchObject({ rationaleMax: 215, overallRationaleMax: 500 });
  });

  it('SCSP states no grade scale, so its tool has no grade descriptors; its guidance is Appendix 2\'s (SC-02)', () => {
    const sc = loadAuditTool('scsp-multi-agency-v1');
    expect(sc.gradeDescriptors).toBeUndefined();
    expect(sc.domains.every((d) => d.descriptors === undefined)).toBe(true);
    expect(guidanceOf(sc, 'earlyHelp').guidance[0]).toMatch(/Team Around the Family/);
  });
});

describe('a tool is refused with a clear message', () => {
  const cases: [string, (t: Record<string, any>) => void, string][] = [
    ['a descriptor for a grade that does not exist', (t) => (t.domains[0].descriptors.adequate = 'Fine.'), 'domains.0.descriptors: "adequate" is not a grade: use outstanding, good, requiresImprovement, inadequate'],
    ['a grade written as its label', (t) => (t.domains[1].descriptors = { 'Requires Improvement': 'x' }), 'domains.1.descriptors: "Requires Improvement" is not a grade'],
    ['a descriptor too long for the card', (t) => (t.domains[0].descriptors.good = 'g'.repeat(TOOL_TEXT.descriptor + 1)), `domains.0.descriptors.good: keep it under ${TOOL_TEXT.descriptor} characters (the card carries it in full)`],
    ['a blank descriptor', (t) => (t.domains[0].descriptors.good = '   '), 'domains.0.descriptors.good: must not be blank'],
    ['descriptors naming no grade', (t) => (t.domains[0].descriptors = {}), 'domains.0.descriptors: name at least one grade, or leave the descriptors out'],
    ['a guidance line too long', (t) => (t.domains[2].guidance[0] = 'g'.repeat(TOOL_TEXT.guidanceLine + 1)), `domains.2.guidance.0: keep it under ${TOOL_TEXT.guidanceLine} characters`],
    ['too many guidance lines', (t) => (t.domains[0].guidance = Array.from({ length: TOOL_TEXT.guidanceLines + 1 }, () => 'A line.')), `domains.0.guidance: at most ${TOOL_TEXT.guidanceLines} guidance lines`],
    ['too many prompts', (t) => (t.domains[1].prompts = ['a?', 'b?', 'c?', 'd?']), `domains.1.prompts: at most ${TOOL_TEXT.prompts} prompts`],
    ['an overall descriptor too long', (t) => (t.gradeDescriptors = { inadequate: 'i'.repeat(TOOL_TEXT.gradeDescriptor + 1) }), `gradeDescriptors.inadequate: keep it under ${TOOL_TEXT.gradeDescriptor} characters`],
    ['a domain name too long', (t) => (t.domains[0].name = 'n'.repeat(TOOL_TEXT.name + 1)), 'domains.0.name'],
    ['a rationale limit above the product\'s', (t) => (t.limits.rationaleMax = PRODUCT_RATIONALE_MAX + 1), `limits.rationaleMax: at most ${PRODUCT_RATIONALE_MAX} characters, the product's limit`],
    ['a rationale limit too short to hold evidence', (t) => (t.limits.rationaleMax = 20), 'limits.rationaleMax: at least 100 characters'],
    ['a required field the review cannot check', (t) => (t.limits.required.actions = true), 'limits.required'],
    ['thirteen domains', (t) => (t.domains = Array.from({ length: 13 }, (_, i) => ({ id: `d${i}`, name: `D${i}` }))), 'domains: Array must contain at most 12 element(s)'],
    ['a form too large for a Teams card', (t) => t.domains.push(...['a', 'b', 'c', 'd'].map((id) => ({ id: `extra${id}`, name: `Extra domain ${id}` }))), 'limits.rationaleMax: the audit form would be too large for a Teams card'],
  ];

  it.each(cases)('%s', (_what, breakIt, message) => {
    const tool = raw();
    breakIt(tool);
    expect(refuse(tool)).toThrow(InvalidAuditTool);
    expect(refuse(tool)).toThrow(message);
    expect(refuse(tool)).toThrow(/^Audit tool "west-sussex-v1" is invalid: /);
  });

  it('the unbroken copy used above is itself valid (so each case fails for its own reason)', () => {
    expect(parseAuditTool('west-sussex-v1', raw()).domains).toHaveLength(5);
  });

  it('a tool without limits is held to today\'s: 500 characters, family feedback required', () => {
    const tool = raw();
    delete tool.limits;
    expect(parseAuditTool('west-sussex-v1', tool).limits).toEqual(DEFAULT_LIMITS);
    expect(AuditToolSchema.parse({ ...tool, limits: { rationaleMax: 300 } }).limits).toEqual({ rationaleMax: 300, overallRationaleMax: 300, required: { familyFeedback: true, goodPractice: false } });
  });

  it('a profile whose tool leaves no room for its mandatory meeting and self-assessment is refused', () => {
    const profile = { ...structuredClone(westSussexProfile), auditTool: 'telford-wrekin-v1' };
    expect(() => parseProfile('west-sussex', profile)).toThrow(InvalidProfile);
    expect(() => parseProfile('west-sussex', profile)).toThrow(/auditTool: "telford-wrekin-v1" with a mandatory meeting and a self-assessment would make the audit form too large/);
    expect(parseProfile('west-sussex', { ...profile, meeting: { ...profile.meeting, mandatory: false, selfAssessment: false } }).auditTool).toBe('telford-wrekin-v1');
  });
});

describe('an audit keeps the tool it started with, descriptors and limits included', () => {
  /** West Sussex v1 as an audit started it: other descriptors and a shorter limit than the shipped file's today. */
  const started: AuditToolSnapshot = (() => {
    const shipped = snapshotOf(loadAuditTool('west-sussex-v1'));
    return {
      ...shipped,
      domains: shipped.domains.map((d) => (d.id === 'planning' ? { ...d, descriptors: { good: 'As it read when the audit started.' } } : d)),
      limits: { ...DEFAULT_LIMITS, rationaleMax: 300 },
    };
  })();

  it('the snapshot carries what the form, moderation and history need: names, guidance, descriptors, limits', () => {
    const snapshot = snapshotOf(loadAuditTool('sandwell-v1'));
    expect(snapshot).toEqual(JSON.parse(JSON.stringify({ ...loadAuditTool('sandwell-v1'), name: undefined, source: undefined })));
    expect(snapshot.gradeDescriptors?.good).toMatch(/^There is good support/);
    expect(Object.isFrozen(snapshot)).toBe(false); // a plain copy, stored with the audit
  });

  it('saving and submitting keep the snapshot: the shipped file is not read again', async () => {
    const f = setup({ audits: [{ ...anAudit().withStatus('inReview').build(), tool: started }] });
    const saved = await f.saveAs(cast.reviewer.id, aReviewDraft().build());
    expect(saved.audit.tool).toEqual(started);
    expect(toolFor(saved.audit, f.profile)).toBe(saved.audit.tool);
    expect(guidanceOf(toolFor(saved.audit, f.profile), 'planning').descriptors).toEqual({ good: 'As it read when the audit started.' });

    // Its limit, not the shipped file's 500, holds the rationale.
    const error = (await failureOf(f.submitAs(cast.reviewer.id, aReviewDraft().graded('planning', 'good', 'p'.repeat(301)).build()))) as InvalidInput;
    expect(error.fields).toEqual({ 'rationale.planning': 'Keep this under 300 characters (it has 301).' });
    const { audit } = await f.submitAs(cast.reviewer.id, aReviewDraft().graded('planning', 'good', 'p'.repeat(300)).build());
    expect(audit.status).not.toBe('inReview');
    expect(audit.tool).toEqual(started);
  });

  it('a new audit starts with the profile\'s current tool, snapshotted whole', async () => {
    const f = setup({ profile: 'sandwell-trust' });
    const { audit } = await f.saveAs(cast.reviewer.id, aReviewDraft().forTool('sandwell-v1').build());
    expect(audit.tool).toEqual(snapshotOf(loadAuditTool('sandwell-v1')));
    expect(audit.history.at(-1)?.detail).toBe('audit tool sandwell v1');
  });
});

describe('review validation reads the tool\'s limits', () => {
  const ws = snapshotOf(loadAuditTool('west-sussex-v1'));
  const context = (tool: AuditToolSnapshot): ReviewContext => ({ tool, today: '2026-12-01', maxWeeks: 4, remedialActionDays: 10, people: castList });
  const problems = (tool: AuditToolSnapshot, draft = aReviewDraft().forTool(tool).build()) => {
    const result = validateReview(draft, context(tool));
    return result.ok ? {} : result.problems;
  };
  const withLimits = (tool: AuditToolSnapshot, limits: Partial<typeof DEFAULT_LIMITS>): AuditToolSnapshot => ({ ...tool, limits: { ...DEFAULT_LIMITS, ...limits } });

  it('West Sussex v1: 500 characters a rationale, as before', () => {
    expect(rationaleMaxOf(ws, 'planning')).toBe(LIMITS.rationale);
    expect(problems(ws, aReviewDraft().graded('planning', 'good', 'p'.repeat(500)).build())).toEqual({});
    expect(problems(ws, aReviewDraft().graded('planning', 'good', 'p'.repeat(501)).build())).toEqual({ 'rationale.planning': 'Keep this under 500 characters (it has 501).' });
  });

  it("Telford & Wrekin: 215 a standard's rationale, 500 the overall's", () => {
    const tw = snapshotOf(loadAuditTool('telford-wrekin-v1'));
    const draft = aReviewDraft().forTool(tw).graded('recording', 'good', 'r'.repeat(216)).overall('good', 'o'.repeat(500)).build();
    expect(problems(tw, draft)).toEqual({ 'rationale.recording': 'Keep this under 215 characters (it has 216).' });
    expect(reviewDraftShapeProblems(draft, tw)).toEqual({ 'rationale.recording': 'Keep this under 215 characters (it has 216).' });
  });

  it('an audit started before tools had limits is held to today\'s', () => {
    const old: AuditToolSnapshot = { id: 'west-sussex', version: 1, domains: ws.domains.map((d) => ({ id: d.id, name: d.name })) };
    expect(limitsOf(old)).toBe(DEFAULT_LIMITS);
    expect(problems(old, aReviewDraft().feedbackObtained(null).graded('review', 'good', 'r'.repeat(501)).build())).toEqual({
      'feedback.summary': "Summarise the child's or family's feedback.",
      'rationale.review': 'Keep this under 500 characters (it has 501).',
    });
  });

  it('family feedback not required: a blank section is accepted and recorded as absent; one begun is checked as before', () => {
    const optional = withLimits(ws, { required: { familyFeedback: false, goodPractice: false } });
    const blank = validateReview(aReviewDraft().withFeedback({}).build(), context(optional));
    expect(blank.ok && blank.review.familyFeedback).toBeUndefined();
    expect(blank.ok).toBe(true);
    expect(problems(optional, aReviewDraft().withFeedback({ obtained: 'no' }).build())).toEqual({
      'feedback.whyNot': 'Say why family feedback could not be obtained.',
      'feedback.whereFound': 'Say where in the record existing feedback was found (or that none was).',
      'feedback.plan': 'Say what will be done to obtain family feedback.',
      'feedback.planBy': 'Say by when family feedback will be obtained.',
    });
    // Where it is required (every shipped tool), a blank section is refused as before.
    expect(problems(ws, aReviewDraft().withFeedback({}).build())).toEqual({ 'feedback.obtained': 'Say whether family feedback was obtained.' });
  });

  it('good practice required: a blank one is refused next to its field', () => {
    const required = withLimits(ws, { required: { familyFeedback: true, goodPractice: true } });
    expect(problems(required, aReviewDraft().withGoodPractice('  ').build())).toEqual({ goodPractice: 'Name the good practice seen: what went well for the child.' });
    expect(problems(ws, aReviewDraft().withGoodPractice(undefined).build())).toEqual({});
  });

  it('a review submitted without family feedback (not required) is recorded so, in the history too', async () => {
    const optional = withLimits(ws, { required: { familyFeedback: false, goodPractice: false } });
    const f = setup({ audits: [{ ...anAudit().withStatus('inReview').build(), tool: optional }] });
    const { audit } = await f.submitAs(cast.reviewer.id, aReviewDraft().withFeedback({}).build());
    expect(audit.review?.submitted).toBeDefined();
    expect(audit.review?.submitted?.familyFeedback).toBeUndefined();
    expect(audit.history.find((h) => h.event === 'family feedback')?.detail).toBe('not recorded (the audit tool does not require it)');
  });

  it("a moderator's reason for a change is held to the same limit as the grade's rationale", () => {
    const tw = snapshotOf(loadAuditTool('telford-wrekin-v1'));
    const draft = { decisions: { recording: { decision: 'inadequate', reason: 'r'.repeat(216) }, overall: { decision: 'agree' } }, actions: [] };
    expect(moderationDraftShapeProblems(draft, tw)).toEqual({ 'reason.recording': 'Keep this under 215 characters (it has 216).' });
    expect(moderationDraftShapeProblems(aModerationDraft({ planning: ['good', 'r'.repeat(500)] }), ws)).toEqual({});
  });

  it('every grade a descriptor may name is on the scale', () => {
    for (const ref of SHIPPED_TOOL_REFS) {
      const tool = loadAuditTool(ref);
      for (const d of [...tool.domains.map((x) => x.descriptors ?? {}), tool.gradeDescriptors ?? {}]) {
        for (const key of Object.keys(d)) expect(GRADES).toContain(key);
      }
    }
  });
});
