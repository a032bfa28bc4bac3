import { describe, expect, it } from 'vitest';
import { forOneClick } from '../../bot/click-services.js';
import type { Services } from '../../bot/services.js';
import type { Person } from '../../workflow/people.js';
import type { Conversation } from '../../workflow/ports.js';
import { cast, fullCastList } from '../fakes/index.js';

/** A click's views ask for the same people many times; the store and directory are asked once each. */
describe('read-once services for one click', () => {
  function counting() {
    const calls = { all: 0, get: 0, conversation: 0 };
    const s = {
      tenantId: 't',
      directory: {
        all: async () => (calls.all++, fullCastList),
        get: async (_t: string, id: string) => (calls.get++, fullCastList.find((p: Person) => p.id === id)),
      },
      conversations: {
        get: async (_t: string, personId: string) => (calls.conversation++, { personId, tenantId: 't', channelUserId: `29:${personId}`, reference: {}, installedAt: 'x' } satisfies Conversation),
        save: async () => true,
      },
    } as unknown as Services;
    return { s, calls };
  }

  it('looks each person up once, and the whole directory once, however often the views ask', async () => {
    const { s, calls } = counting();
    const click = forOneClick(s);
    for (let i = 0; i < 3; i += 1) {
      expect((await click.directory.get('t', cast.reviewer.id))?.name).toBe(cast.reviewer.name);
      await click.conversations.get('t', cast.reviewer.id);
    }
    expect(calls).toEqual({ all: 0, get: 1, conversation: 1 });
    await click.directory.all('t');
    await click.directory.all('t');
    expect((await click.directory.get('t', cast.practitioner.id))?.name).toBe(cast.practitioner.name);
    expect(calls).toEqual({ all: 1, get: 1, conversation: 1 });
  });

  it('keeps nothing between clicks', async () => {
    const { s, calls } = counting();
    await forOneClick(s).directory.get('t', cast.reviewer.id);
    await forOneClick(s).directory.get('t', cast.reviewer.id);
    expect(calls.get).toBe(2);
  });
});
