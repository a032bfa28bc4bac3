import { z } from 'zod';
import type { CardRef } from '../cards/allocation.js';
import { TamperedCard } from '../workflow/errors.js';
import type { CardSigner } from './card-signing.js';

/**
 * Incoming Action.Execute data, validated before the workflow sees it. Teams merges the card's inputs into
 * the action's data, so inputs arrive next to our signed reference. Sizes are capped: anything larger
 * than a card could hold did not come from our card.
 */
const ref = {
  auditId: z.string().min(1).max(120).regex(/^[A-Za-z0-9-]+$/),
  round: z.number().int().min(1).max(1000),
  sig: z.string().min(1).max(64),
};
const toggle = z.enum(['true', 'false']).optional();
const text = z.string().max(4000).optional();

const allocationInputs = z.object({
  practitionerConfirmed: toggle,
  accessConfirmed: toggle,
  reason: text,
});

export const AllocationData = z.object({
  ...ref,
  ...allocationInputs.shape,
  /** Inputs typed in the view being left, carried to the other view (accept ⇄ decline). */
  keep: z
    .object({ practitionerConfirmed: z.boolean().optional(), accessConfirmed: z.boolean().optional(), reason: text })
    .optional(),
});
export type AllocationData = z.infer<typeof AllocationData>;

export const ReallocationData = z.object({ ...ref, newReviewerId: z.string().max(120).optional() });
export type ReallocationData = z.infer<typeof ReallocationData>;

/** Parses and verifies card data; anything else is refused as tampered. */
export function readCardData<T extends Pick<CardRef, 'auditId' | 'round' | 'sig'>>(schema: z.ZodType<T>, raw: unknown, signer: CardSigner, family: string): T {
  // Only our fields are read; unknown keys are dropped by the schema (forms accept extra string inputs only).
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new TamperedCard();
  signer.verify(family, parsed.data);
  return parsed.data;
}

/**
 * A form's data: our signed reference plus the inputs, whose ids come from the domain's field scheme
 * (workflow/review/fields.ts). Only string inputs are kept; the domain validates their content and length.
 */
export const FormData = z
  .object({
    ...ref,
    actionRows: z.string().max(200).optional(),
    rowId: z.string().max(16).optional(),
    disputeId: z.string().max(16).optional(),
  })
  .catchall(z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
  .refine((data) => Object.keys(data).length <= 200);
export type FormData = z.infer<typeof FormData>;

const REF_KEYS = new Set(['auditId', 'round', 'sig', 'rowId', 'disputeId']);

/** The inputs of a form, as typed (strings only), without our reference. */
export function inputsOf(data: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && !REF_KEYS.has(e[0])));
}

/** "Earlier entries" on the history card: no signature needed, as every page is re-read with the viewer's rights. */
export const HistoryPageData = z.object({ caseRef: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/), page: z.number().int().min(0).max(1000) });

/** Ids of actions and requests carried on chase cards: not signed, so checked for shape and looked up. */
const carriedId = z.string().min(1).max(40).regex(/^[A-Za-z0-9-]+$/);
const short = z.string().max(1000).optional();

/** The owner's action card: the action, and what was typed (also carried across its forms as `keep`). */
export const ActionData = z.object({
  ...ref,
  actionId: carriedId,
  note: short,
  newDueDate: short,
  reason: short,
  keep: z.object({ note: short, newDueDate: short, reason: short }).optional(),
});
export type ActionData = z.infer<typeof ActionData>;

export const ExtensionData = z.object({ ...ref, actionId: carriedId, requestId: carriedId });
export type ExtensionData = z.infer<typeof ExtensionData>;

export const DigestData = z.object({ ...ref, actionId: carriedId });
/** A digest's Refresh: signed with the manager's id where other cards carry an audit id. */
export const DigestRefreshData = z.object(ref);
export type DigestData = z.infer<typeof DigestData>;

export const InadequateData = z.object({ ...ref, assurance: z.string().max(4000).optional() });
export type InadequateData = z.infer<typeof InadequateData>;

/** A fan-out's progress card: signed with the fan-out's id where other cards carry an audit id. */
export const FanOutData = z.object(ref);

/** "All my actions" on an action card: signed with the viewer's id where other cards carry an audit id. */
export const MyActionsData = z.object(ref);
