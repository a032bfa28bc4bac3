import { describe, expect, it } from 'vitest';
import { accept, auditId, type Audit } from '../../workflow/audit.js';
import { DomainError, IllegalTransition, InvalidInput, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { CLAIM_TIMEOUT_MS, findMessage, type OutboxMessage } from '../../workflow/outbox.js';
import { acceptAllocation, type AcceptAllocationInput } from '../../workflow/use-cases/accept-allocation.js';
import { declineAllocation, DECLINE_REASON_MAX, type DeclineAllocationInput } from '../../workflow/use-cases/decline-allocation.js';
import { deliverMessages, MAX_ATTEMPTS } from '../../workflow/use-cases/deliver-messages.js';
import { listMyAudits } from '../../workflow/use-cases/list-my-audits.js';
import { loadCaseList } from '../../workflow/use-cases/load-case-list.js';
import { reallocateAudit, type ReallocateInput } from '../../workflow/use-cases/reallocate-audit.js';
import { registerInstallation } from '../../workflow/use-cases/register-installation.js';
import { aCaseList, aConversation, anAudit, aWorld, cast, TENANT, type WorldOptions } from '../fakes/index.js';

const { coordinator, reviewer, secondReviewer, practitioner, colleague, teamManager, serviceManager } = cast;
const CYCLE = '2026-12';
const ID = auditId(CYCLE, 'CR-1001');
const FIRST_CARD = `allocation:${ID}:r1`;

/** The fakes wired to every use case under test. */
function setup(options: WorldOptions = {}) {
  const w = aWorld(options);
  const deliver = deliverMessages(w);
  return {
    ...w,
    load: loadCaseList(w),
    accept: acceptAllocation(w),
    decline: declineAllocation(w),
    reallocate: reallocateAudit(w),
    list: listMyAudits(w),
    register: registerInstallation(w),
    sweep: (limit = 50) => deliver.execute({ tenantId: w.tenantId, limit }),
    stored: (id = ID) => w.audits.peek(w.tenantId, id),
    message: (key: string, id = ID): OutboxMessage | undefined => findMessage(w.audits.peek(w.tenantId, id), key),
  };
}

const accepting = (overrides: Partial<AcceptAllocationInput> = {}): AcceptAllocationInput => ({
  tenantId: TENANT,
  auditId: ID,
  round: 1,
  actorId: reviewer.id,
  practitionerConfirmed: true,
  accessConfirmed: false,
  ...overrides,
});

const declining = (overrides: Partial<DeclineAllocationInput> = {}): DeclineAllocationInput => ({
  tenantId: TENANT,
  auditId: ID,
  round: 1,
  actorId: reviewer.id,
  reason: 'I supervised this practitioner last year',
  ...overrides,
});

const reallocating = (overrides: Partial<ReallocateInput> = {}): ReallocateInput => ({
  tenantId: TENANT,
  auditId: ID,
  round: 1,
  actorId: coordinator.id,
  newReviewerId: secondReviewer.id,
  ...overrides,
});

/** The error a promise rejects with (failing the test if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the action to fail, but it succeeded');
}

/** "kind → to (state)" for each outbox message, compact to assert on. */
const outboxOf = (audit: Audit) => audit.outbox.map((m) => `${m.kind} → ${m.to} (${m.state})`);

// ---------------------------------------------------------------------------------------------------------------

describe('loadCaseList', () => {
  const twoCases = () => aCaseList().row({ caseRef: 'CR-1001' }).row({ caseRef: 'cr-1002', reviewer: secondReviewer.email, restricted: 'Yes' }).build();

  it('creates one allocated audit per good row, its allocation card waiting in the outbox', async () => {
    const w = setup();
    const result = await w.load.execute({ tenantId: TENANT, cycle: CYCLE, table: twoCases(), loadedBy: coordinator.id });

    expect(result).toEqual({
      cycle: CYCLE,
      created: [
        { line: 2, caseRef: 'CR-1001', reviewerName: reviewer.name },
        { line: 3, caseRef: 'CR-1002', reviewerName: secondReviewer.name },
      ],
      alreadyLoaded: [],
      problems: [],
    });
    expect(w.stored(ID)).toEqual({
      id: ID,
      tenantId: TENANT,
      kind: 'collaborative',
      cycle: CYCLE,
      caseRef: 'CR-1001',
      serviceArea: 'Children in Need',
      team: 'Assessment Team A',
      childStatus: 'CIN',
      restricted: false,
      dueDate: '2026-12-31',
      status: 'allocated',
      round: 1,
      reviewerId: reviewer.id,
      practitionerId: practitioner.id,
      teamManagerId: teamManager.id,
      serviceManagerId: serviceManager.id,
      coordinatorId: coordinator.id,
      previousReviewerIds: [],
      history: [{ at: w.clock.iso(), by: coordinator.id, event: 'allocated', detail: `to ${reviewer.id} from case list line 2` }],
      outbox: [{ key: FIRST_CARD, kind: 'allocation', to: reviewer.id, state: 'pending', attempts: 0, createdAt: w.clock.iso() }],
      nextDeliveryAt: w.clock.iso(),
      sourceFingerprint: expect.stringContaining('CR-1001|'),
      // The chase sweep looks at it at once, to learn its due date (an audit not submitted by then is chased).
      nextChaseAt: w.clock.iso(),
    });
    expect(w.stored(auditId(CYCLE, 'CR-1002'))).toMatchObject({ reviewerId: secondReviewer.id, restricted: true });
  });

  it('reports bad rows by line and still creates the good ones', async () => {
    const w = setup();
    const table = aCaseList().row({ caseRef: 'CR-1001' }).row({ caseRef: 'CR-1002', reviewer: 'nobody@example.gov.uk' }).row({ caseRef: 'CR-1003' }).build();
    const result = await w.load.execute({ tenantId: TENANT, cycle: CYCLE, table, loadedBy: coordinator.id });

    expect(result.created.map((c) => c.caseRef)).toEqual(['CR-1001', 'CR-1003']);
    expect(result.problems).toEqual([{ line: 3, caseRef: 'CR-1002', reason: expect.stringContaining('nobody@example.gov.uk') }]);
    expect(w.audits.all(TENANT).map((a) => a.caseRef)).toEqual(['CR-1001', 'CR-1003']);
  });

  it('loading the same table twice creates nothing twice', async () => {
    const w = setup();
    const input = { tenantId: TENANT, cycle: CYCLE, table: twoCases(), loadedBy: coordinator.id };
    await w.load.execute(input);
    const afterFirst = w.audits.all(TENANT);

    w.clock.advance({ hours: 2 });
    const second = await w.load.execute(input);

    expect(second.created).toEqual([]);
    expect(second.alreadyLoaded).toEqual([
      { line: 2, caseRef: 'CR-1001' },
      { line: 3, caseRef: 'cr-1002' },
    ]);
    expect(second.problems).toEqual([]);
    expect(w.audits.all(TENANT)).toEqual(afterFirst);
  });

  it('two loads of the same table at once create each audit, and each allocation card, once', async () => {
    const w = setup();
    const input = { tenantId: TENANT, cycle: CYCLE, table: twoCases(), loadedBy: coordinator.id };
    const [a, b] = await Promise.all([w.load.execute(input), w.load.execute(input)]);

    expect(a.created.length + b.created.length).toBe(2);
    expect(a.alreadyLoaded.length + b.alreadyLoaded.length).toBe(2);
    for (const audit of w.audits.all(TENANT)) expect(audit.outbox).toHaveLength(1);
  });

  it.each([
    ['a reviewer', reviewer.id],
    ['a team manager', teamManager.id],
    ['someone not in the directory', 'p-stranger'],
  ])('is refused for %s, creating nothing', async (_who, loadedBy) => {
    const w = setup();
    const error = await failureOf(w.load.execute({ tenantId: TENANT, cycle: CYCLE, table: twoCases(), loadedBy }));

    expect(error).toBeInstanceOf(NotPermitted);
    expect(error.message).toBe('You cannot load a case list: only QA coordinators can.');
    expect(w.audits.all(TENANT)).toEqual([]);
  });

  it.each(['2026-13', '2026-1', 'December', '', '2026-12-01'])('refuses the cycle "%s", creating nothing', async (cycle) => {
    const w = setup();
    const error = await failureOf(w.load.execute({ tenantId: TENANT, cycle, table: twoCases(), loadedBy: coordinator.id }));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ cycle: `Cycle "${cycle}" must look like 2026-12.` });
    expect(w.audits.all(TENANT)).toEqual([]);
  });

  it.each([
    ['west-sussex', '2026-12', '2026-12-31'],
    ['bcp', '2028-02', '2028-02-29'],
    ['scsp', '2026-12', '2027-01-31'],
  ])('under %s, cycle %s is due %s', async (profile, cycle, due) => {
    const w = setup({ profile });
    await w.load.execute({ tenantId: TENANT, cycle, table: aCaseList().row().build(), loadedBy: coordinator.id });
    expect(w.stored(auditId(cycle, 'CR-1001')).dueDate).toBe(due);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('acceptAllocation', () => {
  function withAllocated(build = anAudit().withAllocationCard('sent')) {
    const w = setup();
    w.audits.seed(build.build());
    return w;
  }

  it('accepts, recording who and when', async () => {
    const w = withAllocated();
    const outcome = await w.accept.execute(accepting());

    expect(outcome.alreadyDone).toBe(false);
    expect(outcome.audit).toEqual(w.stored());
    expect(w.stored()).toMatchObject({ status: 'accepted', acceptedAt: w.clock.iso() });
    expect(w.stored().history.at(-1)).toEqual({ at: w.clock.iso(), by: reviewer.id, event: 'accepted' });
  });

  it('a second click is "already done" and changes nothing', async () => {
    const w = withAllocated();
    await w.accept.execute(accepting());
    const afterFirst = w.stored();

    w.clock.advance({ minutes: 1 });
    const second = await w.accept.execute(accepting());

    expect(second.alreadyDone).toBe(true);
    expect(w.stored()).toEqual(afterFirst);
  });

  it('two clicks arriving together accept once', async () => {
    const w = withAllocated();
    const outcomes = await Promise.all([w.accept.execute(accepting()), w.accept.execute(accepting())]);

    expect(outcomes.map((o) => o.alreadyDone).sort()).toEqual([false, true]);
    expect(w.stored().history.filter((h) => h.event === 'accepted')).toHaveLength(1);
  });

  it('re-runs on the newer audit when another click wins the race between read and write', async () => {
    const w = withAllocated();
    const otherClickAt = '2026-12-01T08:59:59.000Z';
    w.audits.injectConflict((a) => accept(a, reviewer.id, 1, otherClickAt));

    const mine = await w.accept.execute(accepting());

    expect(w.audits.conflicts).toBe(1);
    expect(w.audits.changeRuns).toBe(2);
    expect(mine.alreadyDone).toBe(true);
    expect(w.stored().acceptedAt).toBe(otherClickAt);
    expect(w.stored().history.filter((h) => h.event === 'accepted')).toHaveLength(1);
  });

  it('requires the practitioner check, naming the field, and changes nothing', async () => {
    const w = withAllocated();
    const before = w.stored();
    const error = await failureOf(w.accept.execute(accepting({ practitionerConfirmed: false })));

    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fields)).toEqual(['practitionerConfirmed']);
    expect(w.stored()).toEqual(before);
  });

  it.each([
    ['restricted, access not confirmed', true, true, false, ['accessConfirmed']],
    ['restricted, nothing confirmed', true, false, false, ['practitionerConfirmed', 'accessConfirmed']],
    ['restricted, both confirmed', true, true, true, []],
    ['not restricted, access not confirmed', false, true, false, []],
  ] as const)('pre-audit checks: %s', async (_case, restricted, practitionerConfirmed, accessConfirmed, problems) => {
    const w = withAllocated(anAudit().restricted(restricted).withAllocationCard('sent'));
    const attempt = w.accept.execute(accepting({ practitionerConfirmed, accessConfirmed }));

    if (problems.length === 0) {
      await attempt;
      expect(w.stored().status).toBe('accepted');
    } else {
      const error = await failureOf(attempt);
      expect(error).toBeInstanceOf(InvalidInput);
      expect(Object.keys((error as InvalidInput).fields)).toEqual(problems);
      expect(w.stored().status).toBe('allocated');
    }
  });

  it.each([
    ['the practitioner', practitioner.id],
    ['another reviewer', secondReviewer.id],
    ['the QA coordinator', coordinator.id],
  ])('is refused for %s, even with the checks left blank (a stranger learns only "not yours")', async (_who, actorId) => {
    const w = withAllocated(anAudit().restricted().withAllocationCard('sent'));
    const error = await failureOf(w.accept.execute(accepting({ actorId, practitionerConfirmed: false, accessConfirmed: false })));

    expect(error).toBeInstanceOf(NotPermitted);
    expect(w.stored().status).toBe('allocated');
  });

  it('a card from an earlier round is stale', async () => {
    const w = withAllocated(anAudit().inRound(2).withAllocationCard('sent'));
    const error = await failureOf(w.accept.execute(accepting({ round: 1 })));

    expect(error).toBeInstanceOf(StaleCard);
    expect(w.stored().status).toBe('allocated');
  });

  it('cannot accept what was declined', async () => {
    const w = withAllocated(anAudit().declined());
    expect(await failureOf(w.accept.execute(accepting()))).toBeInstanceOf(IllegalTransition);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('declineAllocation', () => {
  function withAllocated(build = anAudit().withAllocationCard('sent')) {
    const w = setup();
    w.audits.seed(build.build());
    return w;
  }
  const declinedNotices = (audit: Audit) => audit.outbox.filter((m) => m.kind === 'declined');

  it('declines with the (trimmed) reason and enqueues one notice to the coordinator', async () => {
    const w = withAllocated();
    const outcome = await w.decline.execute(declining({ reason: '  On leave until the 20th  ' }));

    expect(outcome.alreadyDone).toBe(false);
    expect(w.stored()).toMatchObject({ status: 'declined', declineReason: 'On leave until the 20th', nextDeliveryAt: w.clock.iso() });
    expect(w.stored().history.at(-1)).toEqual({ at: w.clock.iso(), by: reviewer.id, event: 'declined', detail: 'On leave until the 20th' });
    expect(declinedNotices(w.stored())).toEqual([
      { key: `declined:${ID}:r1`, kind: 'declined', to: coordinator.id, round: 1, state: 'pending', attempts: 0, createdAt: w.clock.iso() },
    ]);
  });

  it('done twice, enqueues once and reports the second as already done', async () => {
    const w = withAllocated();
    await w.decline.execute(declining());
    const afterFirst = w.stored();
    w.clock.advance({ seconds: 5 });
    const second = await w.decline.execute(declining({ reason: 'A different reason typed the second time' }));

    expect(second.alreadyDone).toBe(true);
    expect(w.stored()).toEqual(afterFirst);
    expect(declinedNotices(w.stored())).toHaveLength(1);
  });

  it('done twice at once, enqueues once', async () => {
    const w = withAllocated();
    await Promise.all([w.decline.execute(declining()), w.decline.execute(declining())]);

    expect(declinedNotices(w.stored())).toHaveLength(1);
    expect(w.stored().history.filter((h) => h.event === 'declined')).toHaveLength(1);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '     '],
    ['too short', 'no'],
  ])('needs a reason (%s)', async (_what, reason) => {
    const w = withAllocated();
    const error = await failureOf(w.decline.execute(declining({ reason })));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ reason: 'Say why you are declining, so QA can reallocate the case.' });
    expect(w.stored().status).toBe('allocated');
    expect(declinedNotices(w.stored())).toEqual([]);
  });

  it(`accepts a reason of exactly ${DECLINE_REASON_MAX} characters and refuses one longer`, async () => {
    const tooLong = setup();
    tooLong.audits.seed(anAudit().build());
    const error = await failureOf(tooLong.decline.execute(declining({ reason: 'x'.repeat(DECLINE_REASON_MAX + 1) })));
    expect((error as InvalidInput).fields).toEqual({ reason: `Keep the reason under ${DECLINE_REASON_MAX} characters (it has ${DECLINE_REASON_MAX + 1}).` });
    expect(tooLong.stored().status).toBe('allocated');

    const longest = setup();
    longest.audits.seed(anAudit().build());
    await longest.decline.execute(declining({ reason: 'x'.repeat(DECLINE_REASON_MAX) }));
    expect(longest.stored().status).toBe('declined');
  });

  it('is refused for someone else (before the reason is even looked at)', async () => {
    const w = withAllocated();
    expect(await failureOf(w.decline.execute(declining({ actorId: secondReviewer.id, reason: '' })))).toBeInstanceOf(NotPermitted);
    expect(declinedNotices(w.stored())).toEqual([]);
  });

  it('a card from an earlier round is stale', async () => {
    const w = withAllocated(anAudit().inRound(3));
    expect(await failureOf(w.decline.execute(declining({ round: 2 })))).toBeInstanceOf(StaleCard);
  });

  it('cannot decline what was accepted', async () => {
    const w = withAllocated(anAudit().accepted());
    expect(await failureOf(w.decline.execute(declining()))).toBeInstanceOf(IllegalTransition);
    expect(declinedNotices(w.stored())).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('reallocateAudit', () => {
  function withDeclined(build = anAudit().declined().withAllocationCard('sent')) {
    const w = setup();
    w.audits.seed(build.build());
    return w;
  }

  it('gives the audit to the chosen reviewer, enqueues their card, and updates the old card that was shown', async () => {
    const w = withDeclined();
    const outcome = await w.reallocate.execute(reallocating());

    expect(outcome.alreadyDone).toBe(false);
    expect(w.stored()).toMatchObject({ status: 'allocated', reviewerId: secondReviewer.id, round: 2, previousReviewerIds: [reviewer.id] });
    expect(w.stored().history.at(-1)).toMatchObject({ by: coordinator.id, event: 'reallocated' });
    expect(w.stored().outbox.map(({ key, kind, to, state, replaces }) => ({ key, kind, to, state, replaces }))).toEqual([
      { key: FIRST_CARD, kind: 'allocation', to: reviewer.id, state: 'sent', replaces: undefined },
      { key: `allocation:${ID}:r2`, kind: 'allocation', to: secondReviewer.id, state: 'pending', replaces: undefined },
      { key: `allocation-update:${ID}:r1`, kind: 'allocation-update', to: reviewer.id, state: 'pending', replaces: FIRST_CARD },
    ]);
  });

  it.each(['pending', 'held'] as const)('cancels the old card when it was never shown (%s), sending no update', async (state) => {
    const w = withDeclined(anAudit().declined().withAllocationCard(state));
    await w.reallocate.execute(reallocating());

    expect(outboxOf(w.stored())).toEqual([
      `allocation → ${reviewer.id} (cancelled)`,
      `allocation → ${secondReviewer.id} (pending)`,
    ]);
  });

  it('done twice, is a no-op the second time', async () => {
    const w = withDeclined();
    await w.reallocate.execute(reallocating());
    const afterFirst = w.stored();
    w.clock.advance({ seconds: 3 });
    const second = await w.reallocate.execute(reallocating());

    expect(second.alreadyDone).toBe(true);
    expect(w.stored()).toEqual(afterFirst);
  });

  it('done twice at once, reallocates once', async () => {
    const w = withDeclined();
    const outcomes = await Promise.all([w.reallocate.execute(reallocating()), w.reallocate.execute(reallocating())]);

    expect(outcomes.map((o) => o.alreadyDone).sort()).toEqual([false, true]);
    expect(w.stored().round).toBe(2);
    expect(w.stored().outbox).toHaveLength(3);
  });

  it('a second submission choosing someone else is stale: the first choice stands', async () => {
    const w = withDeclined();
    await w.reallocate.execute(reallocating());
    const error = await failureOf(w.reallocate.execute(reallocating({ newReviewerId: serviceManager.id })));

    expect(error).toBeInstanceOf(StaleCard);
    expect(w.stored().reviewerId).toBe(secondReviewer.id);
  });

  it('decides between "cancel" and "update" on the latest state when a delivery lands mid-change', async () => {
    const w = withDeclined(anAudit().declined().withAllocationCard('pending'));
    // Between our read and our write, the sweep records that the old card reached the reviewer's chat.
    w.audits.injectConflict((a) => ({
      ...a,
      outbox: a.outbox.map((m) => (m.key === FIRST_CARD ? { ...m, state: 'sent', activityId: 'act-1', conversationId: 'conv-1' } : m)),
    }));
    await w.reallocate.execute(reallocating());

    expect(w.audits.conflicts).toBe(1);
    expect(outboxOf(w.stored())).toEqual([
      `allocation → ${reviewer.id} (sent)`,
      `allocation → ${secondReviewer.id} (pending)`,
      `allocation-update → ${reviewer.id} (pending)`,
    ]);
  });

  it.each([
    ['a reviewer', reviewer.id],
    ['a team manager', teamManager.id],
    ['someone not in the directory', 'p-stranger'],
  ])('is refused for %s: only QA coordinators reallocate', async (_who, actorId) => {
    const w = withDeclined();
    const before = w.stored();
    const error = await failureOf(w.reallocate.execute(reallocating({ actorId })));

    expect(error).toBeInstanceOf(NotPermitted);
    expect(w.stored()).toEqual(before);
  });

  it.each([
    ['nobody chosen', '', 'Choose a reviewer from the list.'],
    ['someone not in the directory', 'p-stranger', 'Choose a reviewer from the list.'],
    ['someone without the reviewer role', colleague.id, 'Noah Byrne is not a reviewer.'],
    ['the reviewer who just declined', reviewer.id, 'Rhea Okafor has just declined this case.'],
    ['the case’s team manager', teamManager.id, 'Tom Fletcher cannot review a case they manage.'],
  ])('refuses %s as the new reviewer, changing nothing', async (_what, newReviewerId, reason) => {
    const w = withDeclined();
    const before = w.stored();
    const error = await failureOf(w.reallocate.execute(reallocating({ newReviewerId })));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ newReviewerId: reason });
    expect(w.stored()).toEqual(before);
  });

  it('a decline card from an earlier round is stale, whoever is chosen', async () => {
    const w = withDeclined(anAudit().declined().inRound(2));
    expect(await failureOf(w.reallocate.execute(reallocating({ round: 1 })))).toBeInstanceOf(StaleCard);
    expect(await failureOf(w.reallocate.execute(reallocating({ round: 1, newReviewerId: '' })))).toBeInstanceOf(StaleCard);
  });

  it('cannot reallocate an audit that was not declined', async () => {
    const w = withDeclined(anAudit().accepted());
    expect(await failureOf(w.reallocate.execute(reallocating()))).toBeInstanceOf(IllegalTransition);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('listMyAudits', () => {
  it('lists every audit a person has a role on, newest cycle first, withdrawn last, with their roles', async () => {
    const w = setup();
    w.audits.seed(
      anAudit().forCase('CR-1').inCycle('2026-11').build(),
      anAudit().forCase('CR-3').inCycle('2026-12').build(),
      anAudit().forCase('CR-2').inCycle('2026-12').withStatus('withdrawn').build(),
      anAudit().forCase('CR-4').inCycle('2026-12').build(),
      anAudit().forCase('CR-9').inCycle('2026-12').allocatedTo(secondReviewer.id).withPractitioner(colleague.id).build(),
    );

    const mine = await w.list.execute({ tenantId: TENANT, personId: reviewer.id });
    expect(mine.map((m) => `${m.audit.cycle} ${m.audit.caseRef} ${m.myRoles.join('+')}`)).toEqual([
      '2026-12 CR-3 reviewer',
      '2026-12 CR-4 reviewer',
      '2026-11 CR-1 reviewer',
      '2026-12 CR-2 reviewer',
    ]);

    const managers = await w.list.execute({ tenantId: TENANT, personId: teamManager.id });
    expect(managers).toHaveLength(5);
    expect(new Set(managers.flatMap((m) => m.myRoles))).toEqual(new Set(['teamManager']));
  });

  it('shows every role a person holds on one audit', async () => {
    const w = setup();
    w.audits.seed(anAudit().withServiceManager(teamManager.id).build());
    const [only] = await w.list.execute({ tenantId: TENANT, personId: teamManager.id });
    expect(only!.myRoles).toEqual(['teamManager', 'serviceManager']);
  });

  it('is empty for someone with no role on any audit, and never shows another tenant’s audits', async () => {
    const w = setup();
    w.audits.seed(anAudit().inTenant('tenant-other').build());
    expect(await w.list.execute({ tenantId: TENANT, personId: reviewer.id })).toEqual([]);
    expect(await w.list.execute({ tenantId: 'tenant-other', personId: colleague.id })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('registerInstallation', () => {
  it('stores the conversation; the first time is new, repeats are not', async () => {
    const w = setup();
    const first = await w.register.execute(aConversation(reviewer.id));
    const again = await w.register.execute(aConversation(reviewer.id));

    expect(first).toEqual({ isNew: true, person: reviewer, released: 0 });
    expect(again).toEqual({ isNew: false, person: reviewer, released: 0 });
    expect(await w.conversations.get(TENANT, reviewer.id)).toEqual(aConversation(reviewer.id));
  });

  it('releases the cards held for that person (only theirs), once', async () => {
    const w = setup();
    w.audits.seed(
      anAudit().forCase('CR-1').withAllocationCard('held').build(),
      anAudit().forCase('CR-2').withAllocationCard('held').build(),
      anAudit().forCase('CR-3').allocatedTo(secondReviewer.id).withAllocationCard('held').build(),
    );

    const first = await w.register.execute(aConversation(reviewer.id));
    const again = await w.register.execute(aConversation(reviewer.id));

    expect(first.released).toBe(2);
    expect(again.released).toBe(0);
    expect(w.message(`allocation:${auditId(CYCLE, 'CR-1')}:r1`, auditId(CYCLE, 'CR-1'))?.state).toBe('pending');
    // Released cards are due again, so the next sweep reads those audits (and not the one still held).
    expect((await w.audits.withDeliveryDue(TENANT, w.clock.now(), 10)).map((a) => a.caseRef)).toEqual(['CR-1', 'CR-2']);
    expect(w.message(`allocation:${auditId(CYCLE, 'CR-3')}:r1`, auditId(CYCLE, 'CR-3'))?.state).toBe('held');
  });

  it('leaves alone what is held for someone else in the same audit', async () => {
    const w = setup();
    w.audits.seed(
      anAudit()
        .declined()
        .withAllocationCard('held')
        .withMessage({ key: 'declined:x', kind: 'declined', to: coordinator.id, state: 'held' })
        .build(),
    );
    await w.register.execute(aConversation(reviewer.id));

    expect(outboxOf(w.stored())).toEqual([`allocation → ${reviewer.id} (pending)`, `declined → ${coordinator.id} (held)`]);
  });

  it('accepts someone not (yet) in the directory', async () => {
    const w = setup();
    expect(await w.register.execute(aConversation('p-newcomer'))).toEqual({ isNew: true, released: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('deliverMessages', () => {
  /** An allocated audit (CR-1001) whose card is waiting, as a case-list load leaves it. */
  function withWaitingCard(options: WorldOptions = {}) {
    const w = setup(options);
    w.audits.seed(anAudit().withAllocationCard('pending').build());
    return w;
  }

  it('sends a pending card and records where it went', async () => {
    const w = withWaitingCard();
    w.installFor(reviewer);
    const tally = await w.sweep();

    expect(tally).toEqual({ sent: 1, held: 0, retrying: 0, dead: 0, installFailures: [] });
    expect(w.messenger.sentSummary()).toEqual([`allocation → ${reviewer.id}`]);
    const sent = w.messenger.sent[0]!;
    expect(sent.audit.id).toBe(ID);
    expect(sent.conversation.personId).toBe(reviewer.id);
    expect(sent.earlier).toBeUndefined();
    expect(w.message(FIRST_CARD)).toMatchObject({
      state: 'sent',
      attempts: 1,
      sentAt: w.clock.iso(),
      activityId: (sent.result as { activityId: string }).activityId,
      conversationId: `conv-${reviewer.id}`,
    });
    expect(w.stored()).not.toHaveProperty('nextDeliveryAt');
  });

  it('a sweep run twice sends nothing twice', async () => {
    const w = withWaitingCard();
    w.installFor(reviewer);
    await w.sweep();
    const afterFirst = w.stored();
    const second = await w.sweep();

    expect(second).toEqual({ sent: 0, held: 0, retrying: 0, dead: 0, installFailures: [] });
    expect(w.messenger.deliveries).toHaveLength(1);
    expect(w.stored()).toEqual(afterFirst);
  });

  it('two sweeps running at once send each message exactly once', async () => {
    const w = setup();
    const cases = ['CR-1', 'CR-2', 'CR-3', 'CR-4', 'CR-5'];
    w.audits.seed(
      ...cases.map((c, i) =>
        anAudit()
          .forCase(c)
          .allocatedTo(i % 2 ? reviewer.id : secondReviewer.id)
          .withAllocationCard('pending')
          .withMessage({ key: `note:${c}`, kind: 'declined', to: coordinator.id })
          .build(),
      ),
    );
    w.installFor(reviewer, secondReviewer, coordinator);

    const [a, b] = await Promise.all([w.sweep(), w.sweep()]);

    expect(a.sent + b.sent).toBe(10);
    const keys = w.messenger.deliveries.map((d) => d.message.key);
    expect(keys).toHaveLength(10);
    expect(new Set(keys).size).toBe(10);
    expect(w.audits.conflicts).toBeGreaterThan(0); // the race really happened
    for (const audit of w.audits.all(TENANT)) expect(audit.outbox.every((m) => m.state === 'sent')).toBe(true);
  });

  describe('when the recipient has no chat with the bot', () => {
    it('holds the card and tells the coordinator once', async () => {
      const w = withWaitingCard();
      w.installFor(coordinator);

      const first = await w.sweep();
      expect(first).toEqual({ sent: 0, held: 1, retrying: 0, dead: 0, installFailures: [] });
      expect(w.message(FIRST_CARD)?.state).toBe('held');
      expect(w.message(`delivery-held:${FIRST_CARD}`)).toMatchObject({ kind: 'delivery-held', to: coordinator.id, state: 'pending' });

      await w.sweep();
      await w.sweep();
      expect(w.messenger.sentSummary()).toEqual([`delivery-held → ${coordinator.id}`]);
      expect(w.stored().outbox.filter((m) => m.kind === 'delivery-held')).toHaveLength(1);
    });

    it('tells the coordinator once per card, even when the card is held a second time', async () => {
      const w = withWaitingCard();
      w.installFor(coordinator);
      await w.sweep();
      await w.register.execute(aConversation(reviewer.id));
      w.conversations.forget(TENANT, reviewer.id); // e.g. the stored conversation was lost
      await w.sweep();
      await w.sweep();

      expect(w.message(FIRST_CARD)?.state).toBe('held');
      expect(w.messenger.sentSummary()).toEqual([`delivery-held → ${coordinator.id}`]);
    });

    it('sends the held card once the person installs the bot', async () => {
      const w = withWaitingCard();
      w.installFor(coordinator);
      await w.sweep(); // holds the card, enqueues the notice
      await w.sweep(); // sends the notice

      const registered = await w.register.execute(aConversation(reviewer.id));
      expect(registered.released).toBe(1);
      await w.sweep();
      await w.sweep();

      expect(w.messenger.sentSummary()).toEqual([`delivery-held → ${coordinator.id}`, `allocation → ${reviewer.id}`]);
      expect(w.message(FIRST_CARD)?.state).toBe('sent');
    });

    it('holds a notice to the coordinator without a notice about the notice', async () => {
      const w = setup();
      w.audits.seed(anAudit().declined().withMessage({ key: 'declined:x', kind: 'declined', to: coordinator.id }).build());
      await w.sweep();

      expect(outboxOf(w.stored())).toEqual([`declined → ${coordinator.id} (held)`]);
    });
  });

  describe('when the recipient has blocked the bot', () => {
    it('marks the card dead, does not retry it, and tells the coordinator', async () => {
      const w = withWaitingCard();
      w.installFor(reviewer, coordinator);
      w.messenger.blockedBy(reviewer.id);

      expect(await w.sweep()).toEqual({ sent: 0, held: 0, retrying: 0, dead: 1, installFailures: [] });
      expect(w.message(FIRST_CARD)).toMatchObject({ state: 'dead', lastError: expect.stringContaining('blocked') });

      w.clock.advance({ hours: 1 });
      await w.sweep();
      await w.sweep();
      expect(w.messenger.deliveries.map((d) => `${d.message.kind} → ${d.message.to}: ${d.result.outcome}`)).toEqual([
        `allocation → ${reviewer.id}: blocked`,
        `delivery-failed → ${coordinator.id}: sent`,
      ]);
    });

    it('a notice the coordinator cannot receive dies quietly', async () => {
      const w = setup();
      w.audits.seed(anAudit().declined().withMessage({ key: 'declined:x', kind: 'declined', to: coordinator.id }).build());
      w.installFor(coordinator);
      w.messenger.blockedBy(coordinator.id);
      await w.sweep();

      expect(outboxOf(w.stored())).toEqual([`declined → ${coordinator.id} (dead)`]);
    });
  });

  describe('when Teams asks us to retry', () => {
    it('puts the card back with a not-before time, and sends it once that time has come', async () => {
      const w = withWaitingCard();
      w.installFor(reviewer);
      w.messenger.script({ retry: 30_000, reason: '429 Too Many Requests' });

      expect(await w.sweep()).toEqual({ sent: 0, held: 0, retrying: 1, dead: 0, installFailures: [] });
      expect(w.message(FIRST_CARD)).toMatchObject({
        state: 'pending',
        attempts: 1,
        notBefore: new Date(w.clock.now().getTime() + 30_000).toISOString(),
        lastError: '429 Too Many Requests',
      });
      // Not due again until then: a limited sweep reads other audits meanwhile.
      expect(w.stored().nextDeliveryAt).toBe(new Date(w.clock.now().getTime() + 30_000).toISOString());

      w.clock.advance({ seconds: 29 });
      expect(await w.sweep()).toEqual({ sent: 0, held: 0, retrying: 0, dead: 0, installFailures: [] });

      w.clock.advance({ seconds: 1 });
      expect(await w.sweep()).toEqual({ sent: 1, held: 0, retrying: 0, dead: 0, installFailures: [] });
      expect(w.message(FIRST_CARD)).toMatchObject({ state: 'sent', attempts: 2 });
    });

    it(`gives up after ${MAX_ATTEMPTS} attempts and tells the coordinator`, async () => {
      const w = withWaitingCard();
      w.installFor(reviewer, coordinator);
      w.messenger.script(...Array.from({ length: MAX_ATTEMPTS + 5 }, () => ({ retry: 60_000, reason: '503 Service Unavailable' })));

      for (let sweep = 0; sweep < MAX_ATTEMPTS + 3; sweep += 1) {
        await w.sweep();
        w.clock.advance({ minutes: 1 });
      }

      const tries = w.messenger.deliveries.filter((d) => d.message.key === FIRST_CARD);
      expect(tries).toHaveLength(MAX_ATTEMPTS);
      expect(w.message(FIRST_CARD)).toMatchObject({
        state: 'dead',
        attempts: MAX_ATTEMPTS,
        lastError: `gave up after ${MAX_ATTEMPTS} attempts: 503 Service Unavailable`,
      });
      expect(w.message(`delivery-failed:${FIRST_CARD}`)).toMatchObject({ to: coordinator.id });
    });
  });

  it('tries again a send whose outcome was never recorded (the instance died), once the claim has expired', async () => {
    const w = setup();
    const claimedAt = w.clock.iso();
    w.audits.seed(anAudit().withAllocationCard('sending', { claimedAt, attempts: 1 }).build());
    w.installFor(reviewer);

    w.clock.advance(CLAIM_TIMEOUT_MS - 1);
    expect((await w.sweep()).sent).toBe(0);

    w.clock.advance(1);
    expect((await w.sweep()).sent).toBe(1);
    expect(w.message(FIRST_CARD)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  describe('allocation updates', () => {
    const UPDATE = `allocation-update:${ID}:r1`;

    it('updates the earlier card in place, using its activity id', async () => {
      const w = setup();
      w.audits.seed(
        anAudit()
          .allocatedTo(secondReviewer.id)
          .inRound(2)
          .withMessage({ key: FIRST_CARD, kind: 'allocation', to: reviewer.id, state: 'sent', activityId: 'act-first', conversationId: 'conv-rhea' })
          .withMessage({ key: UPDATE, kind: 'allocation-update', to: reviewer.id, replaces: FIRST_CARD })
          .build(),
      );
      w.installFor(reviewer);
      await w.sweep();

      expect(w.messenger.deliveries).toHaveLength(1);
      expect(w.messenger.deliveries[0]).toMatchObject({
        message: { key: UPDATE, kind: 'allocation-update' },
        earlier: { activityId: 'act-first', conversationId: 'conv-rhea' },
        result: { outcome: 'sent', activityId: 'act-first' },
      });
      expect(w.message(UPDATE)).toMatchObject({ state: 'sent', activityId: 'act-first' });
    });

    it('an update of a card never shown is settled without sending anything', async () => {
      const w = setup();
      w.audits.seed(
        anAudit()
          .withMessage({ key: FIRST_CARD, kind: 'allocation', to: reviewer.id, state: 'dead' })
          .withMessage({ key: UPDATE, kind: 'allocation-update', to: reviewer.id, replaces: FIRST_CARD })
          .build(),
      );
      w.installFor(reviewer);
      await w.sweep();

      expect(w.messenger.deliveries).toEqual([]);
      expect(w.message(UPDATE)?.state).toBe('sent');
      expect(w.stored()).not.toHaveProperty('nextDeliveryAt');
    });
  });

  it('a message waiting to retry does not hold up other audits when the sweep is limited', async () => {
    const w = setup();
    w.audits.seed(
      anAudit().forCase('CR-1').withAllocationCard('pending', { notBefore: '2026-12-01T10:00:00.000Z', attempts: 3 }).build(),
      anAudit().forCase('CR-2').withAllocationCard('pending').build(),
    );
    w.installFor(reviewer);

    await w.sweep(1);

    expect(w.messenger.sentSummary()).toEqual([`allocation → ${reviewer.id}`]);
    expect(w.message(`allocation:${auditId(CYCLE, 'CR-2')}:r1`, auditId(CYCLE, 'CR-2'))?.state).toBe('sent');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the allocation story, end to end, every click twice', () => {
  it('load → card → decline → notice → reallocate → new card and old card updated → accept', async () => {
    const w = setup();
    w.installFor(coordinator, reviewer, secondReviewer);
    const twice = async <T>(action: () => Promise<T>): Promise<T> => {
      const first = await action();
      await action();
      return first;
    };

    await twice(() => w.load.execute({ tenantId: TENANT, cycle: CYCLE, table: aCaseList().row().build(), loadedBy: coordinator.id }));
    await twice(() => w.sweep());
    const firstCard = w.messenger.sentTo(reviewer.id, 'allocation')[0]!;

    await twice(() => w.decline.execute(declining()));
    await twice(() => w.sweep());
    expect(w.messenger.sentTo(coordinator.id, 'declined')).toHaveLength(1);

    await twice(() => w.reallocate.execute(reallocating()));
    await twice(() => w.sweep());
    const update = w.messenger.sentTo(reviewer.id, 'allocation-update');
    expect(update).toHaveLength(1);
    expect(update[0]!.earlier?.activityId).toBe((firstCard.result as { activityId: string }).activityId);
    expect(update[0]!.audit.reviewerId).toBe(secondReviewer.id);

    // The first reviewer's stale card no longer works; the new reviewer's does.
    expect(await failureOf(w.accept.execute(accepting()))).toBeInstanceOf(StaleCard);
    await twice(() => w.accept.execute(accepting({ actorId: secondReviewer.id, round: 2 })));

    expect(w.messenger.sentSummary()).toEqual([
      `allocation → ${reviewer.id}`,
      `declined → ${coordinator.id}`,
      `allocation → ${secondReviewer.id}`,
      `allocation-update → ${reviewer.id}`,
    ]);
    expect(w.stored().history.map((h) => `${h.event} by ${h.by}`)).toEqual([
      `allocated by ${coordinator.id}`,
      `declined by ${reviewer.id}`,
      `reallocated by ${coordinator.id}`,
      `accepted by ${secondReviewer.id}`,
    ]);
    // The only card still owed: West Sussex asks the practitioner for their self-assessment once a reviewer accepts.
    expect(w.stored().outbox.filter((m) => m.state === 'pending').map((m) => `${m.kind} → ${m.to}`)).toEqual([`self-assessment → ${w.stored().practitionerId}`]);
  });
});
