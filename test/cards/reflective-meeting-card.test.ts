import { describe, expect, it } from 'vitest';
import { CardSigner } from '../../bot/card-signing.js';
import { meetingView } from '../../bot/views/meeting-view.js';
import { summaryView } from '../../bot/views/summary-view.js';
import type { ViewContext } from '../../bot/views/view-context.js';
import { MEETING_ACTIONS, MeetingData, renderMeeting } from '../../cards/meeting.js';
import { MAX_CARD_BYTES } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { startInadequatePathway } from '../../workflow/chasing/inadequate.js';
import { TamperedCard } from '../../workflow/errors.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { aBookedMeeting, anAudit, cast, fullCastList, qaCast } from '../fakes/index.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardProblems, cardText } from '../support/card-parser.js';

/**
 * The Reflective Practice & Action Meeting's card (WS-39): the meeting card, named for its meeting, whose signed
 * data says which meeting it acts on; a card for one meeting cannot be turned into a card for the other.
 */
const westSussex = loadProfile('west-sussex');
const signer = new CardSigner('k'.repeat(32));
const view = (viewerId: string = cast.reviewer.id): ViewContext => ({
  viewerId,
  viewer: fullCastList.find((p) => p.id === viewerId),
  channelUserId: '29:reviewer',
  people: new Map(fullCastList.map((p) => [p.id, p])),
  now: new Date('2026-12-01T09:00:00.000Z'),
  profile: westSussex,
  signer,
});

/** A finalised West Sussex audit whose Inadequate grade stands, with the reflective meeting asked for. */
function asked(): Audit {
  const graded: Audit = {
    ...anAudit().withStatus('finalised').moderatedBy(qaCast.moderator.id).withMeeting(aBookedMeeting()).build(),
    grades: { overall: { original: 'inadequate', moderated: 'inadequate', final: 'inadequate' } },
  };
  return startInadequatePathway(graded, { profile: westSussex, people: fullCastList, at: '2026-12-01T09:00:00.000Z' });
}

const checks = (card: unknown) => {
  expect(cardProblems(card)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
  expect(JSON.stringify(card)).not.toContain('${');
};

describe('the reflective meeting card', () => {
  it('as sent to the reviewer: named for its meeting, who is invited, by when, and "Find a time"', () => {
    const card = meetingView(view(), asked(), { kind: 'reflective' });
    checks(card);
    const text = cardText(card);
    expect(text).toContain('Reflective Practice & Action Meeting · case CR-1001');
    expect(text).not.toContain('Collaborative audit meeting');
    expect(text).toContain('hold it by Tue 15 Dec 2026');
    for (const line of ['Rhea Okafor · reviewer', 'Priya Shah · practitioner', 'Tom Fletcher · team manager', 'Lee Grant · moderator']) expect(text).toContain(line);
    expect(buttonTitles(card)).toEqual(['Find a time']);
    expect(button(card, 'Find a time').data).toMatchObject({ auditId: 'a-2026-12-CR-1001', round: 1, meetingKind: 'reflective' });
  });

  it('the collaborative meeting card is as it was: no kind in its data, its own title', () => {
    const card = meetingView(view(), asked());
    checks(card);
    expect(cardText(card)).toContain('Collaborative audit meeting · case CR-1001');
    expect(JSON.stringify(card)).not.toContain('meetingKind');
  });

  it('no time found: the ways out, but no later deadline to ask QA for', () => {
    const base = { caseRef: 'CR-1001', subtitle: 's', attendees: [], notes: [], minutes: 60, slots: [], hasLater: false, reschedule: false, responses: [], refreshUserIds: [] };
    const ways = { state: 'no-slot' as const, explanation: 'Nobody is free.', shorterOptions: [{ minutes: 45, data: { auditId: 'a', round: 1, sig: 's' } }], withoutOptions: [] };
    const reflective = renderMeeting({ ...base, ...ways, kind: 'reflective', ref: { auditId: 'a', round: 1, sig: 's', meetingKind: 'reflective' } });
    const collaborative = renderMeeting({ ...base, ...ways, ref: { auditId: 'a', round: 1, sig: 's' } });
    checks(reflective);
    expect(buttonTitles(reflective)).toEqual(['Try 45 minutes']);
    expect(cardText(reflective)).not.toContain('later deadline');
    expect(buttonTitles(collaborative)).toEqual(['Try 45 minutes', 'Ask QA for a later deadline']);
  });

  it('its data says which meeting, signed: a kind added, removed or made up is refused', () => {
    const spec = MEETING_ACTIONS['meeting.book'];
    const reflective = button(meetingView(view(), asked(), { kind: 'reflective' }), 'Find a time').data;
    const collaborative = button(meetingView(view(), asked()), 'Find another time').data;
    const verify = (data: Record<string, unknown>) => {
      const parsed = MeetingData.safeParse(data);
      if (!parsed.success) throw new TamperedCard();
      signer.verify(spec, parsed.data);
    };
    expect(() => verify(reflective)).not.toThrow();
    expect(() => verify(collaborative)).not.toThrow();
    const { meetingKind: _kind, ...stripped } = reflective;
    expect(() => verify(stripped)).toThrow(TamperedCard);
    expect(() => verify({ ...collaborative, meetingKind: 'reflective' })).toThrow(TamperedCard);
    expect(() => verify({ ...reflective, meetingKind: 'collaborative' })).toThrow(TamperedCard);
    expect(() => verify({ ...reflective, meetingKind: 'moderation' })).toThrow(TamperedCard);
  });

  it('the audit summary says when it is and who booked it; its organiser can open the meeting card from there', () => {
    const audit = asked();
    const reflective = audit.meetings!.reflective!;
    const booked: Audit = {
      ...audit,
      meetings: {
        reflective: {
          ...reflective,
          status: 'booked',
          bookings: 1,
          booking: { ...aBookedMeeting({ start: '2026-12-09T10:00:00.000Z' }).booking!, bookedAt: '2026-12-02T11:00:00.000Z', bookedBy: cast.reviewer.id },
        },
      },
    };
    const forReviewer = summaryView(view(), booked);
    checks(forReviewer);
    expect(cardText(forReviewer)).toContain('Reflective Practice & Action Meeting Wed 9 Dec, 10:00–11:00 · booked by Rhea Okafor on Wed 2 Dec 2026');
    expect(button(forReviewer, 'Open the reflective meeting')).toMatchObject({ verb: 'meeting.refresh', data: { meetingKind: 'reflective' } });

    const forPractitioner = summaryView(view(cast.practitioner.id), audit);
    expect(cardText(forPractitioner)).toContain('Reflective Practice & Action Meeting not booked yet, to be held by Tue 15 Dec');
    expect(buttonTitles(forPractitioner)).not.toContain('Open the reflective meeting');
  });
});
