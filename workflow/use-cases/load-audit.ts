import type { Audit } from '../audit.js';
import { NotFound } from '../errors.js';
import type { Audits } from '../ports.js';

/** The audit a card is about; NotFound (worded for the card) when it is gone. */
export async function loadAudit(audits: Audits, tenantId: string, auditId: string): Promise<Audit> {
  const audit = await audits.get(tenantId, auditId);
  if (!audit) throw new NotFound('The audit on this card');
  return audit;
}
