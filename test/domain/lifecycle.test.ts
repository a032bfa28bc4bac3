import { describe, expect, it } from 'vitest';
import { accept, AUDIT_STATUSES, decline, reallocate, STATUS_WORDS, withdraw, type Audit, type AuditStatus } from '../../workflow/audit.js';
import { IllegalTransition, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { anAudit, cast } from '../fakes/index.js';
import { deepFreeze } from '../fakes/support.js';

const AT = '2026-12-03T10:15:00.000Z';
const { reviewer, secondReviewer, coordinator, practitioner } = cast;

/** Builds an audit in `status` (frozen, so a transition that mutated its input would throw). */
function auditIn(status: AuditStatus, round = 1): Audit {
  return deepFreeze(anAudit().allocatedTo(reviewer.id).withStatus(status).inRound(round).build());
}

/** Every status except those listed. */
const except = (...allowed: AuditStatus[]) => AUDIT_STATUSES.filter((s) => !allowed.includes(s));

describe('accept', () => {
  it('moves an allocated audit to accepted and records who and when', () => {
    const before = auditIn('allocated');
    const after = accept(before, reviewer.id, 1, AT);

    expect(after.status).toBe('accepted');
    expect(after.acceptedAt).toBe(AT);
    expect(after.history).toEqual([...before.history, { at: AT, by: reviewer.id, event: 'accepted' }]);
    expect(before.status).toBe('allocated');
  });

  it.each(except('allocated'))('is refused from %s with IllegalTransition', (status) => {
    const audit = auditIn(status);
    expect(() => accept(audit, reviewer.id, 1, AT)).toThrow(IllegalTransition);
    expect(() => accept(audit, reviewer.id, 1, AT)).toThrow(`An audit that is ${STATUS_WORDS[status]} cannot be accepted.`);
  });

  it.each([
    ['the practitioner', practitioner.id],
    ['another reviewer', secondReviewer.id],
    ['the QA coordinator', coordinator.id],
  ])('is refused for %s with NotPermitted', (_who, actorId) => {
    const error = catchError(() => accept(auditIn('allocated'), actorId, 1, AT));
    expect(error).toBeInstanceOf(NotPermitted);
    expect(error).toMatchObject({ kind: 'not-permitted', actorId });
  });

  it.each([0, 1, 3])('is refused as StaleCard for a card from round %i when the audit is in round 2', (round) => {
    const error = catchError(() => accept(auditIn('allocated', 2), reviewer.id, round, AT));
    expect(error).toBeInstanceOf(StaleCard);
    expect((error as StaleCard).message).toContain('CR-1001');
  });
});

describe('decline', () => {
  it('moves an allocated audit to declined, keeping the reason in the audit and its history', () => {
    const before = auditIn('allocated');
    const after = decline(before, reviewer.id, 1, 'I manage the practitioner’s partner', AT);

    expect(after.status).toBe('declined');
    expect(after.declineReason).toBe('I manage the practitioner’s partner');
    expect(after.history.at(-1)).toEqual({ at: AT, by: reviewer.id, event: 'declined', detail: 'I manage the practitioner’s partner' });
    expect(after.reviewerId).toBe(reviewer.id);
    expect(after.round).toBe(1);
  });

  it.each(except('allocated'))('is refused from %s with IllegalTransition', (status) => {
    expect(() => decline(auditIn(status), reviewer.id, 1, 'busy', AT)).toThrow(IllegalTransition);
  });

  it('is refused for someone who is not the reviewer', () => {
    expect(() => decline(auditIn('allocated'), secondReviewer.id, 1, 'busy', AT)).toThrow(NotPermitted);
  });

  it('is refused for a card from an earlier round', () => {
    expect(() => decline(auditIn('allocated', 2), reviewer.id, 1, 'busy', AT)).toThrow(StaleCard);
  });
});

describe('reallocate', () => {
  it('gives a declined audit to a new reviewer in a new round, remembering the previous reviewer', () => {
    const before = deepFreeze(anAudit().allocatedTo(reviewer.id).declined('On leave').build());
    const after = reallocate(before, coordinator.id, 1, secondReviewer.id, AT);

    expect(after).toMatchObject({
      status: 'allocated',
      reviewerId: secondReviewer.id,
      round: 2,
      previousReviewerIds: [reviewer.id],
    });
    expect(before.declineReason).toBe('On leave');
    expect(after.declineReason).toBeUndefined();
    expect(after.history.at(-1)).toEqual({
      at: AT,
      by: coordinator.id,
      event: 'reallocated',
      detail: `from ${reviewer.id} to ${secondReviewer.id}`,
    });
  });

  it('accumulates previous reviewers over several rounds', () => {
    const first = reallocate(auditIn('declined'), coordinator.id, 1, secondReviewer.id, AT);
    const declinedAgain = decline(first, secondReviewer.id, 2, 'Conflict of interest', AT);
    const second = reallocate(declinedAgain, coordinator.id, 2, cast.serviceManager.id, AT);

    expect(second.round).toBe(3);
    expect(second.previousReviewerIds).toEqual([reviewer.id, secondReviewer.id]);
    expect(second.history.map((h) => h.event)).toEqual(['allocated', 'reallocated', 'declined', 'reallocated']);
  });

  it.each(except('declined'))('is refused from %s with IllegalTransition', (status) => {
    expect(() => reallocate(auditIn(status), coordinator.id, 1, secondReviewer.id, AT)).toThrow(IllegalTransition);
  });

  it('is refused as StaleCard for a decline card from an earlier round', () => {
    expect(() => reallocate(auditIn('declined', 3), coordinator.id, 2, secondReviewer.id, AT)).toThrow(StaleCard);
  });
});

describe('withdraw', () => {
  const withdrawable: AuditStatus[] = ['allocated', 'accepted', 'declined', 'meetingBooked', 'inReview'];

  it.each(withdrawable)('withdraws an audit that is %s, recording who, when and why', (status) => {
    const after = withdraw(auditIn(status), coordinator.id, 'Case closed before the audit', AT);

    expect(after.status).toBe('withdrawn');
    expect(after.history.at(-1)).toEqual({ at: AT, by: coordinator.id, event: 'withdrawn', detail: 'Case closed before the audit' });
  });

  it.each(except(...withdrawable))('is refused once the audit is %s', (status) => {
    const error = catchError(() => withdraw(auditIn(status), coordinator.id, 'Case closed', AT));
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error).toMatchObject({ from: STATUS_WORDS[status], attempted: 'withdrawn' });
  });
});

describe('a full round trip', () => {
  it('keeps every step in the history, in order, attributed', () => {
    let audit = auditIn('allocated');
    audit = decline(audit, reviewer.id, 1, 'Too close to the family', '2026-12-02T09:00:00.000Z');
    audit = reallocate(audit, coordinator.id, 1, secondReviewer.id, '2026-12-02T11:00:00.000Z');
    audit = accept(audit, secondReviewer.id, 2, '2026-12-03T08:30:00.000Z');

    expect(audit.history.map(({ event, by, at }) => `${at} ${event} by ${by}`)).toEqual([
      `2026-12-01T09:00:00.000Z allocated by ${coordinator.id}`,
      `2026-12-02T09:00:00.000Z declined by ${reviewer.id}`,
      `2026-12-02T11:00:00.000Z reallocated by ${coordinator.id}`,
      `2026-12-03T08:30:00.000Z accepted by ${secondReviewer.id}`,
    ]);
    // The first reviewer's card (round 1) is now stale for everybody.
    expect(() => accept(audit, reviewer.id, 1, AT)).toThrow(StaleCard);
    expect(() => accept(audit, secondReviewer.id, 1, AT)).toThrow(StaleCard);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
