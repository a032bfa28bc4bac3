import bcp from './profiles/bcp.json' with { type: 'json' };
import sandwellTrust from './profiles/sandwell-trust.json' with { type: 'json' };
import scsp from './profiles/scsp.json' with { type: 'json' };
import telfordWrekin from './profiles/telford-wrekin.json' with { type: 'json' };
import westSussex from './profiles/west-sussex.json' with { type: 'json' };
import { parseProfile, type PolicyProfile } from './profile.js';

const SHIPPED: Record<string, unknown> = {
  'sandwell-trust': sandwellTrust,
  scsp,
  bcp,
  'telford-wrekin': telfordWrekin,
  'west-sussex': westSussex,
};

export const SHIPPED_PROFILE_IDS = Object.keys(SHIPPED);

export class UnknownProfile extends Error {
  constructor(id: string) {
    super(`Unknown policy profile "${id}". Choose one of: ${SHIPPED_PROFILE_IDS.join(', ')}.`);
  }
}

/** A deployment picks a profile by id; each one is validated when it is loaded. */
export function loadProfile(id: string): PolicyProfile {
  const raw = SHIPPED[id];
  if (raw === undefined) throw new UnknownProfile(id);
  return parseProfile(id, raw);
}
