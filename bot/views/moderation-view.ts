import { formatDate } from '../../cards/format.js';
import { MODERATOR_MAX_ACTIONS, renderModeration, type ModerationRow, type PanelView } from '../../cards/moderation.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { ACTION_DESCRIPTION_MAX } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { rationaleMaxOf, scopeLabel, scopesOf } from '../../workflow/audit-tools/audit-tool.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { GRADE_LABELS, GRADES } from '../../workflow/grades.js';
import { EMPTY_MODERATION_DRAFT } from '../../workflow/moderation/moderation.js';
import { AGREE, LIMITS } from '../../workflow/review/record-paths.js';
import { FIELD, inputsFromModerationDraft, rowIdsFrom } from '../forms/audit-form-inputs.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';
import { actionRowViews, guideFor, ownerChoices, problemSummary } from './form-parts.js';
import { optional, type FormState } from './review-view.js';
import { panelDecisionText } from './panel-text.js';

/** The moderator's card: the reviewer's grades and rationale, and per grade Agree or Change (with a reason). */
export function moderationView(v: ViewContext, audit: Audit, state: FormState = {}): AdaptiveCard {
  const tool = toolFor(audit, v.profile);
  const submitted = audit.review?.submitted;
  const outcome = audit.moderation?.outcome;
  const editable = audit.status === 'awaitingModeration' && audit.moderatorId === v.viewerId && !outcome;
  const values = state.values ?? inputsFromModerationDraft(audit.moderation?.draft ?? EMPTY_MODERATION_DRAFT);
  const errors = state.errors ?? {};
  const value = (id: string) => values[id] ?? '';
  const rowIds = editable ? rowIdsFrom(values) : [];
  const reviewerActions = (audit.actions ?? []).filter((a) => a.source === 'review');
  const zone = zoneOf(v);

  const rows: ModerationRow[] = scopesOf(tool).map((scope) => {
    const original = audit.grades?.[scope]?.original;
    const decision = outcome?.decisions[scope];
    return {
      label: scopeLabel(tool, scope),
      reviewerGrade: original ? GRADE_LABELS[original] : '—',
      reviewerRationale: submitted?.grades[scope]?.rationale ?? '',
      decisionInput: FIELD.decision(scope),
      decision: value(FIELD.decision(scope)),
      choices: [
        { title: `Agree: ${original ? GRADE_LABELS[original] : ''}`, value: AGREE },
        ...GRADES.filter((g) => g !== original).map((g) => ({ title: `Change to ${GRADE_LABELS[g]}`, value: g })),
      ],
      rationaleInput: FIELD.reason(scope),
      rationale: value(FIELD.reason(scope)),
      reasonMax: Math.min(LIMITS.reason, rationaleMaxOf(tool, scope)),
      ...optional('decisionError', errors[FIELD.decision(scope)]),
      ...optional('rationaleError', errors[FIELD.reason(scope)]),
      ...optional(
        'outcome',
        decision ? (decision.agreed ? `Agreed: ${GRADE_LABELS[decision.moderated]}` : `Changed: ${GRADE_LABELS[decision.original]} → ${GRADE_LABELS[decision.moderated]}. ${decision.reason ?? ''}`) : undefined,
      ),
      ...guideFor(tool, scope),
    };
  });

  const actions = actionRowViews(rowIds, values, errors);
  const feedback = submitted?.familyFeedback;
  const moderation = audit.moderation;

  return renderModeration({
    caseRef: audit.caseRef,
    urgent: !!moderation?.urgent && editable,
    subtitle: [
      `Submitted by ${nameIn(v, audit.reviewerId)}`,
      moderation?.dueDate && !outcome ? `moderation due ${formatDate(moderation.dueDate, zone)}` : undefined,
      audit.sampling?.reason,
    ]
      .filter(Boolean)
      .join(' · '),
    ...optional('banner', state.banner),
    ...optional('errorSummary', problemSummary(errors)),
    editable,
    rows,
    feedback: !feedback ? (submitted ? 'Not recorded: the audit tool does not require it.' : '') : feedback.obtained ? `Obtained: ${feedback.summary}` : `Not possible: ${feedback.whyNot} Found in the record: ${feedback.whereFound} Plan: ${feedback.plan} (by ${formatDate(feedback.planBy, zone)}).`,
    goodPractice: submitted?.goodPractice ?? '',
    reviewerActions: reviewerActions.map((a, i) => `${i + 1}. ${a.description} (${nameIn(v, a.ownerId)}, due ${formatDate(a.dueDate, zone)})`),
    actions,
    ...optional('actionsError', errors[FIELD.actions]),
    ownerChoices: editable ? ownerChoices([...v.people.values()], audit, actions.map((a) => a.owner)) : [],
    maxActions: MODERATOR_MAX_ACTIONS,
    rationaleMax: LIMITS.reason,
    actionMax: ACTION_DESCRIPTION_MAX,
    ...withPanel(panelView(v, audit, editable, value, errors)),
    ...optional('outcomeSummary', outcome ? `✓ Moderation confirmed on ${formatDate(outcome.at, zone)}. The result is on its way to the practitioner, team manager and reviewer.` : undefined),
    ref: { ...v.signer.audit('moderation', audit.id, audit.round), [FIELD.actionRows]: rowIds.join(',') },
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/**
 * Under a panel profile: the chair is asked for the panel's three answers; a member is told who chairs and records
 * the decision; once confirmed, everyone reads the decision. Undefined for an audit without a panel.
 */
function panelView(v: ViewContext, audit: Audit, editable: boolean, value: (id: string) => string, errors: Readonly<Record<string, string>>): PanelView | undefined {
  const moderation = audit.moderation;
  if (!moderation?.panel || !audit.moderatorId) return undefined;
  const names = (ids: readonly string[]) => new Intl.ListFormat('en-GB').format(ids.map((id) => nameIn(v, id)));
  const decided = moderation.outcome?.panel;
  const note = decided
    ? panelDecisionText(v, decided)
    : audit.moderatorId === v.viewerId
      ? 'You chair this panel. Record the one decision it agrees.'
      : `${nameIn(v, audit.moderatorId)} chairs this panel${moderation.panel.length > 0 ? ` with ${names(moderation.panel)}` : ''} and records the decision it agrees.`;
  return {
    note,
    editable,
    members: moderation.panel.map((id) => ({ title: nameIn(v, id), value: id })),
    tookPart: value(FIELD.panel.tookPart),
    reflects: value(FIELD.panel.reflects),
    learning: value(FIELD.panel.learning),
    learningMax: LIMITS.panelLearning,
    ...optional('tookPartError', errors[FIELD.panel.tookPart]),
    ...optional('reflectsError', errors[FIELD.panel.reflects]),
    ...optional('learningError', errors[FIELD.panel.learning]),
  };
}

const withPanel = (panel: PanelView | undefined) => (panel ? { panel } : {});

/** Reads what the card needs once, then renders it. */
export async function moderationCard(s: Services, audit: Audit, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return moderationView(await readViewContext(s, viewerId), audit, state);
}
