import { stringify } from 'yaml';
import type { Person } from '../workflow/people.js';

/**
 * The demo people you can play in the Playground. It shows the current user and exactly five others: the
 * first five of the rest of this list.
 */
export const PLAYGROUND_CAST = ['alex', 'sam', 'jordan', 'priya', 'chris', 'taylor', 'dana'] as const;
export type CastMember = (typeof PLAYGROUND_CAST)[number];

const firstName = (p: Person) => p.name.split(' ')[0]!.toLowerCase();

function playgroundUser(p: Person) {
  const [givenName, ...rest] = p.name.split(' ');
  return {
    id: `user-${firstName(p)}`,
    name: p.name,
    userPrincipleName: p.email,
    aadObjectId: p.id,
    givenName,
    surname: rest.join(' '),
    email: p.email,
  };
}

/** The Playground's YAML config (version 0.1.1) with `who` as the current user. */
export function playgroundConfig(roster: readonly Person[], who: CastMember, tenantId: string): string {
  const cast = PLAYGROUND_CAST.map((key) => {
    const person = roster.find((p) => firstName(p) === key);
    if (!person) throw new Error(`The roster has no "${key}" for the Playground.`);
    return person;
  });
  const me = cast.find((p) => firstName(p) === who)!;
  return stringify({
    version: '0.1.1',
    tenantId,
    bot: { id: '00000000-0000-4000-8000-0000000000b0', name: 'QA Audits' },
    currentUser: playgroundUser(me),
    users: cast.filter((p) => p !== me).slice(0, 5).map(playgroundUser),
    // One personal chat per person, so each one's conversation reference stays their own.
    personalChat: { id: `personal-chat-${who}` },
    groupChat: { id: 'group-chat-qa', name: 'QA group chat' },
    team: {
      id: 'team-qa',
      name: 'Quality Assurance',
      aadGroupId: '00000000-0000-4000-8000-0000000000c0',
      channels: [{ id: 'channel-audits', name: 'Audits' }],
    },
  });
}
