import type { Container } from '@azure/cosmos';
import type { SubmissionDraw } from '../workflow/moderation/sampling.js';
import type { Cycles, Ids } from '../workflow/ports.js';
import { backoff, statusOf, type SystemFields } from './documents.js';

/**
 * One document per tenant and cycle in the `cycles` container (partition key `/tenantId`): the cycle's
 * sampling seed, how many audits have been submitted, and which ordinal each audit got. About 40 bytes per
 * submission, so even 1,000 audits a cycle stay far below the 2 MB item limit.
 */
export interface CycleDocument {
  readonly id: string;
  readonly tenantId: string;
  readonly cycle: string;
  /** Made once, by the first submission of the cycle; never changes. */
  readonly seed: string;
  readonly submissions: number;
  /** Audit id → its 1-based submission ordinal. */
  readonly ordinals: Readonly<Record<string, number>>;
}

export function cycleDocumentId(cycle: string): string {
  return `cycle-${cycle}`;
}

export interface CosmosCyclesOptions {
  readonly maxAttempts?: number;
}

/**
 * `nextSubmission` reads the cycle's document and either returns the ordinal the audit already has, or
 * writes the next one under the document's ETag (IfMatch; on 412 it re-reads and tries again). The first
 * submission creates the document with a fresh seed; two racing first submissions meet at the create (409),
 * and the loser re-reads the winner's seed.
 */
export class CosmosCycles implements Cycles {
  private readonly maxAttempts: number;

  constructor(
    private readonly container: Container,
    private readonly ids: Ids,
    options: CosmosCyclesOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  async nextSubmission(tenantId: string, cycle: string, auditId: string): Promise<SubmissionDraw> {
    const id = cycleDocumentId(cycle);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const doc = await this.read(tenantId, id);
      if (!doc) {
        const created: CycleDocument = { id, tenantId, cycle, seed: this.ids.next(), submissions: 1, ordinals: { [auditId]: 1 } };
        try {
          await this.container.items.create(created);
          return { ordinal: 1, seed: created.seed };
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
          continue; // someone else made it first: use theirs
        }
      }
      const known = doc.ordinals[auditId];
      if (known !== undefined) return { ordinal: known, seed: doc.seed };
      const ordinal = doc.submissions + 1;
      const { _etag, _rid, _self, _attachments, _ts, ...fields } = doc;
      const next: CycleDocument = { ...fields, submissions: ordinal, ordinals: { ...doc.ordinals, [auditId]: ordinal } };
      try {
        await this.container.item(id, tenantId).replace(next, { accessCondition: { type: 'IfMatch', condition: _etag! } });
        return { ordinal, seed: doc.seed };
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 404) throw error;
        await backoff(attempt);
      }
    }
    throw new Error(`nextSubmission(${tenantId}/${cycle}) gave up after ${this.maxAttempts} conflicting writes`);
  }

  /** The cycle's document as stored (for reports and tests). */
  async read(tenantId: string, id: string): Promise<(CycleDocument & SystemFields) | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<CycleDocument & SystemFields>();
      return resource;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}
