import { describe, expect, it } from 'vitest';
import { ACTION_NOTE_MAX, ACTION_VERBS, renderAction, type ActionCardData, type ActionCardState } from '../../cards/action.js';
import { DIGEST_VERBS, MAX_DIGEST_ITEMS, renderDigest, type DigestCardData, type DigestItem } from '../../cards/digest.js';
import { EXTENSION_ACTIONS, renderExtension, type ExtensionCardData, type ExtensionCardState } from '../../cards/extension.js';
import { ASSURANCE_INPUT_MAX, INADEQUATE_VERBS, renderInadequateNotice, type InadequateNoticeCardData } from '../../cards/inadequate-notice.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/template.js';
import { button, buttonTitles, inputValue } from '../support/card-actions.js';
import { cardProblems, cardText } from '../support/card-parser.js';

/**
 * The chasing cards: the owner's reminder or nudge for an action, the manager's extension decision and daily
 * digest, and the Inadequate notice. Every state, at the largest content the domain allows.
 */
const x = (n: number) => 'x'.repeat(n);
const ref = { auditId: 'a-2026-12-CR-10421', round: 1, sig: 's'.repeat(32) };

const action = (over: Partial<ActionCardData> = {}): ActionCardData => ({
  ref,
  actionId: 'act-1',
  caseRef: 'CR-10421',
  description: 'Update the chronology with the strategy discussion of 24 Nov',
  dueDate: 'Tue 8 Dec',
  state: 'reminder',
  managerName: 'Sam Patel',
  snoozesLeft: 2,
  latestDate: 'Tue 5 Jan 2027',
  ...over,
});

const extension = (over: Partial<ExtensionCardData> = {}): ExtensionCardData => ({
  ref,
  actionId: 'act-1',
  requestId: 'ext-1',
  caseRef: 'CR-10421',
  description: 'Update the chronology with the strategy discussion of 24 Nov',
  ownerName: 'Jordan Lee',
  currentDue: 'Tue 8 Dec',
  askedDue: 'Tue 15 Dec',
  reason: 'The family moved and the visit is rebooked for 14 Dec.',
  state: 'open',
  ...over,
});

const item = (i: number, over: Partial<DigestItem> = {}): DigestItem => ({
  ref: { ...ref, auditId: `a-2026-12-CR-${10000 + i}` },
  actionId: `act-${i}`,
  caseRef: `CR-${10000 + i}`,
  description: `Action number ${i}`,
  ownerName: 'Jordan Lee',
  due: 'Tue 8 Dec',
  ...over,
});

const digest = (over: Partial<DigestCardData> = {}): DigestCardData => ({
  refreshRef: { managerId: '00000000-0000-4000-8000-0000000000a2', round: 1, sig: ref.sig },
  title: "Your team's actions · Wed 2 Dec",
  overdue: [item(1, { daysOverdue: 4, escalated: true }), item(2, { daysOverdue: 1, nudgedToday: true })],
  dueSoon: [item(3)],
  done: [item(4, { doneNote: 'Chronology updated on 1 Dec.' })],
  ...over,
});

const inadequate = (over: Partial<InadequateNoticeCardData> = {}): InadequateNoticeCardData => ({
  ref,
  caseRef: 'CR-10421',
  level: 1,
  gradedBy: 'as moderated by Chris Evans',
  remedialDays: 10,
  reauditOn: 'Tue 2 Feb 2027',
  recipients: [
    { name: 'Jordan Lee', role: 'practitioner', acknowledged: '10:02 on Wed 2 Dec 2026' },
    { name: 'Sam Patel', role: 'team manager' },
    { name: 'Chris Evans-Smythe', role: 'service manager' },
  ],
  state: 'open',
  ...over,
});

const ACTION_STATES: ActionCardState[] = ['reminder', 'overdue', 'markingDone', 'askingTime', 'done', 'signedOff', 'timeRequested', 'closed'];
const EXTENSION_STATES: ExtensionCardState[] = ['open', 'approved', 'refused', 'closed'];

/** Every text at its limit, every input with an error. */
const fullestAction = (state: ActionCardState) =>
  renderAction(
    action({
      state,
      description: x(200),
      daysOverdue: 23,
      snoozesLeft: 3,
      snoozedUntil: 'Wed 9 Dec',
      inputs: { note: x(4000), newDueDate: '2026-12-15', reason: x(4000) },
      errors: { note: `Keep the note under ${ACTION_NOTE_MAX} characters (it has 4000).`, newDueDate: 'The new date must be after Tue 8 Dec.', reason: 'Say why more time is needed.' },
      banner: 'That was already done: nothing changed.',
      outcome: `Marked done by Christopher Evans-Smythe at 10:02, Wed 2 Dec: waiting for Sam Patel to sign it off. "${x(200)}"`,
    }),
  );

/** Each text at 200 characters; `wide` makes each character 3 bytes (’), the most a typed character takes but for emoji (4 bytes, 2 characters). */
const fullItem = (i: number, wide = false): DigestItem => {
  const text = wide ? '’'.repeat(200) : x(200);
  return item(i, { ref: { ...ref, auditId: `a-2026-12-CR-${100000 + i}`, sig: 'S'.repeat(64) }, actionId: `action-${String(i).padStart(8, '0')}`, caseRef: `CR-${100000 + i}`, description: text, ownerName: 'Christopher Evans-Smythe', due: 'Wed 30 Dec 2026', daysOverdue: 123, escalated: true, doneNote: text });
};
/** The fullest digest: more items than fit, each at its longest, in every section. */
const fullestDigest = renderDigest({
  refreshRef: { managerId: '00000000-0000-4000-8000-0000000000a2', round: 1, sig: 'S'.repeat(64) },
  title: "Your team's actions · Wed 30 Dec 2026",
  overdue: Array.from({ length: MAX_DIGEST_ITEMS + 5 }, (_, i) => fullItem(i)),
  dueSoon: Array.from({ length: MAX_DIGEST_ITEMS + 5 }, (_, i) => fullItem(100 + i)),
  done: Array.from({ length: MAX_DIGEST_ITEMS + 5 }, (_, i) => fullItem(200 + i)),
  more: 40,
  banner: x(200),
});
/** The buttonless items are the smallest; a card of only Sign-off items (with done notes) is the largest per item. */
const fullestDoneDigest = renderDigest({ refreshRef: { managerId: '00000000-0000-4000-8000-0000000000a2', round: 1, sig: 'S'.repeat(64) }, title: "Your team's actions · Wed 30 Dec 2026", overdue: [], dueSoon: [], done: Array.from({ length: MAX_DIGEST_ITEMS + 5 }, (_, i) => fullItem(i, true)), more: 40, banner: '’'.repeat(200) });

const fullestInadequate = renderInadequateNotice(
  inadequate({
    level: 3,
    gradedBy: 'as moderated by Christopher Evans-Smythe after a dispute decided by the QA head of service',
    escalatedTo: 'the Executive Director',
    recipients: Array.from({ length: 8 }, (_, i) => ({ name: `Christopher Evans-Smythe ${i}`, role: 'service manager', acknowledged: '10:02 on Wed 2 Dec 2026' })),
    assurance: { state: 'asked', input: x(4000), error: 'Keep it under 500 characters (it has 4000).' },
    banner: x(200),
    // Every one of a tool's largest domains graded Inadequate, and the longest overall reason.
    findings: { inadequateAreas: Array.from({ length: 12 }, () => x(60)).join(', '), overallReason: x(500) },
  }),
);

const cards: [string, AdaptiveCard, readonly string[]][] = [
  ...ACTION_STATES.map((state): [string, AdaptiveCard, readonly string[]] => [`action ${state}`, renderAction(action({ state, daysOverdue: 2, outcome: state === 'reminder' || state === 'overdue' ? undefined : 'Done.' })), ACTION_VERBS]),
  ...ACTION_STATES.map((state): [string, AdaptiveCard, readonly string[]] => [`action ${state}, fullest`, fullestAction(state), ACTION_VERBS]),
  ['action overdue, no snoozes left, no date bounds', renderAction(action({ state: 'askingTime', snoozesLeft: 0, latestDate: undefined })), ACTION_VERBS],
  ...EXTENSION_STATES.map((state): [string, AdaptiveCard, readonly string[]] => [`extension ${state}`, renderExtension(extension({ state, outcome: state === 'open' ? undefined : 'Approved by Sam Patel at 10:02, Wed 2 Dec: now due Tue 15 Dec.' })), Object.keys(EXTENSION_ACTIONS)]),
  ['extension open, fullest', renderExtension(extension({ description: x(200), reason: x(200), banner: x(200) })), Object.keys(EXTENSION_ACTIONS)],
  ['digest', renderDigest(digest()), DIGEST_VERBS],
  ['digest, empty', renderDigest(digest({ overdue: [], dueSoon: [], done: [] })), DIGEST_VERBS],
  ['digest, fullest', fullestDigest, DIGEST_VERBS],
  ['digest, fullest sign-offs', fullestDoneDigest, DIGEST_VERBS],
  ['inadequate open', renderInadequateNotice(inadequate()), INADEQUATE_VERBS],
  ['inadequate acknowledged by viewer, assurance recorded', renderInadequateNotice(inadequate({ viewerAcknowledged: '10:05 on Wed 2 Dec 2026', assurance: { state: 'recorded', text: 'Safety plan in place; visited today.', by: 'Chris Evans', at: '11:00 on Wed 2 Dec 2026' } })), INADEQUATE_VERBS],
  ['inadequate acknowledged by all', renderInadequateNotice(inadequate({ state: 'acknowledged', viewerAcknowledged: '10:05', recipients: [{ name: 'Sam Patel', role: 'team manager', acknowledged: '10:05' }] })), INADEQUATE_VERBS],
  ['inadequate again, escalated, no recipients, no re-audit date', renderInadequateNotice(inadequate({ level: 2, escalatedTo: 'the Assistant Director', reauditOn: undefined, recipients: [] })), INADEQUATE_VERBS],
  ['inadequate, fullest', fullestInadequate, INADEQUATE_VERBS],
];

/** Every Action.Execute anywhere on a card, including its refresh action and buttons inside items. */
function executes(card: unknown): { title?: string; verb: string; data?: Record<string, unknown> }[] {
  const found: { title?: string; verb: string; data?: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute') found.push(n as never);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The element that follows the input with this id, in the same list: where its error is shown. */
function afterInput(card: unknown, id: string): Record<string, unknown> | undefined {
  let next: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        if (n && typeof n === 'object' && (n as { id?: unknown }).id === id) next = node[i + 1] as Record<string, unknown>;
      });
      node.forEach(walk);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return next;
}

const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));

describe('chasing cards: action, extension, digest and Inadequate notice', () => {
  it.each(cards)('%s parses cleanly with the Adaptive Cards parser and stays under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    // A binding left unexpanded would show "${…}" to the user, or become an input's value.
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it.each(cards)('%s: every Action.Execute has a verb of its card, and every text is a string', (_name, card, verbs) => {
    const actions = executes(card);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(verbs).toContain(a.verb);
    const notText: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      else if (node && typeof node === 'object') {
        const n = node as Record<string, unknown>;
        if (n.type === 'TextBlock' && typeof n.text !== 'string') notText.push(`${path}.text`);
        if ('title' in n && 'value' in n && !('type' in n) && typeof n.value !== 'string') notText.push(`${path}.value`);
        if (n.type === 'Action.Execute' && typeof n.title !== 'string' && path !== 'card.refresh.action') notText.push(`${path}.title`);
        for (const [k, v] of Object.entries(n)) walk(v, `${path}.${k}`);
      }
    };
    walk(card, 'card');
    expect(notText).toEqual([]);
  });

  it('the fullest cards leave room to spare, and the digest limit is not needlessly small', () => {
    expect(bytes(fullestDigest)).toBeLessThan(MAX_CARD_BYTES);
    expect(bytes(fullestDoneDigest)).toBeLessThan(MAX_CARD_BYTES);
    for (const state of ACTION_STATES) expect(bytes(fullestAction(state))).toBeLessThan(MAX_CARD_BYTES);
    expect(bytes(fullestInadequate)).toBeLessThan(MAX_CARD_BYTES);
    expect(MAX_DIGEST_ITEMS).toBeGreaterThanOrEqual(10);
  });
});

describe('action card', () => {
  it('a reminder offers Mark done · Ask for more time (snoozing is for nudges), each carrying the signed ref and action id', () => {
    const card = renderAction(action({ snoozesLeft: 2 }));
    expect(buttonTitles(card)).toEqual(['Mark done', 'Ask for more time']);
    expect(cardText(card)).toContain('Reminder: action due Tue 8 Dec · case CR-10421');
    expect(button(card, 'Mark done')).toEqual({ verb: 'action.markDone', data: { ...ref, actionId: 'act-1', keep: {} } });
    expect(button(card, 'Ask for more time').verb).toBe('action.askTime');
    expect(button(renderAction(action({ state: 'overdue', daysOverdue: 1, snoozesLeft: 2 })), 'Snooze 1 day (2 left)')).toEqual({ verb: 'action.snooze', data: { ...ref, actionId: 'act-1' } });
    expect((card.refresh as { action: { verb: string; data: unknown } }).action).toMatchObject({ verb: 'action.refresh', data: { ...ref, actionId: 'act-1' } });
  });

  it('overdue says by how many working days, with a symbol as well as colour', () => {
    const card = renderAction(action({ state: 'overdue', daysOverdue: 3 }));
    expect(cardText(card)).toContain('⚠ Overdue by 3 working days');
    expect(cardText(renderAction(action({ state: 'overdue', daysOverdue: 1 })))).toContain('⚠ Overdue by 1 working day');
    expect(cardText(renderAction(action({ state: 'overdue', daysOverdue: 1 })))).not.toContain('1 working days');
    expect(buttonTitles(card)).toEqual(['Mark done', 'Ask for more time', 'Snooze 1 day (2 left)']);
    expect(cardText(renderAction(action({ state: 'reminder', daysOverdue: 3 })))).not.toContain('Overdue by');
  });

  it('Snooze is hidden when none are left, and offered only on the overdue nudge', () => {
    expect(buttonTitles(renderAction(action({ state: 'overdue', snoozesLeft: 0 })))).toEqual(['Mark done', 'Ask for more time']);
    expect(buttonTitles(renderAction(action({ state: 'overdue', snoozesLeft: 1 })))).toContain('Snooze 1 day (1 left)');
    for (const state of ['reminder', 'markingDone', 'askingTime', 'done', 'signedOff', 'timeRequested', 'closed'] as const) {
      expect(buttonTitles(renderAction(action({ state, snoozesLeft: 3 }))).join()).not.toContain('Snooze');
    }
    expect(cardText(renderAction(action({ snoozedUntil: 'Wed 9 Dec' })))).toContain('Snoozed: no reminders until Wed 9 Dec.');
  });

  it('the done form keeps the note typed, shows its error under it, and Back carries what was typed', () => {
    const card = renderAction(action({ state: 'markingDone', inputs: { note: 'Visited on 3 Dec', reason: 'from the other form' }, errors: { note: 'Say what was done.' } }));
    expect(buttonTitles(card)).toEqual(['Mark as done', 'Back']);
    expect(inputValue(card, 'note')).toBe('Visited on 3 Dec');
    expect(afterInput(card, 'note')).toMatchObject({ type: 'TextBlock', text: 'Say what was done.', color: 'Attention' });
    const note = JSON.stringify(card).match(/\{"type":"Input\.Text","id":"note"[^}]*\}/)![0];
    expect(JSON.parse(note)).toMatchObject({ isMultiline: true, maxLength: 200, label: expect.stringContaining('What was done') });
    expect(button(card, 'Mark as done')).toEqual({ verb: 'action.confirmDone', data: { ...ref, actionId: 'act-1', keep: { note: 'Visited on 3 Dec', reason: 'from the other form' } } });
    expect(button(card, 'Back')).toEqual({ verb: 'action.back', data: { ...ref, actionId: 'act-1', keep: { note: 'Visited on 3 Dec', reason: 'from the other form' } } });
    expect(cardText(card)).toContain('Sam Patel is asked to sign it off.');
    // No error, no error text: an empty Attention block would still take space.
    expect(afterInput(renderAction(action({ state: 'markingDone' })), 'note')?.color).not.toBe('Attention');
    expect(inputValue(renderAction(action({ state: 'markingDone' })), 'note')).toBe('');
  });

  it('the more-time form keeps the date and reason typed, bounds the date, and shows each error under its input', () => {
    const card = renderAction(action({ state: 'askingTime', inputs: { newDueDate: '2026-12-15', reason: 'Family moved' }, errors: { newDueDate: 'Choose a date after Tue 8 Dec.', reason: 'Keep the reason under 200 characters.' } }));
    expect(buttonTitles(card)).toEqual(['Send request', 'Back']);
    expect(button(card, 'Send request').verb).toBe('action.sendTimeRequest');
    expect(inputValue(card, 'newDueDate')).toBe('2026-12-15');
    expect(inputValue(card, 'reason')).toBe('Family moved');
    expect(afterInput(card, 'newDueDate')).toMatchObject({ text: 'Choose a date after Tue 8 Dec.', color: 'Attention' });
    expect(afterInput(card, 'reason')).toMatchObject({ text: 'Keep the reason under 200 characters.', color: 'Attention' });
    const text = JSON.stringify(card);
    // No min/max on the input: the client would refuse the press silently; the label says the limit instead.
    expect(text).toContain('"type":"Input.Date","id":"newDueDate","label":"New due date (Tue 5 Jan 2027 at the latest)"');
    expect(text).not.toMatch(/"min":|"max":/);
    expect(text).toMatch(/"id":"reason"[^}]*"maxLength":200/);
    expect(button(card, 'Back').data.keep).toEqual({ newDueDate: '2026-12-15', reason: 'Family moved' });
  });

  it('outcome states show the outcome and no buttons', () => {
    for (const state of ['done', 'signedOff', 'timeRequested', 'closed'] as const) {
      const card = renderAction(action({ state, outcome: 'Marked done by Jordan Lee at 10:02, Wed 2 Dec: waiting for Sam Patel to sign it off' }));
      expect(buttonTitles(card)).toEqual([]);
      expect(cardText(card)).toContain('waiting for Sam Patel to sign it off');
      expect(inputValue(card, 'note')).toBeUndefined();
    }
    expect(cardText(renderAction(action({ state: 'signedOff' })))).toContain('✓ Action signed off · case CR-10421');
  });
});

describe('extension card', () => {
  it('open offers Approve new date and Keep the current date, carrying the action and request ids', () => {
    const card = renderExtension(extension());
    expect(buttonTitles(card)).toEqual(['Approve new date', 'Keep the current date']);
    const data = { ...ref, actionId: 'act-1', requestId: 'ext-1' };
    expect(button(card, 'Approve new date')).toEqual({ verb: 'extension.approve', data });
    expect(button(card, 'Keep the current date')).toEqual({ verb: 'extension.refuse', data });
    for (const shown of ['Jordan Lee', 'Tue 8 Dec', 'Tue 15 Dec', 'The family moved', 'CR-10421']) expect(cardText(card)).toContain(shown);
  });

  it('a decided request shows its outcome and no buttons', () => {
    for (const state of ['approved', 'refused', 'closed'] as const) {
      const card = renderExtension(extension({ state, outcome: 'Kept by Sam Patel at 10:02, Wed 2 Dec: still due Tue 8 Dec.', banner: 'Already decided.' }));
      expect(buttonTitles(card)).toEqual([]);
      expect(cardText(card)).toContain('Kept by Sam Patel');
      expect(cardText(card)).toContain('Already decided.');
    }
  });
});

describe('digest card', () => {
  it('lists each non-empty section with its count, overdue first', () => {
    const text = cardText(renderDigest(digest()));
    expect(text).toContain("Your team's actions · Wed 2 Dec");
    expect(text).toContain('Overdue (2)');
    expect(text).toContain('Due soon (1)');
    expect(text).toContain('Done, waiting for your sign-off (1)');
    expect(text.indexOf('Overdue (2)')).toBeLessThan(text.indexOf('Due soon (1)'));
    expect(text).toContain('Owner: Jordan Lee · due Tue 8 Dec · 4 working days overdue');
    expect(text).toContain('Owner: Jordan Lee · due Tue 8 Dec · 1 working day overdue');
    expect(text).toContain('⚠ CR-10001 · escalated');
    expect(text).not.toContain('⚠ CR-10002');
    expect(text).toContain('✓ Done: Chronology updated on 1 Dec.');
    expect(text).not.toContain('Nothing overdue');
    const onlyDone = cardText(renderDigest(digest({ overdue: [], dueSoon: [] })));
    expect(onlyDone).not.toContain('Overdue');
    expect(onlyDone).not.toContain('Due soon');
  });

  it('Nudge owner on overdue items not nudged today, Sign off on done items, each with its ref and action id', () => {
    const card = renderDigest(digest());
    const buttons = executes(card).filter((a) => a.verb !== 'digest.refresh');
    expect(buttons).toEqual([
      { type: 'Action.Execute', title: 'Nudge owner', verb: 'digest.nudge', data: { ...item(1).ref, actionId: 'act-1' } },
      { type: 'Action.Execute', title: 'Sign off', verb: 'digest.signOff', data: { ...item(4).ref, actionId: 'act-4' }, style: 'positive' },
    ]);
    expect(cardText(card)).toContain('✓ Nudged today');
  });

  it('says so when nothing is overdue or waiting', () => {
    const card = renderDigest(digest({ overdue: [], dueSoon: [], done: [] }));
    expect(cardText(card)).toContain('Nothing overdue or waiting for you today.');
    expect(executes(card).map((a) => a.verb)).toEqual(['digest.refresh']);
  });

  it(`lists at most ${MAX_DIGEST_ITEMS} items, the most pressing first, and counts the rest`, () => {
    const card = renderDigest(digest({ overdue: Array.from({ length: MAX_DIGEST_ITEMS - 2 }, (_, i) => item(i, { daysOverdue: 2 })), dueSoon: [item(500), item(501)], done: [item(600), item(601)], more: 3 }));
    const text = cardText(card);
    expect(text).toContain(`Overdue (${MAX_DIGEST_ITEMS - 2})`);
    expect(text).toContain('CR-10600');
    expect(text).toContain('CR-10601');
    expect(text).not.toContain('CR-10500');
    expect(text).toContain('Due soon (2)');
    expect(text).toContain('…and 5 more not shown here.');
    expect(executes(card).filter((a) => a.verb === 'digest.nudge').length).toBe(MAX_DIGEST_ITEMS - 2);
    expect(cardText(fullestDigest)).toContain(`…and ${3 * (MAX_DIGEST_ITEMS + 5) - MAX_DIGEST_ITEMS + 40} more not shown here.`);
    expect(cardText(renderDigest(digest({ overdue: [], dueSoon: [], done: [], more: 2 })))).not.toContain('Nothing overdue');
  });
});

describe('Inadequate notice card', () => {
  it('says what happens next and who has acknowledged; Acknowledge while the viewer has not', () => {
    const card = renderInadequateNotice(inadequate({ escalatedTo: 'the Assistant Director' }));
    const text = cardText(card);
    expect(text).toContain('⚠ Inadequate · case CR-10421');
    expect(text).toContain('graded Inadequate overall, as moderated by Chris Evans.');
    expect(text).toContain('Remedial actions must be completed within 10 days.');
    expect(text).toContain('The case will be re-audited on Tue 2 Feb 2027.');
    expect(text).toContain('escalated to the Assistant Director.');
    expect(text).toContain('Acknowledged by 1 of 3');
    expect(text).toContain('✓ Jordan Lee (practitioner): acknowledged at 10:02 on Wed 2 Dec 2026');
    expect(text).toContain('○ Sam Patel (team manager): not yet');
    expect(buttonTitles(card)).toEqual(['Acknowledge']);
    expect(button(card, 'Acknowledge')).toEqual({ verb: 'inadequate.acknowledge', data: ref });
    expect(text).not.toContain('Assurance about');
  });

  it('a repeated Inadequate says so in the title', () => {
    expect(cardText(renderInadequateNotice(inadequate({ level: 2 })))).toContain('⚠ Inadequate again (re-audit 1) · case CR-10421');
    expect(cardText(renderInadequateNotice(inadequate({ level: 3 })))).toContain('⚠ Inadequate again (re-audit 2) · case CR-10421');
  });

  it('once the viewer has acknowledged, the button goes and the time shows', () => {
    const card = renderInadequateNotice(inadequate({ viewerAcknowledged: '10:05 on Wed 2 Dec 2026' }));
    expect(buttonTitles(card)).toEqual([]);
    expect(cardText(card)).toContain('✓ You acknowledged this notice at 10:05 on Wed 2 Dec 2026.');
    expect(cardText(renderInadequateNotice(inadequate({ state: 'acknowledged', recipients: [{ name: 'A', role: 'r', acknowledged: 't' }] })))).toContain('✓ Everyone has acknowledged this notice');
  });

  it('asks for the assurance with its input, keeps what was typed and shows the error under it', () => {
    const card = renderInadequateNotice(inadequate({ assurance: { state: 'asked', input: 'Safety plan agreed', error: 'Keep it under 500 characters.' } }));
    expect(inputValue(card, 'assurance')).toBe('Safety plan agreed');
    expect(afterInput(card, 'assurance')).toMatchObject({ text: 'Keep it under 500 characters.', color: 'Attention' });
    expect(JSON.stringify(card)).toContain(`"id":"assurance","label":"Your assurance about the child's safety and what is in place","isMultiline":true,"maxLength":${ASSURANCE_INPUT_MAX}`);
    expect(button(card, 'Record assurance')).toEqual({ verb: 'inadequate.recordAssurance', data: ref });
    expect(ASSURANCE_INPUT_MAX).toBe(500);
  });

  it('shows a recorded assurance with who recorded it and when, without the input', () => {
    const card = renderInadequateNotice(inadequate({ viewerAcknowledged: 't', assurance: { state: 'recorded', text: 'Safety plan in place.', by: 'Chris Evans', at: '11:00 on Wed 2 Dec 2026' } }));
    expect(cardText(card)).toContain('Safety plan in place.');
    expect(cardText(card)).toContain('Recorded by Chris Evans at 11:00 on Wed 2 Dec 2026.');
    expect(inputValue(card, 'assurance')).toBeUndefined();
    expect(executes(card).map((a) => a.verb)).toEqual(['inadequate.refresh']);
  });
});

describe('user text is shown as typed, never evaluated as a template', () => {
  const evil = '${title} ${caseRef} ${1+1} ${$root}';
  it.each([
    ['action', renderAction(action({ state: 'markingDone', description: evil, managerName: evil, inputs: { note: evil }, errors: { note: evil }, outcome: evil }))],
    ['action, more time', renderAction(action({ state: 'askingTime', description: evil, inputs: { reason: evil } }))],
    ['extension', renderExtension(extension({ description: evil, reason: evil, ownerName: evil }))],
    ['digest', renderDigest(digest({ title: evil, overdue: [item(1, { description: evil, ownerName: evil })], done: [item(2, { doneNote: evil, caseRef: evil })] }))],
    ['inadequate', renderInadequateNotice(inadequate({ gradedBy: evil, recipients: [{ name: evil, role: evil }], assurance: { state: 'asked', input: evil } }))],
    ['inadequate, recorded', renderInadequateNotice(inadequate({ assurance: { state: 'recorded', text: evil, by: evil, at: 'now' } }))],
  ])('%s', (_name, card) => {
    expect(cardText(card)).toContain(evil);
    expect(cardText(card)).not.toContain('${title} 2');
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('the Inadequate notice counts acknowledgements honestly', () => {
  it('a viewer who has acknowledged still sees how many others have not, and a regrade is said', async () => {
    const { renderInadequateNotice } = await import('../../cards/inadequate-notice.js');
    const base = {
      ref,
      caseRef: 'CR-1',
      level: 1,
      gradedBy: 'as moderated by Chris Evans',
      remedialDays: 10,
      recipients: [
        { name: 'Jordan Lee', role: 'Practitioner', acknowledged: '09:00 on Wed 2 Dec 2026' },
        { name: 'Sam Patel', role: 'Team manager' },
      ],
      state: 'acknowledged' as const,
      viewerAcknowledged: '09:00 on Wed 2 Dec 2026',
    };
    const text = cardText(renderInadequateNotice(base));
    expect(text).toContain('Acknowledged by 1 of 2');
    expect(text).not.toContain('Everyone has acknowledged');
    const { viewerAcknowledged: _seen, ...unseen } = base;
    const regradedCard = renderInadequateNotice({ ...unseen, state: 'open', regraded: { grade: 'Requires Improvement', by: 'Chris Evans', how: 'moderation', at: '10:00 on Wed 2 Dec 2026' } });
    const regraded = cardText(regradedCard);
    expect(regraded).toContain('✓ No longer Inadequate · case');
    expect(regraded).toContain('Chris Evans changed the overall grade to Requires Improvement at moderation, at 10:00 on Wed 2 Dec 2026.');
    expect(regraded).toContain('The Inadequate clocks have stopped');
    expect(regraded).not.toContain('Remedial actions must be completed');
    // Nothing is asked of anyone once the grade no longer stands.
    expect(buttonTitles(regradedCard)).toEqual([]);
  });
});
