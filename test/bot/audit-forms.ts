/**
 * Helpers for driving the audit forms (review, moderation, result/dispute, dispute decision) over HTTP the
 * way a person in Teams does: press a button on a card the bot answered with or sent, with whatever is typed
 * into the card's inputs merged into the button's `data` (Teams' Action.Execute does the same).
 */
import { auditId, type Audit } from '../../workflow/audit.js';
import type { AuditTool } from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool } from '../../workflow/audit-tools/tools.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { cardAction, message, type Member } from '../support/activities.js';
import type { BotHarness } from '../support/bot-harness.js';
import { demo } from '../support/bot-harness.js';
import { button } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

export type Card = Record<string, unknown>;

export const CYCLE = '2026-12';
export const idOf = (caseRef: string) => auditId(CYCLE, caseRef);

/** Walks a card's elements (every object, depth first), with the `items`/`body` array each one sits in. */
function walk(node: unknown, visit: (element: Record<string, unknown>, siblings: readonly unknown[] | undefined, index: number) => void, siblings?: readonly unknown[], index = -1): void {
  if (Array.isArray(node)) node.forEach((child, i) => walk(child, visit, node, i));
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    visit(element, siblings, index);
    for (const value of Object.values(element)) walk(value, visit);
  }
}

/**
 * The inputs on a card and the values they hold, as Teams sends them with an Action.Execute: every input of
 * the card (associatedInputs "auto"), empty ones left out.
 */
export function inputsOn(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  walk(card, (e) => {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string' && typeof e.value === 'string' && e.value !== '') values[e.id] = e.value;
  });
  return values;
}

/** The ids of the inputs on a card. */
export function inputIds(card: unknown): string[] {
  const ids: string[] = [];
  walk(card, (e) => {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string') ids.push(e.id);
  });
  return ids;
}

/** The red text placed directly under an input — the problem named next to its field — or undefined. */
export function errorNextTo(card: unknown, inputId: string): string | undefined {
  let found: string | undefined;
  walk(card, (e, siblings, index) => {
    if (e.id !== inputId || !siblings) return;
    const next = siblings[index + 1] as Record<string, unknown> | undefined;
    if (next?.type === 'TextBlock' && next.color === 'Attention') found = next.text as string;
  });
  return found;
}

/**
 * What pressing `title` on `card` sends: the button's data, with the card's inputs merged in after applying
 * `typed` (what the person typed or changed; '' clears an input, so Teams leaves it out).
 */
export function pressing(card: unknown, title: string, typed: Record<string, string> = {}): { verb: string; data: Record<string, unknown> } {
  const { verb, data } = button(card, title);
  const inputs = Object.fromEntries(Object.entries({ ...inputsOn(card), ...typed }).filter(([, v]) => v !== ''));
  return { verb, data: { ...data, ...inputs } };
}

/** Presses `title` on `card` as `who`, with `typed` into the inputs; returns the card the bot answered with. */
export async function press(bot: BotHarness, who: Member, card: unknown, title: string, typed: Record<string, string> = {}): Promise<Card> {
  const { verb, data } = pressing(card, title, typed);
  return invoke(bot, who, verb, data);
}

/** Sends one Action.Execute invoke and returns the card in the response (every answer is a card). */
export async function invoke(bot: BotHarness, who: Member, verb: string, data: unknown): Promise<Card> {
  const reply = await bot.post(cardAction(bot.connector.url, who, verb, data));
  if (reply.status !== 200 || reply.body?.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`${verb} by ${who.name} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return checked(reply.body.value as Card);
}

/** A card as a person would see it: every template expression bound (never a literal "${…}" on screen or in an input). */
export function checked(card: Card): Card {
  const unbound = JSON.stringify(card).match(/\$\{[^}]*\}/g);
  if (unbound) throw new Error(`Card has unbound template expressions ${unbound.join(', ')}: ${cardText(card).slice(0, 200)}`);
  return card;
}

/** Cards the bot sent (POST) to a person whose text includes `marker`, oldest first. */
export function sentTo(bot: BotHarness, who: Member, marker: string): Card[] {
  return bot.connector
    .cards(bot.conversationOf(who), 'POST')
    .map((c) => checked(c.card))
    .filter((c) => cardText(c).includes(marker));
}

/** The one card sent to a person whose text includes `marker`. */
export function onlyCardTo(bot: BotHarness, who: Member, marker: string): Card {
  const cards = sentTo(bot, who, marker);
  if (cards.length !== 1) throw new Error(`Expected one card "${marker}" for ${who.name}, found ${cards.length}`);
  return cards[0]!;
}

export async function stored(bot: BotHarness, caseRef: string): Promise<Audit> {
  const audit = await bot.services.audits.get(bot.services.tenantId, idOf(caseRef));
  if (!audit) throw new Error(`No audit for ${caseRef}`);
  return audit;
}

/** Everything stored about an audit, to show that a refused or repeated action changed nothing. */
export async function snapshot(bot: BotHarness, caseRef: string): Promise<string> {
  return JSON.stringify(await stored(bot, caseRef));
}

/** The West Sussex v1 tool's scopes, in card order. */
export const SCOPES = ['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight', 'overall'] as const;

/**
 * A complete, valid review. Every rationale and text is recognisable ("RAT-…", "FB-…"), so a test can show
 * where it appears and, above all, where it never does.
 */
export function completeReview(profileId = 'west-sussex'): Record<string, string> {
  if (profileId !== 'west-sussex') return completeReviewWith(toolOf(profileId));
  return {
    'grade.assessment': 'good',
    'rationale.assessment': 'RAT-assessment: the assessment was updated after each visit and records what the child said.',
    'grade.planning': 'good',
    'rationale.planning': 'RAT-planning: the plan names who does what, but two actions have no timescale.',
    'grade.interventionVisiting': 'good',
    'rationale.interventionVisiting': 'RAT-visiting: visits were on time and the child was seen alone.',
    'grade.review': 'requiresImprovement',
    'rationale.review': 'RAT-review: the last review was three weeks late.',
    'grade.managementOversight': 'good',
    'rationale.managementOversight': 'RAT-oversight: supervision notes show reflective discussion.',
    'grade.overall': 'good',
    'rationale.overall': 'RAT-overall: the child is safer and attending school every day.',
    'feedback.obtained': 'yes',
    'feedback.summary': 'FB-summary: the family said the worker listened and explained the plan.',
    goodPractice: 'GP: direct work with the child was creative and well recorded.',
    // West Sussex makes the meeting mandatory (WS-04); these tests do not book one, so the reviewer says why.
    'meeting.notHeld': 'MTG-reason: the practitioner was on leave for the whole audit window.',
  };
}

/** The tool a profile starts audits with. */
export const toolOf = (profileId: string) => loadAuditTool(loadProfile(profileId).auditTool);

/** The same complete review for another profile's tool: Good everywhere, each rationale recognisable and within its limit. */
function completeReviewWith(tool: AuditTool): Record<string, string> {
  const values: Record<string, string> = {};
  for (const d of tool.domains) {
    values[`grade.${d.id}`] = 'good';
    values[`rationale.${d.id}`] = `RAT-${d.id}: seen in the record.`;
  }
  return {
    ...values,
    'grade.overall': 'good',
    'rationale.overall': 'RAT-overall: the child is safer and attending school every day.',
    'feedback.obtained': 'yes',
    'feedback.summary': 'FB-summary: the family said the worker listened and explained the plan.',
    goodPractice: 'GP: direct work with the child was creative and well recorded.',
    'meeting.notHeld': 'MTG-reason: the practitioner was on leave for the whole audit window.',
  };
}

/** Texts of a complete review that only people with a role on the audit may ever see. */
export const PRIVATE_TEXTS = ['RAT-', 'FB-summary', 'GP: direct work', 'MTG-reason'];

/** Accepts the allocation of `caseRef` from the card sent to the reviewer and presses "Open the audit". */
export async function acceptAndOpen(bot: BotHarness, reviewer: Member, caseRef: string): Promise<{ accepted: Card; form: Card }> {
  const allocation = onlyCardTo(bot, reviewer, `Audit allocation · case ${caseRef}`);
  const accepted = await press(bot, reviewer, allocation, 'Accept', { practitionerConfirmed: 'true', accessConfirmed: 'true' });
  const form = await press(bot, reviewer, accepted, 'Open the audit');
  return { accepted, form };
}

/** Fills the review form with one action row and submits it; returns the reviewer's answer card. */
export async function submitCompleteReview(bot: BotHarness, reviewer: Member, form: Card, values = completeReview()): Promise<Card> {
  const withRow = await press(bot, reviewer, form, 'Add an action', values);
  return press(bot, reviewer, withRow, 'Submit', {
    'action.r1.description': 'ACT: book the overdue review and share the plan with the family.',
    'action.r1.ownerId': demo.sam.aadObjectId,
    'action.r1.dueDate': '2026-12-18',
  });
}

/** Per scope: agree, except the changes given (scope → [grade, reason]). */
export function moderationChoices(changes: Partial<Record<string, [string, string]>> = {}, profileId = 'west-sussex'): Record<string, string> {
  const out: Record<string, string> = {};
  const scopes = profileId === 'west-sussex' ? SCOPES : [...toolOf(profileId).domains.map((d) => d.id), 'overall'];
  for (const scope of scopes) {
    const change = changes[scope];
    out[`decision.${scope}`] = change ? change[0] : 'agree';
    if (change) out[`reason.${scope}`] = change[1];
  }
  return out;
}

/** Sends a command and returns the one card the bot answered with. */
export async function command(bot: BotHarness, who: Member, text: string): Promise<Card> {
  const before = bot.connector.cards(bot.conversationOf(who), 'POST').length;
  await bot.post(message(bot.connector.url, who, text));
  const cards = bot.connector.cards(bot.conversationOf(who), 'POST');
  if (cards.length !== before + 1) throw new Error(`"${text}" by ${who.name} answered ${cards.length - before} cards`);
  return cards.at(-1)!.card;
}
