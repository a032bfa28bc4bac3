import { validateActionRows, type ActionRules, type AuditAction, type ValidAction } from '../actions.js';
import { requireStatus, STATUS_WORDS, type Audit } from '../audit.js';
import { OVERALL, rationaleMaxOf, scopeLabel, scopeName, scopesOf, type AuditToolSnapshot, type ScopeId } from '../audit-tools/audit-tool.js';
import { endOfMonth } from '../dates.js';
import { addWorkingDays, subtractWorkingDays } from '../chasing/bank-holidays.js';
import { chaseSettings } from '../chasing/chase-settings.js';
import { IllegalTransition, InvalidInput, NotPermitted } from '../errors.js';
import { GRADE_LABELS, isGrade, type Grade } from '../grades.js';
import { enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { actionRowShapeProblems } from '../review/draft.js';
import { sameJson, withoutUndefined } from '../json.js';
import { ACTION_PATHS, AGREE, PATH, LIMITS, tooLong } from '../review/record-paths.js';
import type { ModeratorChoice } from './assign-moderator.js';
import type { SamplingDecision } from './sampling.js';
import { resultRecipients } from './moderation-result.js';
export { EMPTY_MODERATION_DRAFT } from './moderation-record.js';
export type { ModerationDecision, ModerationDraft, ModerationOutcome, ModerationState, PanelDecision } from './moderation-record.js';
import { REFLECTS, type ModerationDecision, type ModerationDraft, type ModerationState, type PanelDecision, type PanelDraft, type Reflects } from './moderation-record.js';

/** Working days before the deadline at which an open moderation earns a reminder. */
export const REMINDER_WORKING_DAYS = 3;

/**
 * The moderation deadline and reminder day for a submission on `submittedOn` (YYYY-MM-DD, local). An urgent
 * moderation (Inadequate, where the profile moderates it "immediately") is due `urgentWorkingDays` working days
 * later, and its card is its own reminder; otherwise month end, with a reminder three working days before.
 */
export function moderationDeadline(profile: PolicyProfile, submittedOn: string, urgent = false): { dueDate?: string; reminderOn?: string } {
  const { calendar } = chaseSettings(profile);
  if (urgent) return { dueDate: addWorkingDays(submittedOn, profile.moderation.urgentWorkingDays, calendar), reminderOn: submittedOn };
  if (profile.moderation.deadline !== 'month-end') return {};
  const dueDate = endOfMonth(submittedOn);
  const reminder = subtractWorkingDays(dueDate, REMINDER_WORKING_DAYS, calendar);
  // Submitted inside the reminder window: the moderation card itself is the reminder.
  return { dueDate, reminderOn: reminder < submittedOn ? submittedOn : reminder };
}

/** Finalises an audit (from `submitted` or `moderated`) and sends the result to the profile's `resultTo`. */
export function finalise(audit: Audit, by: PersonId, detail: string, profile: PolicyProfile, at: string): Audit {
  requireStatus(audit, ['submitted', 'moderated'], 'finalised');
  let next: Audit = {
    ...audit,
    status: 'finalised',
    finalisedAt: at,
    history: [...audit.history, { at, by, event: 'finalised', detail }],
  };
  for (const to of resultRecipients(next, profile)) next = enqueue(next, { key: `result:${audit.id}:${to}`, kind: 'result', to }, at);
  return next;
}

/**
 * After submission: record the sampling decision, then either assign the moderator (status
 * `awaitingModeration`, the moderation card enqueued) or finalise at once (not sampled).
 */
export function routeForModeration(
  audit: Audit,
  input: {
    readonly by: PersonId;
    readonly sampling: SamplingDecision;
    readonly moderator: ModeratorChoice | undefined;
    readonly profile: PolicyProfile;
    /** YYYY-MM-DD, local. */
    readonly today: string;
    readonly at: string;
  },
): Audit {
  const { by, sampling, moderator, profile, today, at } = input;
  requireStatus(audit, ['submitted'], sampling.sampled ? 'sent for moderation' : 'finalised');
  const sampled: Audit = {
    ...audit,
    sampling: { ...sampling, at },
    history: [...audit.history, { at, by, event: sampling.sampled ? 'sampled for moderation' : 'not sampled for moderation', detail: sampling.reason }],
  };
  if (!sampling.sampled) return finalise(sampled, by, 'not sampled for moderation', profile, at);

  const urgent = audit.grades?.[OVERALL]?.original === 'inadequate' && profile.moderation.immediateForInadequate;
  const moderation: ModerationState = withoutUndefined({
    assignedAt: at,
    assignedBecause: moderator?.reason ?? 'nobody in the moderator pool may moderate this audit',
    ...moderationDeadline(profile, today, urgent),
    urgent,
    panel: moderator?.panel,
  });
  const waiting: Audit = {
    ...sampled,
    status: 'awaitingModeration',
    ...(moderator ? { moderatorId: moderator.moderatorId } : {}),
    moderation,
    history: [
      ...sampled.history,
      moderator
        ? { at, by, event: 'moderator assigned', detail: `${moderator.moderatorId}${moderator.panel?.length ? ` (chair; panel: ${moderator.panel.join(', ')})` : ''}${urgent ? ' (urgent: overall Inadequate)' : ''}`, reason: moderator.reason }
        : { at, by, event: 'moderator needed', detail: 'nobody in the moderator pool may moderate this audit' },
    ],
  };
  if (!moderator) return enqueue(waiting, { key: `moderator-needed:${audit.id}`, kind: 'moderator-needed', to: audit.coordinatorId }, at);
  // Panel members get the same card, read-only: the chair (the assigned moderator) records the agreed decision.
  return [moderator.moderatorId, ...(moderator.panel ?? [])].reduce(
    (next, to, i) => enqueue(next, { key: i === 0 ? `moderation:${audit.id}` : `moderation:${audit.id}:panel:${to}`, kind: 'moderation', to }, at),
    waiting,
  );
}

export function requireModerator(audit: Audit, actorId: PersonId, action: string): void {
  if (audit.moderatorId === undefined || audit.moderatorId !== actorId) throw new NotPermitted(actorId, action);
}

/** The tool a submitted audit was graded with; an audit without one (never submitted) cannot be moderated. */
export function submittedTool(audit: Audit): AuditToolSnapshot {
  if (!audit.tool || !audit.grades) throw new IllegalTransition(`${STATUS_WORDS[audit.status]} without a submitted review`, 'moderated');
  return audit.tool;
}

/** The draft as it will be stored: this tool's scopes only, no undefined values, strings untouched. */
export function normaliseModerationDraft(draft: ModerationDraft, tool: AuditToolSnapshot): ModerationDraft {
  const decisions: Record<ScopeId, { decision?: string; reason?: string }> = {};
  for (const scope of scopesOf(tool)) {
    const d = draft.decisions[scope];
    if (!d) continue;
    const entry = withoutUndefined({ decision: d.decision, reason: d.reason });
    if (Object.keys(entry).length > 0) decisions[scope] = entry;
  }
  const panel = draft.panel ? withoutUndefined({ tookPart: draft.panel.tookPart, reflects: draft.panel.reflects, learning: draft.panel.learning }) : {};
  return {
    decisions,
    actions: draft.actions.map((a) => withoutUndefined({ rowId: a.rowId, description: a.description, ownerId: a.ownerId, dueDate: a.dueDate })),
    ...(Object.keys(panel).length > 0 ? { panel } : {}),
  };
}

export function moderationDraftShapeProblems(draft: ModerationDraft, tool: AuditToolSnapshot): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const scope of scopesOf(tool)) {
    const d = draft.decisions[scope];
    if ((d?.decision?.length ?? 0) > LIMITS.token) problems[PATH.decision(scope)] = tooLong(LIMITS.token, d!.decision!.length);
    // A reason for a change is held to the reviewer's limit for that grade (the tool's; 500 where it sets none).
    const reasonMax = Math.min(LIMITS.reason, rationaleMaxOf(tool, scope));
    if ((d?.reason?.length ?? 0) > reasonMax) problems[PATH.reason(scope)] = tooLong(reasonMax, d!.reason!.length);
  }
  const panel = draft.panel ?? {};
  if ((panel.tookPart?.length ?? 0) > LIMITS.token * 6) problems[PATH.panel.tookPart] = tooLong(LIMITS.token * 6, panel.tookPart!.length);
  if ((panel.reflects?.length ?? 0) > LIMITS.token) problems[PATH.panel.reflects] = tooLong(LIMITS.token, panel.reflects!.length);
  if ((panel.learning?.length ?? 0) > LIMITS.panelLearning) problems[PATH.panel.learning] = tooLong(LIMITS.panelLearning, panel.learning!.length);
  return { ...problems, ...actionRowShapeProblems(draft.actions) };
}

/** Saves what the moderator has typed so far (only the assigned moderator, only while awaiting moderation). */
export function withModerationDraft(audit: Audit, actorId: PersonId, draft: ModerationDraft, at: string): Audit {
  requireModerator(audit, actorId, 'moderate an audit assigned to another moderator');
  requireStatus(audit, ['awaitingModeration'], 'moderated');
  const tool = submittedTool(audit);
  const problems = moderationDraftShapeProblems(draft, tool);
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
  const normalised = normaliseModerationDraft(draft, tool);
  if (audit.moderation?.draft && sameJson(audit.moderation.draft, normalised)) return audit;
  const state: ModerationState = audit.moderation ?? { assignedAt: at, assignedBecause: 'assigned before moderation was recorded', urgent: false };
  return { ...audit, moderation: { ...state, draft: normalised, draftSavedAt: at } };
}

export interface ModerationContext extends ActionRules {
  readonly tool: AuditToolSnapshot;
  /** The reviewer's grades, by scope. */
  readonly original: Readonly<Record<ScopeId, Grade>>;
  /** Actions already on the audit (they count towards a remedial action when the moderator lowers overall to Inadequate). */
  readonly existingActions: readonly AuditAction[];
  /** Under a panel profile: the chair (the assigned moderator) and the other members assigned. */
  readonly panel?: { readonly chairId: PersonId; readonly members: readonly PersonId[] };
}

export interface ValidModeration {
  readonly decisions: Readonly<Record<ScopeId, ModerationDecision>>;
  readonly actions: readonly ValidAction[];
  readonly panel?: PanelDecision;
}

export type ModerationValidation =
  | { readonly ok: true; readonly moderation: ValidModeration }
  | { readonly ok: false; readonly problems: Readonly<Record<string, string>> };

/**
 * For each domain and the overall grade: Agree, or Change to another grade with a required reason. Choosing
 * the reviewer's own grade is agreeing. Actions the moderator adds are checked as the reviewer's are; when
 * the moderated overall grade is Inadequate, at least one action (theirs or the reviewer's) must be remedial.
 */
export function validateModeration(draft: ModerationDraft, context: ModerationContext): ModerationValidation {
  const { tool } = context;
  const problems: Record<string, string> = {};
  const decisions: Record<ScopeId, ModerationDecision> = {};
  for (const scope of scopesOf(tool)) {
    const original = context.original[scope];
    if (!original) throw new Error(`The reviewer's grade for ${scope} is missing.`);
    const choice = (draft.decisions[scope]?.decision ?? '').trim();
    const reason = (draft.decisions[scope]?.reason ?? '').trim();
    const label = scopeLabel(tool, scope);
    if (!choice) {
      problems[PATH.decision(scope)] = `Agree with ${scopeName(tool, scope)}, or change it.`;
      continue;
    }
    if (choice !== AGREE && !isGrade(choice)) {
      problems[PATH.decision(scope)] = `Choose Agree or a grade for ${scopeName(tool, scope)}.`;
      continue;
    }
    const moderated = choice === AGREE ? original : choice;
    const agreed = moderated === original;
    if (!agreed && !reason) {
      problems[PATH.reason(scope)] = `Give the reason for changing ${label} from ${GRADE_LABELS[original]} to ${GRADE_LABELS[moderated]}.`;
      continue;
    }
    decisions[scope] = { original, moderated, agreed, ...(reason ? { reason } : {}) };
  }
  const overall = decisions[OVERALL]?.moderated ?? context.original[OVERALL];
  const actions = validateActionRows(draft.actions, context, ACTION_PATHS, {
    required: overall === 'inadequate',
    existing: context.existingActions,
  });
  const panel = context.panel ? validatePanel(draft.panel ?? {}, context.panel, problems) : undefined;
  Object.assign(problems, actions.problems, moderationDraftShapeProblems(draft, tool));
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, moderation: { decisions, actions: actions.actions, ...(panel ? { panel } : {}) } };
}

/**
 * The panel's one agreed decision: who took part besides the chair (at least one other member, or it was not a
 * panel), whether the audit reflects the quality of practice, and the learning for the worker (Telford & Wrekin).
 */
function validatePanel(draft: PanelDraft, panel: NonNullable<ModerationContext['panel']>, problems: Record<string, string>): PanelDecision | undefined {
  const chosen = (draft.tookPart ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const strangers = chosen.filter((id) => id !== panel.chairId && !panel.members.includes(id));
  const members = panel.members.filter((id) => chosen.includes(id));
  const reflects = (draft.reflects ?? '').trim();
  const learning = (draft.learning ?? '').trim();
  const before = Object.keys(problems).length;
  if (strangers.length > 0) problems[PATH.panel.tookPart] = 'Choose only members of this panel.';
  else if (panel.members.length > 0 && members.length === 0) problems[PATH.panel.tookPart] = 'Say which panel members took part in the decision.';
  if (!(REFLECTS as readonly string[]).includes(reflects)) problems[PATH.panel.reflects] = 'Say whether the audit reflects the quality of practice.';
  if (!learning) problems[PATH.panel.learning] = 'Say what learning the audit gives the worker.';
  if (Object.keys(problems).length > before) return undefined;
  return { tookPart: [panel.chairId, ...members], reflects: reflects as Reflects, learning };
}

/**
 * Records the moderation: both grades kept per scope (the moderated one is final), history for every
 * agreement and change, the moderator's actions added; then moderated → finalised and the results sent.
 */
export function applyModeration(audit: Audit, actorId: PersonId, moderation: ValidModeration, profile: PolicyProfile, at: string): Audit {
  requireModerator(audit, actorId, 'moderate an audit assigned to another moderator');
  requireStatus(audit, ['awaitingModeration'], 'moderated');
  const tool = submittedTool(audit);
  const grades = { ...audit.grades };
  const history = [...audit.history];
  for (const scope of scopesOf(tool)) {
    const d = moderation.decisions[scope]!;
    grades[scope] = { ...grades[scope]!, moderated: d.moderated, final: d.moderated };
    const label = scopeLabel(tool, scope);
    history.push(
      d.agreed
        ? withoutUndefined({ at, by: actorId, event: 'grade agreed', detail: `${label}: ${GRADE_LABELS[d.moderated]}`, reason: d.reason })
        : { at, by: actorId, event: 'grade changed', detail: `${label}: ${GRADE_LABELS[d.original]} → ${GRADE_LABELS[d.moderated]}`, reason: d.reason! },
    );
  }
  const added: AuditAction[] = moderation.actions.map((a) => ({
    id: `moderation-${a.rowId}`,
    source: 'moderation',
    description: a.description,
    ownerId: a.ownerId,
    dueDate: a.dueDate,
    remedial: a.remedial,
    setBy: actorId,
    setAt: at,
  }));
  for (const a of added) history.push({ at, by: actorId, event: 'action set', detail: `${a.description} (owner ${a.ownerId}, due ${a.dueDate})` });
  const changed = scopesOf(tool).filter((s) => !moderation.decisions[s]!.agreed).length;
  if (moderation.panel) {
    const { tookPart, reflects, learning } = moderation.panel;
    history.push({ at, by: actorId, event: 'panel decision', detail: `taken by ${tookPart.join(', ')}; reflects the quality of practice: ${reflects}`, reason: learning });
  }
  history.push({ at, by: actorId, event: 'moderated', detail: changed === 0 ? 'all grades agreed' : `${changed} grade${changed === 1 ? '' : 's'} changed` });
  const { draft: _draft, draftSavedAt: _savedAt, ...state } = audit.moderation ?? { assignedAt: at, assignedBecause: 'assigned before moderation was recorded', urgent: false };
  const moderated: Audit = {
    ...audit,
    status: 'moderated',
    grades,
    actions: [...(audit.actions ?? []), ...added],
    moderation: { ...state, outcome: { at, by: actorId, decisions: moderation.decisions, ...(moderation.panel ? { panel: moderation.panel } : {}) } },
    history,
  };
  return finalise(moderated, actorId, 'moderated', profile, at);
}
