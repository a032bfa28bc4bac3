import { describe, expect, it } from 'vitest';
import { canSeeRationale } from '../../workflow/audit-trail.js';
import { InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { assignModerator } from '../../workflow/moderation/assign-moderator.js';
import type { ModerationDraft } from '../../workflow/moderation/moderation.js';
import type { PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { cardChoice } from '../../workflow/use-cases/open-audit-card.js';
import { aModerationDraft, anAudit, cast, fullCastList, qaCast } from '../fakes/index.js';
import { failureOf, outboxOf, setup, submitted } from './flow.js';

const { linkReviewer, moderator, secondModerator } = qaCast;
const { coordinator } = cast;
const westSussex = loadProfile('west-sussex');
/** West Sussex's tool and rules with Telford & Wrekin's panel, so the drafts from the fakes fit the tool. */
const withPanel = (members: number): PolicyProfile => ({ ...westSussex, moderation: { ...westSussex.moderation, sampleRate: 1, panel: { members } } });

const panelAnswers = (tookPart: string, reflects = 'yes', learning = 'Record the child’s words, not a summary of them.'): ModerationDraft => ({
  ...aModerationDraft(),
  panel: { tookPart, reflects, learning },
});

describe('a moderation panel (Telford & Wrekin)', () => {
  it('is in Telford & Wrekin’s profile only, with its size marked as the product’s choice', () => {
    for (const id of SHIPPED_PROFILE_IDS) {
      const profile = loadProfile(id);
      expect(profile.moderation.panel !== undefined, id).toBe(id === 'telford-wrekin');
    }
    expect(loadProfile('telford-wrekin').defaulted).toContain('moderation.panel.members');
    expect(loadProfile('telford-wrekin').defaulted).not.toContain('moderation.pool');
  });

  it('the least loaded moderator chairs; the next least loaded who may moderate it join, up to the size', () => {
    const audit = anAudit().withStatus('submitted').build();
    // Moderators by name: Chris Evans, Lee Grant, Mo Clarke, Quinn Adebayo (the coordinator).
    expect(assignModerator(audit, withPanel(3), fullCastList, [])).toEqual({
      moderatorId: linkReviewer.id,
      panel: [moderator.id, secondModerator.id],
      pool: 'qa-pool',
      reason: 'QA pool: least loaded (0 open moderations); chairs a panel of 3',
    });
    // Never someone who may not moderate this audit: here the coordinator reviewed it.
    const reviewedByQuinn = anAudit().withStatus('submitted').allocatedTo(coordinator.id).build();
    expect(assignModerator(reviewedByQuinn, withPanel(6), fullCastList, [])).toMatchObject({
      panel: [moderator.id, secondModerator.id],
      reason: 'QA pool: least loaded (0 open moderations); chairs a panel of 3, only 3 of 6 panel members available',
    });
    expect(assignModerator(audit, westSussex, fullCastList, [])?.panel).toBeUndefined();
  });

  it('every member gets the card; members read it, and may see the rationale, but only the chair records', async () => {
    const f = setup({ profile: withPanel(3) });
    const chair = await submitted(f);
    const audit = f.stored();
    expect(audit.moderation?.panel).toEqual([moderator.id, secondModerator.id]);
    expect(outboxOf(audit).filter((m) => m.startsWith('moderation →'))).toEqual([`moderation → ${chair}`, `moderation → ${moderator.id}`, `moderation → ${secondModerator.id}`]);
    expect(audit.history.find((h) => h.event === 'moderator assigned')?.detail).toBe(`${chair} (chair; panel: ${moderator.id}, ${secondModerator.id})`);
    expect(cardChoice(audit, moderator.id)).toEqual({ card: 'moderation' });
    expect(canSeeRationale(audit, secondModerator.id)).toBe(true);
    expect(await failureOf(f.moderateAs(moderator.id, panelAnswers(moderator.id)))).toBeInstanceOf(NotPermitted);
  });

  it('the chair records one agreed decision: who took part, whether it reflects practice, the learning for the worker', async () => {
    const f = setup({ profile: withPanel(3) });
    const chair = await submitted(f);

    const missing = await failureOf(f.moderateAs(chair, aModerationDraft()));
    expect(missing).toBeInstanceOf(InvalidInput);
    expect((missing as InvalidInput).fields).toEqual({
      'panel.tookPart': 'Say which panel members took part in the decision.',
      'panel.reflects': 'Say whether the audit reflects the quality of practice.',
      'panel.learning': 'Say what learning the audit gives the worker.',
    });
    const stranger = await failureOf(f.moderateAs(chair, panelAnswers(`${moderator.id},${cast.reviewer.id}`, 'maybe')));
    expect((stranger as InvalidInput).fields).toEqual({
      'panel.tookPart': 'Choose only members of this panel.',
      'panel.reflects': 'Say whether the audit reflects the quality of practice.',
    });
    // What was typed is kept for the next opening.
    expect(f.stored().moderation?.draft?.panel).toEqual({ tookPart: `${moderator.id},${cast.reviewer.id}`, reflects: 'maybe', learning: 'Record the child’s words, not a summary of them.' });

    const { audit } = await f.moderateAs(chair, panelAnswers(`${secondModerator.id}`, 'partly'));
    expect(audit.status).toBe('finalised');
    expect(audit.moderation?.outcome?.panel).toEqual({ tookPart: [chair, secondModerator.id], reflects: 'partly', learning: 'Record the child’s words, not a summary of them.' });
    expect(audit.history.find((h) => h.event === 'panel decision')).toMatchObject({
      by: chair,
      detail: `taken by ${chair}, ${secondModerator.id}; reflects the quality of practice: partly`,
      reason: 'Record the child’s words, not a summary of them.',
    });
  });

  it('without a panel, the panel’s fields are neither asked for nor recorded', async () => {
    const f = setup({ profile: { ...westSussex, moderation: { ...westSussex.moderation, sampleRate: 1 } } });
    const moderatorId = await submitted(f);
    const { audit } = await f.moderateAs(moderatorId, aModerationDraft());
    expect(audit.moderation?.outcome?.panel).toBeUndefined();
    expect(audit.history.some((h) => h.event === 'panel decision')).toBe(false);
  });
});
