import { z } from 'zod';
import { GRADES, type Grade } from '../grades.js';

/**
 * An audit tool: a named, versioned list of practice domains, each graded with a rationale, plus an overall
 * grade. Tools are data (JSON beside this file), never code; a profile names one as `<id>-v<version>`.
 *
 * Besides its domains a tool carries, as data, what the reviewer reads while grading (each domain's "what good
 * looks like" guidance, the framework's descriptor for each grade, questions to consider; the framework's
 * overall grade descriptors) and the limits the review is validated against (`limits`). Every text is bounded,
 * and so is the form as a whole (`formWeight`), so the audit form stays under Teams' 28 KB card limit.
 */

/** The overall grade's scope id: reserved, so no domain may use it. */
export const OVERALL = 'overall';

/** Domain ids become parts of record paths (`grade.<domainId>`), so they are plain camelCase words. */
const DOMAIN_ID = /^[a-z][A-Za-z0-9]{0,39}$/;

/**
 * The longest rationale any grade may have: the product's limit, which the result, moderation and history cards
 * are sized for. A tool may set a lower one (`limits.rationaleMax`), never a higher one.
 */
export const PRODUCT_RATIONALE_MAX = 500;

/** Longest texts a tool may carry: one-sentence descriptors, short bullet lines, a few of each. */
export const TOOL_TEXT = {
  name: 60,
  guidanceLine: 160,
  guidanceLines: 4,
  prompt: 160,
  prompts: 3,
  descriptor: 220,
  gradeDescriptor: 260,
} as const;

/** At most this many domains, whatever their limits (the form's weight bounds them further). */
export const MAX_DOMAINS = 12;

/**
 * The audit form's weight, a stand-in for its size in bytes at its largest (every text at its limit, every problem
 * shown, five action rows): per graded scope (each domain and the overall grade) an allowance for its inputs and
 * their problems, five times its name (the label, the inputs' labels and the problems repeat it), twice its id (in
 * the input ids), and its rationale limit. A profile adds its form's own sections (a mandatory meeting's reason, the
 * practitioner's self-assessment). A tool, or a profile with its tool, heavier than FORM_WEIGHT_MAX is refused:
 * its forms might not fit in a Teams card. test/cards/audit-tool-cards.test.ts renders tools of exactly this weight,
 * shaped every way (1 to 12 domains, short and long names, the longest ids), to prove the review and moderation
 * cards fit. Guidance is not counted: a full form leaves it off, and says so. West Sussex v1 weighs 8,910
 * (11,360 with its meeting and self-assessment); Telford & Wrekin v1, with eight domains, 11,676.
 */
export const FORM_WEIGHT = { perScope: 900, perNameCharacter: 5, perIdCharacter: 2 } as const;
/** A moderation panel's section is on the moderation card, not the form, but is weighed the same way: both must fit. */
export const FORM_SECTION_WEIGHT = { mandatoryMeeting: 1_050, selfAssessment: 1_400, panel: 300 } as const;
export const FORM_WEIGHT_MAX = 11_700;

/** What a tool can require of the review besides a grade and rationale for every scope (always required). */
export interface RequiredFields {
  /** The family-feedback section: obtained (what they said), or why not / where found / what will be done by when. */
  readonly familyFeedback: boolean;
  /** "Good practice to celebrate". */
  readonly goodPractice: boolean;
}

export interface ToolLimits {
  /** Longest rationale for each domain's grade. */
  readonly rationaleMax: number;
  /** Longest rationale for the overall grade (the impact on the child). */
  readonly overallRationaleMax: number;
  readonly required: RequiredFields;
}

/** Today's limits: what every audit started before tools carried limits is held to (West Sussex v1's too). */
export const DEFAULT_LIMITS: ToolLimits = Object.freeze({
  rationaleMax: PRODUCT_RATIONALE_MAX,
  overallRationaleMax: PRODUCT_RATIONALE_MAX,
  required: Object.freeze({ familyFeedback: true, goodPractice: false }),
});

const GRADE_KEYS = GRADES.join(', ');

/** One short text, never blank: the card shows it in full, so its length is bounded. */
const text = (max: number) =>
  z
    .string()
    .max(max, `keep it under ${max} characters (the card carries it in full)`)
    .refine((s) => s.trim().length > 0, 'must not be blank');

/** `{ good: "…", inadequate: "…" }`: any of the four grades, each at most `max` characters, nothing else. */
const descriptors = (max: number) =>
  z
    .strictObject(Object.fromEntries(GRADES.map((g) => [g, text(max).optional()])) as Record<Grade, z.ZodOptional<ReturnType<typeof text>>>, {
      errorMap: (issue, ctx) =>
        issue.code === z.ZodIssueCode.unrecognized_keys
          ? { message: `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a grade' : 'are not grades'}: use ${GRADE_KEYS}` }
          : { message: ctx.defaultError },
    })
    .refine((d) => Object.keys(d).length > 0, 'name at least one grade, or leave the descriptors out');

const lines = (max: number, count: number, what: string) =>
  z.array(text(max)).min(1, `give at least one ${what}, or leave them out`).max(count, `at most ${count} ${what}s: the card shows them all`);

const rationaleMax = z
  .number()
  .int()
  .min(100, 'at least 100 characters: a rationale needs room for the evidence')
  .max(PRODUCT_RATIONALE_MAX, `at most ${PRODUCT_RATIONALE_MAX} characters, the product's limit (results and history are sized for it)`);

const DomainSchema = z.strictObject({
  id: z
    .string()
    .regex(DOMAIN_ID, 'must be a camelCase word (letters and digits, starting with a lower-case letter)')
    .refine((id) => id !== OVERALL, `"${OVERALL}" is reserved for the overall grade`),
  name: z.string().min(1).max(TOOL_TEXT.name),
  /** "What good looks like": a few short bullet lines, in the framework's words. */
  guidance: lines(TOOL_TEXT.guidanceLine, TOOL_TEXT.guidanceLines, 'guidance line').optional(),
  /** The framework's descriptor of each grade for this domain (a rubric's columns), one sentence each. */
  descriptors: descriptors(TOOL_TEXT.descriptor).optional(),
  /** Questions the reviewer considers. */
  prompts: lines(TOOL_TEXT.prompt, TOOL_TEXT.prompts, 'prompt').optional(),
});

export const AuditToolSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    name: z.string().min(1).max(120),
    source: z.string().min(1).max(400),
    domains: z.array(DomainSchema).min(1).max(MAX_DOMAINS),
    /** The framework's overall descriptor of each grade (Sandwell: "Inadequate: The planning and intervention …"). */
    gradeDescriptors: descriptors(TOOL_TEXT.gradeDescriptor).optional(),
    /** What the overall grade looks at, and questions across the domains (West Sussex: Family Safeguarding). */
    overall: z
      .strictObject({
        guidance: lines(TOOL_TEXT.guidanceLine, TOOL_TEXT.guidanceLines, 'guidance line').optional(),
        prompts: lines(TOOL_TEXT.prompt, TOOL_TEXT.prompts, 'prompt').optional(),
      })
      .optional(),
    limits: z
      .strictObject({
        rationaleMax: rationaleMax.default(DEFAULT_LIMITS.rationaleMax),
        overallRationaleMax: rationaleMax.optional(),
        required: z
          .strictObject({
            familyFeedback: z.boolean().default(DEFAULT_LIMITS.required.familyFeedback),
            goodPractice: z.boolean().default(DEFAULT_LIMITS.required.goodPractice),
          })
          .default({}),
      })
      .default({})
      .transform((l): ToolLimits => ({ rationaleMax: l.rationaleMax, overallRationaleMax: l.overallRationaleMax ?? l.rationaleMax, required: l.required })),
  })
  .superRefine((tool, ctx) => {
    const seen = new Set<string>();
    tool.domains.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['domains', i, 'id'], message: `duplicate domain id "${d.id}"` });
      seen.add(d.id);
    });
    const weight = formWeight(tool);
    if (weight > FORM_WEIGHT_MAX) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['limits', 'rationaleMax'],
        message: `the audit form would be too large for a Teams card (weight ${weight}, at most ${FORM_WEIGHT_MAX}): lower the rationale limits, shorten domain names or use fewer domains`,
      });
    }
  });

export type AuditTool = z.infer<typeof AuditToolSchema>;
export type ToolDomain = AuditTool['domains'][number];
export type GradeDescriptors = Readonly<Partial<Record<Grade, string>>>;
export type DomainId = string;
/** A domain id, or `overall`. */
export type ScopeId = string;

/** What an audit keeps of a domain: its id and name, and what the reviewer read while grading it. */
export interface DomainSnapshot {
  readonly id: DomainId;
  readonly name: string;
  readonly guidance?: readonly string[];
  readonly descriptors?: GradeDescriptors;
  readonly prompts?: readonly string[];
}

/**
 * What an audit keeps of the tool it was started with, so a later version never changes an audit in flight:
 * its domains with their names and descriptors, the overall descriptors and the limits it is validated against.
 * Audits started before tools carried descriptors and limits have neither: they are held to DEFAULT_LIMITS.
 */
export interface AuditToolSnapshot {
  readonly id: string;
  readonly version: number;
  readonly domains: readonly DomainSnapshot[];
  readonly gradeDescriptors?: GradeDescriptors;
  readonly overall?: { readonly guidance?: readonly string[]; readonly prompts?: readonly string[] };
  readonly limits?: ToolLimits;
}

export class InvalidAuditTool extends Error {
  constructor(ref: string, problems: string[]) {
    super(`Audit tool "${ref}" is invalid: ${problems.join('; ')}`);
  }
}

/** `west-sussex-v1`: how a profile names a tool. */
export function toolRef(tool: { id: string; version: number }): string {
  return `${tool.id}-v${tool.version}`;
}

export function parseAuditTool(ref: string, raw: unknown): AuditTool {
  const result = AuditToolSchema.safeParse(raw);
  if (!result.success) {
    throw new InvalidAuditTool(
      ref,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  if (toolRef(result.data) !== ref) throw new InvalidAuditTool(ref, [`id and version make "${toolRef(result.data)}"`]);
  return deepFreeze(result.data);
}

/** The form's weight (see FORM_WEIGHT): what bounds a tool's domains, names and rationale limits together. */
export function formWeight(tool: { readonly domains: readonly { readonly id: string; readonly name: string }[]; readonly limits?: ToolLimits }): number {
  const limits = tool.limits ?? DEFAULT_LIMITS;
  const scope = (id: string, name: string, max: number) => FORM_WEIGHT.perScope + FORM_WEIGHT.perNameCharacter * name.length + FORM_WEIGHT.perIdCharacter * id.length + max;
  return tool.domains.reduce((sum, d) => sum + scope(d.id, d.name, limits.rationaleMax), scope(OVERALL, 'Overall', limits.overallRationaleMax));
}

/** The form's weight with the sections a profile adds to it. */
export function formWeightWith(tool: Parameters<typeof formWeight>[0], sections: { readonly mandatoryMeeting: boolean; readonly selfAssessment: boolean; readonly panel?: boolean }): number {
  const review = formWeight(tool) + (sections.mandatoryMeeting ? FORM_SECTION_WEIGHT.mandatoryMeeting : 0) + (sections.selfAssessment ? FORM_SECTION_WEIGHT.selfAssessment : 0);
  // The panel's section is on the moderation card, which carries no meeting or self-assessment section.
  return Math.max(review, formWeight(tool) + (sections.panel ? FORM_SECTION_WEIGHT.panel : 0));
}

/** A copy of everything an audit keeps (plain data, safe to store and to compare). */
export function snapshotOf(tool: AuditTool | AuditToolSnapshot): AuditToolSnapshot {
  return JSON.parse(
    JSON.stringify({
      id: tool.id,
      version: tool.version,
      domains: tool.domains.map((d) => ({ id: d.id, name: d.name, guidance: d.guidance, descriptors: d.descriptors, prompts: d.prompts })),
      gradeDescriptors: tool.gradeDescriptors,
      overall: tool.overall,
      limits: tool.limits,
    }),
  ) as AuditToolSnapshot;
}

/** The limits an audit is validated against: its tool's, or today's for an audit started before tools had them. */
export function limitsOf(tool: AuditToolSnapshot): ToolLimits {
  return tool.limits ?? DEFAULT_LIMITS;
}

/** The longest rationale a scope's grade may have. */
export function rationaleMaxOf(tool: AuditToolSnapshot, scope: ScopeId): number {
  const limits = limitsOf(tool);
  return scope === OVERALL ? limits.overallRationaleMax : limits.rationaleMax;
}

/** Every domain id in order, then `overall`. */
export function scopesOf(tool: AuditToolSnapshot): ScopeId[] {
  return [...tool.domains.map((d) => d.id), OVERALL];
}

export function isScope(tool: AuditToolSnapshot, scope: string): boolean {
  return scope === OVERALL || tool.domains.some((d) => d.id === scope);
}

/** "Planning", or "the overall grade" for `overall`. */
export function scopeName(tool: AuditToolSnapshot, scope: ScopeId): string {
  if (scope === OVERALL) return 'the overall grade';
  return tool.domains.find((d) => d.id === scope)?.name ?? scope;
}

/** "Planning", or "Overall": as a label in a list. */
export function scopeLabel(tool: AuditToolSnapshot, scope: ScopeId): string {
  return scope === OVERALL ? 'Overall' : scopeName(tool, scope);
}

/** What the reviewer reads about one scope while grading it: "what good looks like", prompts and descriptors. */
export interface ScopeGuidance {
  readonly guidance: readonly string[];
  readonly prompts: readonly string[];
  readonly descriptors: GradeDescriptors;
}

/** A scope's guidance from the tool (the overall grade: the tool's overall guidance and grade descriptors). */
export function guidanceOf(tool: AuditToolSnapshot, scope: ScopeId): ScopeGuidance {
  if (scope === OVERALL) return { guidance: tool.overall?.guidance ?? [], prompts: tool.overall?.prompts ?? [], descriptors: tool.gradeDescriptors ?? {} };
  const d = tool.domains.find((x) => x.id === scope);
  return { guidance: d?.guidance ?? [], prompts: d?.prompts ?? [], descriptors: d?.descriptors ?? {} };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
