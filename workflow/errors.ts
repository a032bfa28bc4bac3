/**
 * Typed domain errors. bot/ maps each kind to a card in one place; nothing else formats errors for users.
 * Messages are safe to show: they carry case references and people's names, never child details.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: string;
}

/** A transition the audit lifecycle does not allow from its current status. */
export class IllegalTransition extends DomainError {
  readonly kind = 'illegal-transition';
  constructor(
    readonly from: string,
    readonly attempted: string,
  ) {
    super(`An audit that is ${from} cannot be ${attempted}.`);
  }
}

/** The person acting holds no role that allows this action on this audit. */
export class NotPermitted extends DomainError {
  readonly kind = 'not-permitted';
  constructor(
    readonly actorId: string,
    readonly action: string,
  ) {
    super(`You cannot ${action}.`);
  }
}

/** The card the user acted on describes a state that has moved on (a stale copy or a second click). */
export class StaleCard extends DomainError {
  readonly kind = 'stale-card';
  constructor(message: string) {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

/** Input that fails validation. `fields` names each problem next to the input it belongs to. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid-input';
  constructor(readonly fields: Readonly<Record<string, string>>) {
    super(Object.values(fields).join(' '));
  }
}

/** Card data that did not come from a card this bot rendered (bad shape or bad signature). */
export class TamperedCard extends DomainError {
  readonly kind = 'tampered-card';
  constructor() {
    super('This card could not be read. Open the latest copy from "my audits".');
  }
}

/** Nobody in the directory holds a role the action needs (e.g. no QA head of service to decide a dispute). */
export class NobodyInRole extends DomainError {
  readonly kind = 'nobody-in-role';
  constructor(
    readonly role: string,
    why: string,
  ) {
    super(`Nobody in the directory is a ${role}, so ${why}. Ask QA to add one; nothing was changed.`);
  }
}
