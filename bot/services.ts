import type { PolicyProfile } from '../workflow/policy/profile.js';
import type { Audits, Clock, Conversations, Cycles, Digests, Directory, FanOuts, Ids } from '../workflow/ports.js';
import type { Calendar } from '../workflow/scheduling/calendar.js';
import type { CardSigner } from './card-signing.js';
import type { Log } from './log.js';

/** What handlers need: the ports, the policy profile and a few bot-side helpers. Built once in runtime.ts. */
export interface Services {
  readonly tenantId: string;
  readonly profile: PolicyProfile;
  readonly audits: Audits;
  readonly conversations: Conversations;
  readonly cycles: Cycles;
  readonly digests: Digests;
  readonly fanOuts: FanOuts;
  readonly directory: Directory;
  readonly calendar: Calendar;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly signer: CardSigner;
  readonly log: Log;
  /** Hosts an uploaded case list may be downloaded from. */
  readonly uploadHosts: readonly string[];
  /** Asks the delivery sweep to run now, so cards caused by a user's action go out at once. */
  readonly kickDelivery: () => void;
}
