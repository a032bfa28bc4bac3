import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD_ACTIONS } from '../../bot/app.js';

/**
 * The card-to-handler contract, both ways: every verb a template names is declared by a card module (so the bot
 * routes it to a typed handler; the type check sees that every declared verb has one), and every declared verb is
 * on some card.
 */
const CARDS = resolve(import.meta.dirname, '../../cards');
const templates = readdirSync(CARDS).filter((f) => f.endsWith('.json'));
const namedVerbs = templates.flatMap((f) => [...readFileSync(join(CARDS, f), 'utf8').matchAll(/"verb":\s*"([^"$]+)"/g)].map((m) => m[1]!));
// The meeting card's Book/Move button takes its verb from the card's data ("${bookVerb}").
const fromData = ['meeting.book', 'meeting.move'];

describe('card verbs', () => {
  it('every verb a template names is declared, with a data schema', () => {
    expect(namedVerbs.length).toBeGreaterThan(40);
    expect(namedVerbs.filter((verb) => !(verb in CARD_ACTIONS))).toEqual([]);
  });

  it('every declared verb is on some card', () => {
    const onCards = new Set([...namedVerbs, ...fromData]);
    expect(Object.keys(CARD_ACTIONS).filter((verb) => !onCards.has(verb))).toEqual([]);
  });

  it('every signed verb names the family and id its signature covers', () => {
    for (const [verb, spec] of Object.entries(CARD_ACTIONS)) {
      if (verb === 'history.page') expect(spec.signed).toBeUndefined();
      else expect(spec.signed, verb).toBeDefined();
    }
  });
});
