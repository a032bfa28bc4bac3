import { partnersTakePart } from '../../workflow/review/partner-input.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderReview, type MeetingGateView, type SelfAssessmentView } from '../../cards/review.js';
import { meetingGate, type MeetingGate } from '../../workflow/review/meeting-gate.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { limitsOf, OVERALL, rationaleMaxOf, scopeLabel, scopesOf } from '../../workflow/audit-tools/audit-tool.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { ACTION_DESCRIPTION_MAX, MAX_ACTION_ROWS } from '../../workflow/actions.js';
import { EMPTY_REVIEW_DRAFT } from '../../workflow/review/draft.js';
import { FIELD, inputsFromReviewDraft, rowIdsFrom } from '../forms/audit-form-inputs.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';
import { actionRowViews, gradeChoices, guideFor, ownerChoices, problemSummary } from './form-parts.js';

export interface FormState {
  /** The inputs as the card should show them: what was just typed, or the saved draft. */
  readonly values?: Readonly<Record<string, string>>;
  /** Problems by field id (InvalidInput.fields). */
  readonly errors?: Readonly<Record<string, string>>;
  readonly banner?: string;
}

/** The reviewer's audit form, pre-filled with the saved draft or with what was just typed. */
export function reviewView(v: ViewContext, audit: Audit, state: FormState = {}): AdaptiveCard {
  const tool = toolFor(audit, v.profile);
  const values = state.values ?? inputsFromReviewDraft(audit.review?.draft ?? EMPTY_REVIEW_DRAFT);
  const errors = state.errors ?? {};
  const value = (id: string) => values[id] ?? '';
  const rowIds = rowIdsFrom(values);
  const zone = zoneOf(v);
  const ref = { ...v.signer.audit('review', audit.id, audit.round), [FIELD.actionRows]: rowIds.join(',') };
  const saved = audit.review?.draftSavedAt ? ` · draft saved ${formatDateTime(audit.review.draftSavedAt, zone)}` : '';

  const actions = actionRowViews(rowIds, values, errors);
  const f = FIELD.feedback;
  const required = limitsOf(tool).required;

  return renderReview({
    caseRef: audit.caseRef,
    multiAgency: partnersTakePart(v.profile),
    subtitle: `Due ${formatDate(audit.dueDate, zone)} · audit tool ${tool.id} v${tool.version}${saved}`,
    ...optional('banner', state.banner),
    ...optional('errorSummary', problemSummary(errors)),
    ...meetingGateView(meetingGate(audit, v.profile, v.now), value(FIELD.meetingNotHeld), errors[FIELD.meetingNotHeld], zone),
    ...selfAssessmentView(v, audit),
    grades: scopesOf(tool).map((scope) => ({
      label: scopeLabel(tool, scope),
      ...(scope === OVERALL ? { hint: 'The overall grade is about the impact on the child, not process compliance.' } : {}),
      gradeInput: FIELD.grade(scope),
      grade: value(FIELD.grade(scope)),
      rationaleInput: FIELD.rationale(scope),
      rationale: value(FIELD.rationale(scope)),
      rationalePrompt: scope === OVERALL ? 'What difference has the work made for the child?' : 'Why this grade? What did you see in the record?',
      rationaleMax: rationaleMaxOf(tool, scope),
      ...optional('gradeError', errors[FIELD.grade(scope)]),
      ...optional('rationaleError', errors[FIELD.rationale(scope)]),
      ...guideFor(tool, scope),
    })),
    gradeChoices: gradeChoices(),
    feedback: {
      required: required.familyFeedback,
      obtainedInput: f.obtained,
      obtained: value(f.obtained),
      summaryInput: f.summary,
      summary: value(f.summary),
      whyNotInput: f.whyNot,
      whyNot: value(f.whyNot),
      whereFoundInput: f.whereFound,
      whereFound: value(f.whereFound),
      planInput: f.plan,
      plan: value(f.plan),
      planByInput: f.planBy,
      planBy: value(f.planBy),
      ...optional('obtainedError', errors[f.obtained]),
      ...optional('summaryError', errors[f.summary]),
      ...optional('whyNotError', errors[f.whyNot]),
      ...optional('whereFoundError', errors[f.whereFound]),
      ...optional('planError', errors[f.plan]),
      ...optional('planByError', errors[f.planBy]),
    },
    goodPracticeInput: FIELD.goodPractice,
    goodPractice: value(FIELD.goodPractice),
    goodPracticeRequired: required.goodPractice,
    ...optional('goodPracticeError', errors[FIELD.goodPractice]),
    actionsHint: `Each action has an owner and a due date within ${v.profile.actions.maxWeeks} weeks. ${
      v.profile.inadequate.remedialActions === 'all'
        ? `On an Inadequate audit every action is remedial: due within ${v.profile.inadequate.remedialActionDays} days.`
        : `An Inadequate audit needs a remedial action due within ${v.profile.inadequate.remedialActionDays} days.`
    }`,
    ...optional('actionsError', errors[FIELD.actions]),
    actions,
    ownerChoices: ownerChoices([...v.people.values()], audit, actions.map((a) => a.owner)),
    maxActions: MAX_ACTION_ROWS,
    actionMax: ACTION_DESCRIPTION_MAX,
    ref,
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** The meeting's part of the form where the profile makes the meeting mandatory; nothing otherwise. */
function meetingGateView(gate: MeetingGate, notHeld: string, error: string | undefined, zone: string | undefined): { meeting?: MeetingGateView } {
  if (!gate.required) return {};
  const status = gate.held
    ? `✓ It took place on ${formatDateTime(gate.bookedFor!, zone)}.`
    : gate.bookedFor
      ? `Required before you submit. It is booked for ${formatDateTime(gate.bookedFor, zone)}: submit after it, or say below why it could not take place.`
      : 'Required before you submit. It is not booked yet: book it from the allocation card, or say below why it could not take place.';
  return { meeting: { status, askWhyNot: !gate.held, notHeldInput: FIELD.meetingNotHeld, notHeld, ...optional('notHeldError', error) } };
}

/** The practitioner's answers, where the profile asks for a self-assessment: or that they have not answered yet. */
function selfAssessmentView(v: ViewContext, audit: Audit): { selfAssessment?: SelfAssessmentView } {
  if (!v.profile.meeting.selfAssessment) return {};
  const given = audit.selfAssessment;
  if (!given) return { selfAssessment: { status: `${nameIn(v, audit.practitionerId)} has not sent it yet. It was asked for when you accepted.` } };
  return {
    selfAssessment: {
      status: `From ${nameIn(v, given.by)}, ${formatDateTime(given.at, zoneOf(v))}`,
      difference: given.difference,
      ...optional('discuss', given.discuss),
    },
  };
}

/** Reads what the card needs once, then renders it. */
export async function reviewCard(s: Services, audit: Audit, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return reviewView(await readViewContext(s, viewerId), audit, state);
}

/** `{ key: value }` when there is a value, else nothing: keeps optional card fields absent, not empty. */
export function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
