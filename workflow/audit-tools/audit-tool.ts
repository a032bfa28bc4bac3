import { z } from 'zod';

/**
 * An audit tool: a named, versioned list of practice domains, each graded with a rationale, plus an overall
 * grade. Tools are data (JSON beside this file), never code; a profile names one as `<id>-v<version>`.
 */

/** The overall grade's scope id: reserved, so no domain may use it. */
export const OVERALL = 'overall';

/** Domain ids become parts of record paths (`grade.<domainId>`), so they are plain camelCase words. */
const DOMAIN_ID = /^[a-z][A-Za-z0-9]{0,39}$/;

export const AuditToolSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    name: z.string().min(1),
    source: z.string().min(1),
    domains: z
      .array(
        z.strictObject({
          id: z
            .string()
            .regex(DOMAIN_ID, 'must be a camelCase word (letters and digits, starting with a lower-case letter)')
            .refine((id) => id !== OVERALL, `"${OVERALL}" is reserved for the overall grade`),
          name: z.string().min(1).max(60),
        }),
      )
      .min(1)
      .max(12),
  })
  .superRefine((tool, ctx) => {
    const seen = new Set<string>();
    tool.domains.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['domains', i, 'id'], message: `duplicate domain id "${d.id}"` });
      seen.add(d.id);
    });
  });

export type AuditTool = z.infer<typeof AuditToolSchema>;
export type DomainId = string;
/** A domain id, or `overall`. */
export type ScopeId = string;

/** What an audit keeps of the tool it was started with, so a later version never changes an audit in flight. */
export interface AuditToolSnapshot {
  readonly id: string;
  readonly version: number;
  readonly domains: readonly { readonly id: DomainId; readonly name: string }[];
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

export function snapshotOf(tool: AuditTool | AuditToolSnapshot): AuditToolSnapshot {
  return { id: tool.id, version: tool.version, domains: tool.domains.map((d) => ({ id: d.id, name: d.name })) };
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
