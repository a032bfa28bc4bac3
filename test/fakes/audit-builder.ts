import { auditId, type Audit, type AuditStatus, type ChildStatus, type HistoryEntry } from '../../workflow/audit.js';
import type { Meeting } from '../../workflow/meeting/meeting.js';
import { nextDeliveryAt, type MessageState, type OutboxMessage } from '../../workflow/outbox.js';
import type { PersonId } from '../../workflow/people.js';
import { cast, TENANT } from './cast.js';

const AT = '2026-12-01T09:00:00.000Z';

type MessageFor = (audit: Omit<Audit, 'outbox' | 'nextDeliveryAt'>) => OutboxMessage;

/**
 * `anAudit().allocatedTo(reviewer.id).inCycle('2026-12').withStatus('declined').build()`
 * Defaults: the demo cast in every role, case CR-1001, cycle 2026-12, round 1, status allocated, empty outbox.
 */
export function anAudit(): AuditBuilder {
  return new AuditBuilder();
}

export class AuditBuilder {
  private tenantId = TENANT;
  private cycle = '2026-12';
  private caseRef = 'CR-1001';
  private status: AuditStatus = 'allocated';
  private round = 1;
  private reviewerId: PersonId = cast.reviewer.id;
  private practitionerId: PersonId = cast.practitioner.id;
  private teamManagerId: PersonId = cast.teamManager.id;
  private serviceManagerId: PersonId = cast.serviceManager.id;
  private coordinatorId: PersonId = cast.coordinator.id;
  private moderatorId?: PersonId;
  private childStatus: ChildStatus = 'CIN';
  private isRestricted = false;
  private dueDate?: string;
  private declineReason?: string;
  private acceptedAt?: string;
  private previousReviewerIds: PersonId[] = [];
  private history?: HistoryEntry[];
  private messages: MessageFor[] = [];
  private meeting?: Meeting;

  inTenant(tenantId: string): this {
    this.tenantId = tenantId;
    return this;
  }

  forCase(caseRef: string): this {
    this.caseRef = caseRef;
    return this;
  }

  inCycle(cycle: string): this {
    this.cycle = cycle;
    return this;
  }

  allocatedTo(reviewerId: PersonId): this {
    this.reviewerId = reviewerId;
    return this;
  }

  withPractitioner(id: PersonId): this {
    this.practitionerId = id;
    return this;
  }

  withTeamManager(id: PersonId): this {
    this.teamManagerId = id;
    return this;
  }

  withServiceManager(id: PersonId): this {
    this.serviceManagerId = id;
    return this;
  }

  coordinatedBy(id: PersonId): this {
    this.coordinatorId = id;
    return this;
  }

  /** The moderator assigned to it (set `withStatus('awaitingModeration')` too for an open moderation). */
  moderatedBy(id: PersonId): this {
    this.moderatorId = id;
    return this;
  }

  withStatus(status: AuditStatus): this {
    this.status = status;
    return this;
  }

  /** Accepted by the current reviewer. */
  accepted(at = AT): this {
    this.status = 'accepted';
    this.acceptedAt = at;
    return this;
  }

  /** Declined by the current reviewer, waiting for reallocation. */
  declined(reason = 'On leave for most of the month'): this {
    this.status = 'declined';
    this.declineReason = reason;
    return this;
  }

  inRound(round: number): this {
    this.round = round;
    return this;
  }

  previouslyAllocatedTo(...ids: PersonId[]): this {
    this.previousReviewerIds = ids;
    return this;
  }

  withChildStatus(childStatus: ChildStatus): this {
    this.childStatus = childStatus;
    return this;
  }

  restricted(isRestricted = true): this {
    this.isRestricted = isRestricted;
    return this;
  }

  due(dueDate: string): this {
    this.dueDate = dueDate;
    return this;
  }

  withHistory(...history: HistoryEntry[]): this {
    this.history = history;
    return this;
  }

  /** The meeting state as given (see `aBookedMeeting` in meeting-builder.ts). */
  withMeeting(meeting: Meeting): this {
    this.meeting = meeting;
    return this;
  }

  /** Any outbox message; `state` defaults to pending. */
  withMessage(message: Partial<OutboxMessage> & Pick<OutboxMessage, 'key' | 'kind' | 'to'>): this {
    this.messages.push(() => ({ state: 'pending', attempts: 0, createdAt: AT, ...message }));
    return this;
  }

  /**
   * The current round's allocation card for the current reviewer, in `state`. A sent card has an activity id
   * (`activity-<key>`) and a conversation id, as delivery records them.
   */
  withAllocationCard(state: MessageState = 'pending', extra: Partial<OutboxMessage> = {}): this {
    this.messages.push((a) => ({
      key: `allocation:${a.id}:r${a.round}`,
      kind: 'allocation',
      to: a.reviewerId,
      state,
      attempts: state === 'pending' || state === 'held' ? 0 : 1,
      createdAt: AT,
      ...(state === 'sent'
        ? { sentAt: AT, activityId: `activity-r${a.round}-${a.caseRef}`, conversationId: `conv-${a.reviewerId}` }
        : {}),
      ...extra,
    }));
    return this;
  }

  build(): Audit {
    const id = auditId(this.cycle, this.caseRef);
    const base: Omit<Audit, 'outbox' | 'nextDeliveryAt'> = {
      id,
      tenantId: this.tenantId,
      kind: 'collaborative',
      cycle: this.cycle,
      caseRef: this.caseRef,
      serviceArea: 'Children in Need',
      team: 'Assessment Team A',
      childStatus: this.childStatus,
      restricted: this.isRestricted,
      dueDate: this.dueDate ?? lastDayOf(this.cycle),
      status: this.status,
      round: this.round,
      reviewerId: this.reviewerId,
      practitionerId: this.practitionerId,
      teamManagerId: this.teamManagerId,
      serviceManagerId: this.serviceManagerId,
      coordinatorId: this.coordinatorId,
      ...(this.moderatorId ? { moderatorId: this.moderatorId } : {}),
      ...(this.acceptedAt ? { acceptedAt: this.acceptedAt } : {}),
      ...(this.declineReason ? { declineReason: this.declineReason } : {}),
      ...(this.meeting ? { meeting: this.meeting } : {}),
      previousReviewerIds: [...this.previousReviewerIds],
      history: this.history ?? [{ at: AT, by: this.coordinatorId, event: 'allocated', detail: `to ${this.reviewerId}` }],
      sourceFingerprint: `builder|${this.caseRef}`,
    };
    const outbox = this.messages.map((m) => m(base));
    // The index the domain keeps, by the domain's own rule; absent (not undefined) when nothing is due.
    const next = nextDeliveryAt(outbox);
    return { ...base, outbox, ...(next === undefined ? {} : { nextDeliveryAt: next }) };
  }
}

function lastDayOf(cycle: string): string {
  const [year, month] = cycle.split('-').map(Number);
  return new Date(Date.UTC(year!, month!, 0)).toISOString().slice(0, 10);
}
