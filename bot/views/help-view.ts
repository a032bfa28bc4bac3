import { renderHelp } from '../../cards/help.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { ROLE_LABELS, type Person, type Role } from '../../workflow/people.js';

/** What each role can do with the bot today; later capabilities add their rows here. */
const COMMANDS_BY_ROLE: Partial<Record<Role, { command: string; what: string }[]>> = {
  reviewer: [{ command: 'Allocation cards', what: 'Accept or decline the audits allocated to you, right on the card.' }],
  qaCoordinator: [
    { command: 'Upload a case list', what: 'Attach the month\'s CSV or Excel case list here. Add the cycle, e.g. "2026-12", in the message; otherwise the current month is used.' },
    { command: 'Declined audits', what: 'When a reviewer declines, you get a card to choose another reviewer.' },
  ],
};

const EVERYONE = [
  { command: 'my audits', what: 'Your audits and where each one stands.' },
  { command: 'help', what: 'This list.' },
];

export function helpCard(person: Person | undefined, greeting: string, intro?: string): AdaptiveCard {
  const roles = person?.roles ?? [];
  const commands = [...EVERYONE, ...roles.flatMap((r) => COMMANDS_BY_ROLE[r] ?? [])];
  return renderHelp({
    greeting,
    intro: person ? intro : `${intro ? `${intro} ` : ''}You are not in the QA directory yet, so there is nothing for you here. Ask your QA team to add you.`,
    roles: roles.map((r) => ROLE_LABELS[r]).join(', '),
    commands,
  });
}
