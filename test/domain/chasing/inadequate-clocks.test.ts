import { describe, expect, it } from 'vitest';
import type { Audit } from '../../../workflow/audit.js';
import { acknowledgeNotice, recordAssurance } from '../../../workflow/chasing/inadequate.js';
import { NotPermitted, InvalidInput, StaleCard } from '../../../workflow/errors.js';
import type { Person } from '../../../workflow/people.js';
import { acceptAllocation } from '../../../workflow/use-cases/accept-allocation.js';
import { chaseAudits } from '../../../workflow/use-cases/chase-audits.js';
import { aModerationDraft, aPerson, FixedDirectory, aReviewDraft, cast, fullCastList, qaCast, TENANT } from '../../fakes/index.js';
import { ID, setup } from '../flow.js';

const assistantDirector = aPerson().named('Ash Director').withRoles('assistantDirector').build();
const executiveDirector = aPerson().named('Eve Director').withRoles('executiveDirector').build();
const people: Person[] = [
  ...fullCastList.map((p) => (p.id === cast.serviceManager.id ? { ...p, lineManagerId: qaCast.headOfService.id } : p)),
  assistantDirector,
  executiveDirector,
];

/**
 * A case graded Inadequate three times running, over seven months of an injected clock with the chase sweep
 * running every hour: notices, acknowledgements, QA's alert, re-audits at the profile's interval to the same
 * reviewer, and escalation to the assistant director, then the executive director.
 */
function world(profile: string) {
  const f = setup({ people, profile, now: '2026-12-01T10:00:00.000Z' });
  const chase = chaseAudits(f);
  const accept = acceptAllocation(f);
  /** Every message ever enqueued, by key, with the time the sweep (or the use case) put it there. */
  const seen = new Map<string, { kind: string; to: string; at: string }>();
  const record = () => {
    for (const a of f.audits.all(TENANT)) for (const m of a.outbox) if (!seen.has(m.key)) seen.set(m.key, { kind: m.kind, to: m.to, at: f.clock.iso() });
    for (const d of f.digests.all(TENANT)) for (const m of d.outbox) if (!seen.has(m.key)) seen.set(m.key, { kind: m.kind, to: m.to, at: f.clock.iso() });
  };
  let reads = 0;
  /** Runs the sweep every hour until `until`, twice each time (as a second instance would): nothing doubles. */
  const runUntil = async (until: string) => {
    while (f.clock.now().getTime() < Date.parse(until)) {
      f.clock.advance({ hours: 1 });
      reads += (await chase.execute({ tenantId: TENANT, limit: 100 })).read;
      await chase.execute({ tenantId: TENANT, limit: 100 });
      record();
    }
  };
  /** The reviewer accepts, grades overall `grade`, the moderator agrees. */
  const audit = async (id: string, grade: string) => {
    const a = f.audits.peek(TENANT, id)!;
    if (a.status === 'allocated') await accept.execute({ tenantId: TENANT, auditId: id, round: a.round, actorId: a.reviewerId, practitionerConfirmed: true, accessConfirmed: true });
    const due = new Date(f.clock.now().getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    const draft = aReviewDraft().forTool(f.profile.auditTool).overall(grade, 'Impact on the child.').withActions({ rowId: 'r1', description: 'Visit and update the safety plan', ownerId: cast.practitioner.id, dueDate: due }).build();
    const { audit: submitted } = await f.submitAs(a.reviewerId, draft, id);
    await f.moderateAs(submitted.moderatorId!, aModerationDraft({}, [], f.profile.auditTool), id);
    record();
  };
  const replaceDirectory = (list: Person[]) => {
    f.directory = new FixedDirectory(list);
  };
  return { ...f, runUntil, audit, seen, reads: () => reads, replaceDirectory };
}

const keysOf = (seen: Map<string, { kind: string; to: string; at: string }>, kind: string) => [...seen.entries()].filter(([, m]) => m.kind === kind);

describe('the Inadequate pathway over seven months (West Sussex: re-audit after 3 months, AD then ED)', () => {
  it('notices, QA alert, re-audits to the same reviewer and escalation, each once', async () => {
    const w = world('west-sussex');
    await w.audit(ID, 'inadequate');
    const first = w.audits.peek(TENANT, ID)!;
    expect(first.inadequate).toMatchObject({ level: 1, noticeDueBy: '2026-12-02T10:00:00.000Z' });
    expect(first.inadequate!.recipients.map((r) => r.role)).toEqual(['practitioner', 'teamManager', 'serviceManager']);

    // The practitioner and the TM acknowledge at once; the SM does not, so QA is alerted after 24 hours, once.
    await w.audits.update(TENANT, ID, (a) => acknowledgeNotice(acknowledgeNotice(a, cast.practitioner.id, w.clock.iso()), cast.teamManager.id, w.clock.iso()));
    expect(() => acknowledgeNotice(first, cast.reviewer.id, w.clock.iso())).toThrow(NotPermitted);
    await w.runUntil('2026-12-02T09:00:00.000Z');
    expect(keysOf(w.seen, 'inadequate-unacknowledged'), JSON.stringify(keysOf(w.seen, 'inadequate-unacknowledged'))).toHaveLength(0);
    await w.runUntil('2026-12-03T12:00:00.000Z');
    const alerts = keysOf(w.seen, 'inadequate-unacknowledged');
    expect(alerts.map(([, m]) => m.to)).toEqual([cast.coordinator.id]);
    expect(alerts[0]![1].at).toBe('2026-12-02T10:00:00.000Z');

    // Three months on, the re-audit goes out to the same reviewer through the normal allocation flow.
    await w.runUntil('2027-02-28T12:00:00.000Z');
    const reaudit1 = 'a-2027-03-CR-1001-re1';
    expect(w.audits.peek(TENANT, reaudit1)?.status).toBe('scheduled');
    await w.runUntil('2027-03-01T12:00:00.000Z');
    expect(w.audits.peek(TENANT, reaudit1)).toMatchObject({ status: 'allocated', reviewerId: cast.reviewer.id, kind: 'reaudit', reauditOf: { auditId: ID, number: 1 } });
    expect(w.seen.get(`allocation:${reaudit1}:r1`)?.to).toBe(cast.reviewer.id);

    // Inadequate again: the assistant director is told.
    await w.audit(reaudit1, 'inadequate');
    expect(w.audits.peek(TENANT, reaudit1)!.inadequate).toMatchObject({ level: 2, escalation: { role: 'assistantDirector', to: [assistantDirector.id] } });
    expect(keysOf(w.seen, 'reaudit-escalation').map(([, m]) => m.to)).toEqual([assistantDirector.id]);

    // And again three months later: the executive director.
    await w.runUntil('2027-06-01T12:00:00.000Z');
    const reaudit2 = 'a-2027-06-CR-1001-re2';
    expect(w.audits.peek(TENANT, reaudit2)?.status).toBe('allocated');
    await w.audit(reaudit2, 'inadequate');
    expect(keysOf(w.seen, 'reaudit-escalation').map(([, m]) => m.to)).toEqual([assistantDirector.id, executiveDirector.id]);

    // Every notice went once, to the right people.
    expect(keysOf(w.seen, 'inadequate-notice')).toHaveLength(9);
    // The case stays on the re-audit cycle: a third is scheduled for September.
    await w.runUntil('2027-06-30T12:00:00.000Z');
    expect(w.audits.peek(TENANT, 'a-2027-09-CR-1001-re3')?.status).toBe('scheduled');
    expect(keysOf(w.seen, 'action-reminder')).toHaveLength(3);
    // Reading only what is due: far fewer reads than hours × audits (4 audits × ~5,000 hours).
    expect(w.reads()).toBeLessThan(2_000);
  });

  it('a re-audit no longer Inadequate ends the cycle; BCP re-audits after 2 months', async () => {
    const w = world('bcp');
    await w.audit(ID, 'inadequate');
    await w.runUntil('2027-02-01T12:00:00.000Z');
    const reaudit = 'a-2027-02-CR-1001-re1';
    expect(w.audits.peek(TENANT, reaudit)?.status).toBe('allocated');
    await w.audit(reaudit, 'requiresImprovement');
    await w.runUntil('2027-07-01T12:00:00.000Z');
    expect(w.audits.all(TENANT).filter((a) => a.kind === 'reaudit').map((a) => a.id)).toEqual([reaudit]);
    expect(w.audits.peek(TENANT, reaudit)!.inadequate).toBeUndefined();
  });

  it('a re-audit whose reviewer can no longer take it goes back to QA to reallocate', async () => {
    const w = world('west-sussex');
    await w.audit(ID, 'inadequate');
    await w.runUntil('2027-02-20T12:00:00.000Z');
    // The reviewer has left: they are no longer in the directory the sweep reads.
    w.replaceDirectory(people.filter((p) => p.id !== cast.reviewer.id));
    await w.runUntil('2027-03-01T12:00:00.000Z');
    expect(w.audits.peek(TENANT, 'a-2027-03-CR-1001-re1')).toMatchObject({ status: 'declined' });
    expect(w.seen.get('declined:a-2027-03-CR-1001-re1:r1')?.to).toBe(cast.coordinator.id);
  });
});

describe('SM assurance (Sandwell)', () => {
  it('the SM is asked for assurance with the notice, and only they can record it', async () => {
    const w = world('sandwell-trust');
    await w.audit(ID, 'inadequate');
    const audit = w.audits.peek(TENANT, ID)!;
    expect(audit.inadequate!.recipients.map((r) => r.role)).toEqual(['serviceManager', 'headOfService']);
    expect(audit.inadequate!.recipients[1]!.personId).toBe(qaCast.headOfService.id);
    // The SM's notice carries the assurance input: no second card asks for it.
    expect(w.seen.get(`inadequate-notice:${ID}:l1:${cast.serviceManager.id}`)?.to).toBe(cast.serviceManager.id);
    expect(w.seen.has(`assurance-request:${ID}:l1`)).toBe(false);
    expect(() => recordAssurance(audit, cast.teamManager.id, 'x', w.clock.iso())).toThrow(NotPermitted);
    expect(() => recordAssurance(audit, cast.serviceManager.id, '  ', w.clock.iso())).toThrow(InvalidInput);
    const assured: Audit = recordAssurance(audit, cast.serviceManager.id, 'Visited today; safety plan in place; CP conference brought forward.', w.clock.iso());
    expect(assured.inadequate!.assurance).toMatchObject({ by: cast.serviceManager.id, text: 'Visited today; safety plan in place; CP conference brought forward.' });
    expect(assured.history.map((h) => h.event)).toContain('assurance recorded');
    // A stale copy of the card cannot overwrite it.
    expect(recordAssurance(assured, cast.serviceManager.id, 'Visited today; safety plan in place; CP conference brought forward.', w.clock.iso())).toBe(assured);
    expect(() => recordAssurance(assured, cast.serviceManager.id, 'Something else.', w.clock.iso())).toThrow(StaleCard);
  });
});

describe('a re-audit whose Inadequate audit is regraded before it goes out', () => {
  it('is withdrawn, not sent', async () => {
    const w = world('west-sussex');
    await w.audit(ID, 'inadequate');
    await w.runUntil('2026-12-10T12:00:00.000Z');
    const reaudit = 'a-2027-03-CR-1001-re1';
    expect(w.audits.peek(TENANT, reaudit)?.status).toBe('scheduled');
    // A dispute decided the overall grade up to Requires Improvement.
    await w.audits.update(TENANT, ID, (a) => ({ ...a, grades: { ...a.grades, overall: { ...a.grades!.overall!, decided: 'requiresImprovement', final: 'requiresImprovement' } } }));
    await w.runUntil('2027-03-02T12:00:00.000Z');
    expect(w.audits.peek(TENANT, reaudit)).toMatchObject({ status: 'withdrawn' });
    expect(w.seen.has(`allocation:${reaudit}:r1`)).toBe(false);
  });
});

describe('the pathway follows the overall grade after the notice went (issue 16)', () => {
  /** The reviewer submits Inadequate (the notices go), then the moderator decides with `changes`. */
  async function moderated(w: ReturnType<typeof world>, changes: Record<string, [string, string?]>) {
    const a = w.audits.peek(TENANT, ID)!;
    await acceptAllocation(w).execute({ tenantId: TENANT, auditId: ID, round: a.round, actorId: a.reviewerId, practitionerConfirmed: true, accessConfirmed: true });
    const draft = aReviewDraft().forTool(w.profile.auditTool).overall('inadequate', 'Impact on the child.').withActions({ rowId: 'r1', description: 'Visit and update the safety plan', ownerId: cast.practitioner.id, dueDate: '2026-12-04' }).build();
    const { audit } = await w.submitAs(a.reviewerId, draft);
    return (await w.moderateAs(audit.moderatorId!, aModerationDraft(changes, [], w.profile.auditTool))).audit;
  }
  const updatesIn = (audit: Audit) => audit.outbox.filter((m) => m.kind === 'inadequate-update');

  it('West Sussex waits for moderation to confirm (WS-38): nothing at submission; confirmed Inadequate starts the clocks then', async () => {
    const w = world('west-sussex');
    const a = w.audits.peek(TENANT, ID)!;
    await acceptAllocation(w).execute({ tenantId: TENANT, auditId: ID, round: a.round, actorId: a.reviewerId, practitionerConfirmed: true, accessConfirmed: true });
    const draft = aReviewDraft().overall('inadequate', 'Impact on the child.').withActions({ rowId: 'r1', description: 'Visit and update the safety plan', ownerId: cast.practitioner.id, dueDate: '2026-12-04' }).build();
    const { audit: submitted } = await w.submitAs(a.reviewerId, draft);
    expect(submitted.inadequate).toBeUndefined();
    expect(submitted.outbox.filter((m) => m.kind === 'inadequate-notice')).toEqual([]);

    w.clock.set('2026-12-02T09:30:00.000Z');
    const { audit } = await w.moderateAs(submitted.moderatorId!, aModerationDraft({}));
    expect(audit.inadequate).toMatchObject({ level: 1, since: '2026-12-02T09:30:00.000Z', noticeDueBy: '2026-12-03T09:30:00.000Z' });
    expect(audit.outbox.filter((m) => m.kind === 'inadequate-notice').map((m) => m.to)).toEqual([cast.practitioner.id, cast.teamManager.id, cast.serviceManager.id]);
  });

  it('West Sussex: moderated away from Inadequate before any notice, so nobody is ever told of an Inadequate', async () => {
    const w = world('west-sussex');
    const audit = await moderated(w, { overall: ['requiresImprovement', 'Seen by the duty worker.'] });
    expect(audit.inadequate).toBeUndefined();
    expect(audit.outbox.some((m) => m.kind.startsWith('inadequate'))).toBe(false);
  });

  it('moderated away: the clocks stop, every notice is updated in place, the history says so, and QA is never alerted', async () => {
    const w = world('bcp');
    const audit = await moderated(w, { overall: ['requiresImprovement', 'Seen by the duty worker.'] });
    expect(audit.inadequate!.stopped).toMatchObject({ grade: 'requiresImprovement', how: 'moderation', by: audit.moderatorId });
    expect(updatesIn(audit).map((m) => [m.to, m.replaces])).toEqual(audit.inadequate!.recipients.map((r) => [r.personId, `inadequate-notice:${ID}:l1:${r.personId}`]));
    expect(audit.history.find((h) => h.event === 'Inadequate clocks stopped')?.detail).toContain('now Requires Improvement (at moderation)');
    await w.runUntil('2026-12-20T12:00:00.000Z');
    expect(keysOf(w.seen, 'inadequate-unacknowledged')).toEqual([]);
    expect(w.audits.all(TENANT).filter((a) => a.kind === 'reaudit')).toEqual([]);
    // A stale card cannot acknowledge a notice that no longer stands.
    expect(() => acknowledgeNotice(w.audits.peek(TENANT, ID)!, cast.practitioner.id, w.clock.iso())).toThrow(StaleCard);
  });

  it('a dispute decided back to Inadequate restarts the clocks from the decision, and updates the notices again (a profile that starts at submission)', async () => {
    const w = world('bcp');
    await moderated(w, { overall: ['requiresImprovement', 'Seen by the duty worker.'] });
    await w.disputeAs(cast.teamManager.id, 'overall', 'The child was not seen for six weeks.');
    w.clock.set('2026-12-03T10:00:00.000Z');
    const { audit } = await w.decideAs(qaCast.qaHeadOfService.id, 'inadequate', 'Not seen for six weeks: Inadequate stands.');
    expect(audit.inadequate!.stopped).toBeUndefined();
    expect(audit.inadequate!.noticeDueBy).toBe('2026-12-04T10:00:00.000Z');
    expect(new Set(updatesIn(audit).map((m) => m.key.split(':')[3]))).toEqual(new Set(['u1', 'u2']));
    expect(audit.history.map((h) => h.event)).toContain('Inadequate clocks restarted');
  });

  it('a dispute decided away after finalisation withdraws the scheduled re-audit at once', async () => {
    const w = world('west-sussex');
    await moderated(w, {});
    await w.runUntil('2026-12-02T12:00:00.000Z');
    const reaudit = w.audits.peek(TENANT, ID)!.inadequate!.reaudit!;
    expect(w.audits.peek(TENANT, reaudit.auditId)?.status).toBe('scheduled');
    await w.disputeAs(cast.teamManager.id, 'overall', 'The plan was in place.');
    const { audit } = await w.decideAs(qaCast.qaHeadOfService.id, 'requiresImprovement', 'The plan was in place.');
    expect(w.audits.peek(TENANT, reaudit.auditId)?.status).toBe('withdrawn');
    expect(audit.history.find((h) => h.event === 'Inadequate clocks stopped')?.detail).toContain(`the re-audit ${reaudit.auditId} due ${reaudit.allocateOn} is withdrawn`);
  });
});

describe('the service manager’s assurance (issue 16)', () => {
  it('counts as their acknowledgement, recorded in the history', async () => {
    const w = world('sandwell-trust');
    await w.audit(ID, 'inadequate');
    const assured = recordAssurance(w.audits.peek(TENANT, ID)!, cast.serviceManager.id, 'Safety plan in place.', w.clock.iso());
    expect(assured.inadequate!.recipients.find((r) => r.personId === cast.serviceManager.id)?.acknowledgedAt).toBe(w.clock.iso());
    expect(assured.history.at(-1)).toMatchObject({ event: 'notice acknowledged', by: cast.serviceManager.id });
  });
});
