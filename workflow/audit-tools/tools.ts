import { parseAuditTool, snapshotOf, type AuditTool, type AuditToolSnapshot } from './audit-tool.js';
import westSussexV1 from './west-sussex-v1.json' with { type: 'json' };

/** Shipped tools by reference (`<id>-v<version>`). A new version is a new file; old ones stay for audits in flight. */
const SHIPPED: Readonly<Record<string, unknown>> = {
  'west-sussex-v1': westSussexV1,
};

export const SHIPPED_TOOL_REFS: readonly string[] = Object.keys(SHIPPED);

export class UnknownAuditTool extends Error {
  constructor(ref: string) {
    super(`Unknown audit tool "${ref}". Choose one of: ${SHIPPED_TOOL_REFS.join(', ')}.`);
  }
}

export function isKnownAuditTool(ref: string): boolean {
  return Object.hasOwn(SHIPPED, ref);
}

/** Shipped tools never change while the process runs: each is validated once, on first use. */
const loaded = new Map<string, { tool: AuditTool; snapshot: AuditToolSnapshot }>();

function shipped(ref: string): { tool: AuditTool; snapshot: AuditToolSnapshot } {
  let found = loaded.get(ref);
  if (!found) {
    if (!isKnownAuditTool(ref)) throw new UnknownAuditTool(ref);
    const tool = parseAuditTool(ref, SHIPPED[ref]);
    loaded.set(ref, (found = { tool, snapshot: snapshotOf(tool) }));
  }
  return found;
}

/** Loads and validates a shipped tool. */
export function loadAuditTool(ref: string): AuditTool {
  return shipped(ref).tool;
}

/** The tool for an audit: the one it was started with, or else the profile's current one. */
export function toolFor(audit: { readonly tool?: AuditToolSnapshot }, profile: { readonly auditTool: string }): AuditToolSnapshot {
  return audit.tool ?? shipped(profile.auditTool).snapshot;
}
