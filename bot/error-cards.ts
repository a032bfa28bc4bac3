import { renderInfo } from '../cards/info.js';
import type { AdaptiveCard } from '../cards/template.js';
import { DomainError, IllegalTransition, InvalidInput, NotFound, NotPermitted, StaleCard, TamperedCard } from '../workflow/errors.js';
import type { Services } from './services.js';

/**
 * How a card is shown again when its action fails, so nothing typed is lost. Each is optional: without one the
 * failure gets the plain card below.
 */
export interface Recovery {
  /** The person must fix something: the card with what they typed and each problem named. */
  readonly invalid?: (error: InvalidInput) => Promise<AdaptiveCard>;
  /** The card was out of date (a second click, another device, the audit moved on): where things stand now. */
  readonly outOfDate?: (error: StaleCard | IllegalTransition) => Promise<AdaptiveCard>;
  /** Another refusal the card can show in place (nobody to decide a dispute): the card with `Not sent: …`. */
  readonly refused?: (error: DomainError) => Promise<AdaptiveCard>;
  /** An unexpected failure (a store or calendar outage): the card with everything typed and `banner` at the top. */
  readonly unexpected?: (banner: string) => Promise<AdaptiveCard>;
}

/**
 * The one place errors become what a user sees, for every card action and command. Refusals (not yours, a
 * tampered card, not found) always get a plain card that shows nothing of the audit; the rest use the card's
 * recovery where it has one. Domain errors say what happened in plain words; anything else shows neutral text and
 * a correlation id that is also in the log, never a stack trace.
 */
export async function failureCard(s: Services, error: unknown, recovery: Recovery, context: Record<string, unknown>): Promise<AdaptiveCard> {
  try {
    if (error instanceof InvalidInput && recovery.invalid) return await recovery.invalid(error);
    if ((error instanceof StaleCard || error instanceof IllegalTransition) && recovery.outOfDate) return await recovery.outOfDate(error);
    const refusal = error instanceof NotPermitted || error instanceof TamperedCard || error instanceof NotFound;
    if (error instanceof DomainError && !refusal && recovery.refused) return await recovery.refused(error);
    if (!(error instanceof DomainError) && recovery.unexpected) return await recovery.unexpected(unexpectedOnForm(s, error, context));
  } catch (secondError) {
    // Showing the card again failed too (the store is down): the plain card for the second failure.
    return errorCard(s, secondError, context);
  }
  return errorCard(s, error, context);
}

export function errorCard(s: Services, error: unknown, context: Record<string, unknown>): AdaptiveCard {
  if (error instanceof NotPermitted) {
    s.log.warn('refused', { ...context, actorId: error.actorId, action: error.action });
    return renderInfo({
      title: 'This is not yours to act on',
      lines: [`${error.message} Nothing was changed.`],
      tone: 'warning',
    });
  }
  if (error instanceof TamperedCard) {
    s.log.warn('tampered-card', context);
    return renderInfo({ title: 'This card could not be read', lines: ['Nothing was changed. Type "my audits" to see your audits and their current state.'], tone: 'warning' });
  }
  if (error instanceof NotFound) {
    return renderInfo({ title: 'Not found', lines: [`${error.message} Nothing was changed.`], tone: 'warning' });
  }
  if (error instanceof DomainError) {
    return renderInfo({ title: 'Nothing was changed', lines: [error.message], tone: 'warning' });
  }
  const reference = logUnexpected(s, error, context);
  return renderInfo({
    title: 'Something went wrong',
    lines: ['Nothing was changed. Please try again in a moment. If it keeps happening, give QA this reference.'],
    tone: 'attention',
    reference,
  });
}

function logUnexpected(s: Services, error: unknown, context: Record<string, unknown>): string {
  const reference = s.ids.next();
  s.log.error('unexpected-error', { ...context, reference, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  return reference;
}

/** The line at the top of a form shown again after an unexpected failure, with the reference that is in the log. */
function unexpectedOnForm(s: Services, error: unknown, context: Record<string, unknown>): string {
  const reference = logUnexpected(s, error, context);
  return `⚠ Something went wrong and this was not saved. Everything you typed is still here: please try again in a moment. If it keeps happening, give QA this reference: ${reference}`;
}
