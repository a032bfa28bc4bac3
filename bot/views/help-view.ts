import { renderHelp } from '../../cards/help.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { ROLE_LABELS, type Person, type Role } from '../../workflow/people.js';

/** What each role can do with the bot today; later capabilities add their rows here. */
const COMMANDS_BY_ROLE: Partial<Record<Role, { command: string; what: string }[]>> = {
  reviewer: [
    { command: 'Allocation cards', what: 'Accept or decline the audits allocated to you, right on the card.' },
    { command: 'audit CR-…', what: 'Open an audit: grade each domain with a rationale, record family feedback and set actions. Save a draft any time.' },
    { command: 'concern CR-…', what: 'Raise an immediate safeguarding concern about a case you review or moderate: it goes at once to its managers.' },
  ],
  moderator: [{ command: 'Moderation cards', what: 'Agree with or change each grade of an audit sent to you for moderation; a change needs a reason.' }],
  teamManager: [
    { command: 'Audit results', what: 'Results of audits in your team arrive here; you can dispute a moderated grade with a reason.' },
    { command: 'my team', what: "Your team's overdue and due-soon actions, and those waiting for your sign-off (also each working morning)." },
  ],
  serviceManager: [
    { command: 'Audit results', what: 'You can dispute a moderated grade with a reason.' },
    { command: 'my team', what: 'Actions waiting for you: overdue, due soon, or done and waiting for your sign-off.' },
  ],
  qaHeadOfService: [{ command: 'Disputes', what: 'Disputed grades come to you to decide; your decision is final.' }],
  swAcademy: [{ command: 'Follow-up cards', what: 'Where your policy says so, audits finalised as Requires Improvement or Inadequate come to you to review; their open actions are in your daily digest.' }],
  headOfService: [{ command: 'Disputes', what: 'Where your policy says so, disputed grades come to you to decide.' }],
  qaCoordinator: [
    { command: 'Upload a case list', what: 'Attach the month\'s CSV or Excel case list here. Add the cycle, e.g. "2026-12", in the message; otherwise the current month is used.' },
    { command: 'Declined audits', what: 'When a reviewer declines, you get a card to choose another reviewer.' },
  ],
};

const EVERYONE = [
  { command: 'my audits', what: 'Your audits and where each one stands.' },
  { command: 'my actions', what: 'The actions you own: mark one done, ask for more time or snooze its reminders.' },
  { command: 'audit history CR-…', what: 'Who did what, when and why on an audit you have a role on.' },
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
