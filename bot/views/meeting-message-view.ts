import { renderInfo } from '../../cards/info.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { DEFAULT_TIME_ZONE } from '../../workflow/dates.js';
import { bookingOfMessage, declinerOfMessage, MEETING_KIND_LABELS, meetingKindOf } from '../../workflow/meeting/meeting.js';
import type { OutboxMessage } from '../../workflow/outbox.js';
import { formatSlot } from '../../workflow/scheduling/find-slots.js';
import type { Services } from '../services.js';
import { meetingView } from './meeting-view.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';
import { displayName } from './people-names.js';

/**
 * Chat messages about the meeting, rendered from the audit's state when sent. The
 * Outlook invitation, update or cancellation comes from the reviewer's calendar; these are heads-ups.
 */
export function meetingMessageView(v: ViewContext, message: OutboxMessage, audit: Audit): AdaptiveCard {
  const reviewer = v.people.get(audit.reviewerId);
  const tz = zoneOf(v) ?? DEFAULT_TIME_ZONE;
  const booking = bookingOfMessage(audit, message);
  const when = booking ? formatSlot(booking, tz) : 'the booked time';
  const kind = meetingKindOf(message);
  const title = `${MEETING_KIND_LABELS[kind]} · case ${audit.caseRef}`;
  const meetingName = kind === 'collaborative' ? 'the collaborative audit meeting' : `the ${MEETING_KIND_LABELS[kind]}`;
  switch (message.kind) {
    case 'reflective-meeting':
      // The reviewer's meeting card itself, with who is invited and "Find a time".
      return meetingView(v, audit, { kind });
    case 'meeting-declined': {
      // The reviewer's meeting card itself, so "Find another time" is one press away.
      const who = nameIn(v, declinerOfMessage(message));
      return meetingView(v, audit, { kind, banner: `⚠ ${who} declined the meeting on ${when}. Find another time below.` });
    }
    case 'deadline-request': {
      const reason = [...audit.history].reverse().find((h) => h.event === 'later deadline requested')?.reason;
      return renderInfo({
        title: `Later deadline requested · case ${audit.caseRef}`,
        lines: [
          `${displayName(reviewer)} can find no time for the collaborative meeting before the audit's deadline and asks for a later one.`,
          ...(reason ? [`Their reason: ${reason}`] : []),
        ],
        tone: 'warning',
      });
    }
    default: {
      if (!booking || booking.cancelled) {
        return renderInfo({ title, lines: [`The meeting on ${when} has been cancelled by ${displayName(reviewer)}.`], tone: 'warning' });
      }
      return renderInfo({
        title,
        lines: [
          `${displayName(reviewer)} has booked ${meetingName} for ${when}. The Outlook invitation is in your calendar.`,
          ...(booking.joinUrl ? [`Join on Teams: ${booking.joinUrl}`] : []),
        ],
        tone: 'good',
      });
    }
  }
}

/** Reads what the message needs once (its reader is the recipient), then renders it. */
export async function meetingMessage(s: Services, message: OutboxMessage, audit: Audit): Promise<AdaptiveCard> {
  return meetingMessageView(await readViewContext(s, message.to), message, audit);
}
