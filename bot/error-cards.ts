import { renderNotice } from '../cards/notice.js';
import type { AdaptiveCard } from '../cards/template.js';
import { DomainError, NotFound, NotPermitted, TamperedCard } from '../workflow/errors.js';
import type { Services } from './services.js';

/**
 * The one place errors become what a user sees. Domain errors say what happened in plain words; anything
 * else shows neutral text and a correlation id that is also in the log, never a stack trace.
 */
export function errorCard(s: Services, error: unknown, context: Record<string, unknown>): AdaptiveCard {
  if (error instanceof NotPermitted) {
    s.log.warn('refused', { ...context, actorId: error.actorId, action: error.action });
    return renderNotice({
      title: 'This is not yours to act on',
      lines: [`${error.message} Nothing was changed.`],
      tone: 'warning',
    });
  }
  if (error instanceof TamperedCard) {
    s.log.warn('tampered-card', context);
    return renderNotice({ title: 'This card could not be read', lines: ['Nothing was changed. Type "my audits" to see your audits and their current state.'], tone: 'warning' });
  }
  if (error instanceof NotFound) {
    return renderNotice({ title: 'Not found', lines: [`${error.message} Nothing was changed.`], tone: 'warning' });
  }
  if (error instanceof DomainError) {
    return renderNotice({ title: 'Nothing was changed', lines: [error.message], tone: 'warning' });
  }
  const reference = logUnexpected(s, error, context);
  return renderNotice({
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

/**
 * For forms: an unexpected failure must not replace what was typed with an error card. The form is shown
 * again with everything in it and this line at the top.
 */
export function unexpectedOnForm(s: Services, error: unknown, context: Record<string, unknown>): string {
  const reference = logUnexpected(s, error, context);
  return `⚠ Something went wrong and this was not saved. Everything you typed is still here: please try again in a moment. If it keeps happening, give QA this reference: ${reference}`;
}
