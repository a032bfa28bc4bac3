import { parseAuditTool, snapshotOf, type AuditTool, type AuditToolSnapshot } from './audit-tool.js';
import bcpPlrV1 from './bcp-plr-v1.json' with { type: 'json' };
import sandwellV1 from './sandwell-v1.json' with { type: 'json' };
import scspMultiAgencyV1 from './scsp-multi-agency-v1.json' with { type: 'json' };
import telfordWrekinV1 from './telford-wrekin-v1.json' with { type: 'json' };
import westSussexV1 from './west-sussex-v1.json' with { type: 'json' };

/**
 * Shipped tools by reference (`<id>-v<version>`), one per framework. A new version is a new file; old ones stay,
 * though an audit in flight keeps its own snapshot (domains, descriptors, limits) whatever the files say later.
 */
const SHIPPED: Readonly<Record<string, unknown>> = {
  'west-sussex-v1': westSussexV1,
  'sandwell-v1': sandwellV1,
  'scsp-multi-agency-v1': scspMultiAgencyV1,
  'bcp-plr-v1': bcpPlrV1,
  'telford-wrekin-v1': telfordWrekinV1,
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
