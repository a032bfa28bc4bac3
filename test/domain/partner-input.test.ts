import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { MAX_PARTNER_INPUTS, partnersTakePart, recordPartnerInput } from '../../workflow/review/partner-input.js';
import { anAudit, cast } from '../fakes/index.js';

const scsp = loadProfile('scsp');
const AT = '2026-12-08T10:00:00.000Z';
const health = { agency: 'Health', role: 'Health visitor', input: 'Saw the baby weekly.' };
const accepted = () => anAudit().accepted().build();
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to be refused');
};

describe('partner agencies’ input on a multi-agency audit (SCSP, SC-03)', () => {
  it('is offered where the profile’s meeting invites partners: SCSP only', () => {
    for (const id of SHIPPED_PROFILE_IDS) expect(partnersTakePart(loadProfile(id)), id).toBe(id === 'scsp');
  });

  it('the reviewer records one, with who and when, in the history; the same press twice records it once', () => {
    const once = recordPartnerInput(accepted(), cast.reviewer.id, health, scsp, AT);
    expect(once.partnerInputs).toEqual([{ id: 'p1', ...health, recordedBy: cast.reviewer.id, recordedAt: AT }]);
    expect(once.history.at(-1)).toEqual({ at: AT, by: cast.reviewer.id, event: 'partner input recorded', detail: 'Health (Health visitor)' });
    expect(recordPartnerInput(once, cast.reviewer.id, { ...health, input: ' Saw the baby weekly. ' }, scsp, AT)).toBe(once);
    expect(recordPartnerInput(once, cast.reviewer.id, { ...health, agency: 'Police', role: 'PC' }, scsp, AT).partnerInputs?.map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it('every missing or too-long part is named at once', () => {
    const error = thrown(() => recordPartnerInput(accepted(), cast.reviewer.id, { agency: ' ', role: 'r'.repeat(61), input: '' }, scsp, AT));
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      'partner.agency': 'Name the partner agency.',
      'partner.role': 'Keep this under 60 characters (it has 61).',
      'partner.input': 'Record what the partner contributed to the audit.',
    });
  });

  it('at most eight partners an audit', () => {
    let audit = accepted();
    for (let i = 0; i < MAX_PARTNER_INPUTS; i += 1) audit = recordPartnerInput(audit, cast.reviewer.id, { ...health, role: `Role ${i}` }, scsp, AT);
    const error = thrown(() => recordPartnerInput(audit, cast.reviewer.id, { ...health, role: 'One more' }, scsp, AT));
    expect((error as InvalidInput).fields['partner.input']).toBe("This audit already has 8 partners' input, the most one audit holds.");
  });

  it('refused for anyone but the reviewer, under a profile without partners, and once submitted', () => {
    expect(thrown(() => recordPartnerInput(accepted(), cast.teamManager.id, health, scsp, AT))).toBeInstanceOf(NotPermitted);
    expect(thrown(() => recordPartnerInput(accepted(), cast.reviewer.id, health, loadProfile('west-sussex'), AT))).toBeInstanceOf(NotPermitted);
    expect(thrown(() => recordPartnerInput(anAudit().withStatus('submitted').build(), cast.reviewer.id, health, scsp, AT))).toBeInstanceOf(IllegalTransition);
  });
});
