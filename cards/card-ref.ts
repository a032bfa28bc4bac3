/**
 * The card-to-handler contract. Every button on a card sends a verb and data; each card module declares its verbs
 * with the schema of the data they carry (`cardActions`), and bot/ routes each verb to a handler that receives the
 * data parsed and, where signed, verified. Teams merges the card's inputs into the button's data, so inputs arrive
 * next to our signed reference; sizes are capped, as anything larger than a card could hold did not come from it.
 */
import { z } from 'zod';

/** Which card a signature was made for: a reference signed for one card is refused by every other. */
export const CARD_FAMILIES = [
  'allocation',
  'reallocation',
  'open',
  'review',
  'moderation',
  'summary',
  'dispute',
  'meeting',
  'action',
  'my-actions',
  'extension',
  'digest',
  'digest-refresh',
  'inadequate',
  'fanout',
  'self-assessment',
  'concern',
  'family-feedback',
  'partner-input',
] as const;
export type CardFamily = (typeof CARD_FAMILIES)[number];

/** Signed: the audit, and the allocation round, a card was rendered for. */
export interface AuditRef {
  readonly auditId: string;
  readonly round: number;
  readonly sig: string;
}
/** Signed: the manager a digest was made for. */
export interface ManagerRef {
  readonly managerId: string;
  readonly round: number;
  readonly sig: string;
}
/** Signed: the fan-out (one loaded case list's cards) a progress card reports on. */
export interface FanOutRef {
  readonly fanOutId: string;
  readonly round: number;
  readonly sig: string;
}
/** Signed: the person a personal list ("All my actions") was shown to. */
export interface ViewerRef {
  readonly viewerId: string;
  readonly round: number;
  readonly sig: string;
}

/** The field of a signed reference that names what it is about. */
export type SignedId = 'auditId' | 'managerId' | 'fanOutId' | 'viewerId';
/**
 * A field that narrows a signed reference to one part of what it is about (the meeting card's `meetingKind`: which
 * of the audit's meetings). When the data carries it, the signature covers it too, so a card for one meeting can
 * never be turned into a card for the other; when it is absent the signature is exactly the unqualified one.
 */
export type SignedQualifier = 'meetingKind';

const id = z.string().min(1).max(120).regex(/^[A-Za-z0-9-]+$/);
const signed = { round: z.number().int().min(1).max(1000), sig: z.string().min(1).max(64) };
export const auditRef = { auditId: id, ...signed };
export const managerRef = { managerId: id, ...signed };
export const fanOutRef = { fanOutId: id, ...signed };
export const viewerRef = { viewerId: id, ...signed };

/** Ids of actions and requests carried on a card: not signed, so checked for shape and looked up. */
export const carriedId = z.string().min(1).max(40).regex(/^[A-Za-z0-9-]+$/);
/** A yes/no toggle input. */
export const toggleInput = z.enum(['true', 'false']).optional();
/** A typed text input (the domain validates its content and length). */
export const textInput = z.string().max(4000).optional();

/** What a verb carries: its data schema, and the family and id its signature covers (none for an unsigned card). */
export interface CardActionSpec<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly schema: Schema;
  readonly signed?: { readonly family: CardFamily; readonly id: SignedId; readonly qualifier?: SignedQualifier };
}

/** Declares `verbs` as carrying `schema`, signed for `family` on its `id` field (and its `qualifier`, when present). */
export function cardActions<const Verb extends string, Schema extends z.ZodTypeAny>(
  verbs: readonly Verb[],
  schema: Schema,
  signed?: { family: CardFamily; id: SignedId; qualifier?: SignedQualifier },
): { readonly [V in Verb]: CardActionSpec<Schema> } {
  const spec: CardActionSpec<Schema> = signed ? { schema, signed } : { schema };
  return Object.fromEntries(verbs.map((verb) => [verb, spec])) as { readonly [V in Verb]: CardActionSpec<Schema> };
}

/** A form's data: a signed audit reference, the row or dispute it is about, and the inputs as typed (strings). */
export const FormData = z
  .object({
    ...auditRef,
    actionRows: z.string().max(200).optional(),
    rowId: z.string().max(16).optional(),
    disputeId: z.string().max(16).optional(),
  })
  .catchall(z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
  .refine((data) => Object.keys(data).length <= 200);
export type FormData = z.infer<typeof FormData>;

const REF_KEYS = new Set(['auditId', 'round', 'sig', 'rowId', 'disputeId', 'offer', 'booking', 'meetingKind']);

/** The inputs of a form, as typed (strings only), without our reference. */
export function inputsOf(data: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && !REF_KEYS.has(e[0])));
}
