import { describe, expect, it } from 'vitest';
import { renderAllocation, type AllocationCardData } from '../../cards/allocation.js';
import { renderHelp } from '../../cards/help.js';
import { LOAD_REPORT_MAX_PROBLEMS, renderLoadReport } from '../../cards/load-report.js';
import { MY_AUDITS_MAX_ROWS, renderMyAudits } from '../../cards/my-audits.js';
import { renderInfo } from '../../cards/info.js';
import { renderReallocation } from '../../cards/reallocation.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/template.js';
import { buttonTitles as buttonTitlesOf } from '../support/card-actions.js';
import { cardProblems, cardText } from '../support/card-parser.js';

const long = (n: number) => 'x'.repeat(n);
const ref = { auditId: 'a-2026-12-CR-1', round: 1, sig: 's'.repeat(32) };

const allocation = (over: Partial<AllocationCardData> = {}): AllocationCardData => ({
  caseRef: 'CR-1',
  serviceArea: "Children's Social Care",
  team: 'Assessment East',
  practitionerName: 'Jordan Lee',
  teamManagerName: 'Sam Patel',
  childStatus: 'CP',
  dueDate: 'Thu 31 Dec 2026',
  restricted: false,
  state: 'open',
  inputs: {},
  errors: {},
  ref,
  openRef: ref,
  meetingRef: ref,
  refreshUserIds: ['29:alex'],
  ...over,
});

/** Every card the bot can send, in each of its states, including the largest content it allows. */
const cards: [string, AdaptiveCard][] = [
  ['allocation open', renderAllocation(allocation())],
  ['allocation open, restricted, with errors', renderAllocation(allocation({ restricted: true, errors: { practitionerConfirmed: 'Confirm', accessConfirmed: 'Confirm access' }, inputs: { practitionerConfirmed: true } }))],
  ['allocation declining with long reason', renderAllocation(allocation({ state: 'declining', inputs: { reason: long(4000) }, errors: { reason: 'Too long' } }))],
  ['allocation accepted', renderAllocation(allocation({ state: 'accepted', outcome: 'Accepted by Alex Morgan at 14:05 on Tue 1 Dec 2026.', banner: 'Nothing changed.' }))],
  ['allocation declined', renderAllocation(allocation({ state: 'declined', outcome: `Declined: "${long(500)}"` }))],
  ['allocation reallocated', renderAllocation(allocation({ state: 'reallocated', outcome: 'Reallocated.' }))],
  ['reallocation open, 200 candidates', renderReallocation({ caseRef: 'CR-1', serviceArea: 'CSC', team: 'T', dueDate: 'd', declinedBy: 'Alex', reason: long(500), state: 'open', candidates: Array.from({ length: 200 }, (_, i) => ({ title: `Reviewer number ${i} (3 open this cycle)`, value: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })), error: 'Choose a reviewer', ref, refreshUserIds: ['29:a'] })],
  ['reallocation open, no candidates', renderReallocation({ caseRef: 'CR-1', serviceArea: 'CSC', team: 'T', dueDate: 'd', declinedBy: 'Alex', reason: 'r', state: 'open', candidates: [], ref, refreshUserIds: [] })],
  ['reallocation done', renderReallocation({ caseRef: 'CR-1', serviceArea: 'CSC', team: 'T', dueDate: 'd', declinedBy: 'Alex', reason: 'r', state: 'done', candidates: [], outcome: 'Reallocated to Chris.', ref, refreshUserIds: [] })],
  ['my audits, empty', renderMyAudits([])],
  ['my audits, 500 rows', renderMyAudits(Array.from({ length: 500 }, (_, i) => ({ caseRef: `CR-${i}`, cycle: '2026-12', status: 'Allocated, waiting for the reviewer', dueDate: 'Thu 31 Dec 2026', reviewer: 'Christopher Evans-Smythe', roles: 'Reviewer, QA coordinator', open: ref })))],
  ['help', renderHelp({ greeting: 'Hello', roles: 'Reviewer', commands: [{ command: 'help', what: 'This list.' }] })],
  ['information with reference', renderInfo({ title: 'Something went wrong', lines: ['Nothing was changed.'], tone: 'attention', reference: 'abc' })],
  ['load report, 1000 problems', renderLoadReport({ fileName: 'cases.xlsx', cycle: '2026-12', created: 3, alreadyLoaded: 2, problems: Array.from({ length: 1000 }, (_, i) => ({ line: i + 2, reason: `Unknown person in team manager: "${long(80)}" is not in the directory` })) })],
];

describe('every card the bot can send', () => {
  it.each(cards)('%s parses cleanly with the Adaptive Cards parser and stays under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    // A binding left unexpanded would show "${…}" to the user, or become an input's value.
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it.each(cards)('%s shows only text: every fact value and text block is a string', (_name, card) => {
    const notText: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      else if (node && typeof node === 'object') {
        const n = node as Record<string, unknown>;
        if (n.type === 'TextBlock' && typeof n.text !== 'string') notText.push(`${path}.text`);
        if ('title' in n && 'value' in n && !('type' in n) && typeof n.value !== 'string') notText.push(`${path}.value`);
        for (const [k, v] of Object.entries(n)) walk(v, `${path}.${k}`);
      }
    };
    walk(card, 'card');
    expect(notText).toEqual([]);
  });

  it('the parser used here does report a broken card (so the check above can fail)', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }] })).not.toEqual([]);
  });

  it('settled cards offer only what comes next; open cards offer Accept and Decline as Action.Execute', () => {
    const open = renderAllocation(allocation());
    expect((open.actions as { type: string; title: string }[]).map((a) => [a.type, a.title])).toEqual([
      ['Action.Execute', 'Accept'],
      ['Action.Execute', 'Decline'],
    ]);
    expect(buttonTitlesOf(renderAllocation(allocation({ state: 'accepted', outcome: 'Accepted' })))).toEqual(['Book the meeting', 'Open the audit']);
    expect(buttonTitlesOf(renderAllocation(allocation({ state: 'declined', outcome: 'Declined' })))).toEqual([]);
  });

  it('user text is shown as typed, never evaluated as a template', () => {
    const card = renderAllocation(allocation({ state: 'declining', inputs: { reason: '${caseRef} and ${1+1}' } }));
    expect(cardText(card)).toContain('${caseRef} and ${1+1}');
  });

  it('long lists are summarised rather than overflowing the card', () => {
    expect(cardText(renderMyAudits(Array.from({ length: MY_AUDITS_MAX_ROWS + 5 }, (_, i) => ({ caseRef: `CR-${i}`, cycle: 'c', status: 's', dueDate: 'd', reviewer: 'x', roles: 'r', open: ref }))))).toContain(`Showing ${MY_AUDITS_MAX_ROWS} of ${MY_AUDITS_MAX_ROWS + 5}`);
    expect(cardText(renderLoadReport({ fileName: 'f', cycle: 'c', created: 0, alreadyLoaded: 0, problems: Array.from({ length: LOAD_REPORT_MAX_PROBLEMS + 7 }, (_, i) => ({ line: i, reason: 'r' })) }))).toContain('and 7 more');
  });
});
