import type { GuideView } from '../../cards/guide.js';
import type { ActionRowView, Choice } from '../../cards/review.js';
import { guidanceOf, type AuditToolSnapshot, type ScopeId } from '../../workflow/audit-tools/audit-tool.js';
import { FIELD } from '../forms/audit-form-inputs.js';
import type { Audit } from '../../workflow/audit.js';
import { GRADE_LABELS, GRADES } from '../../workflow/grades.js';
import { ROLE_LABELS, type Person } from '../../workflow/people.js';

export function gradeChoices(): Choice[] {
  return GRADES.map((g) => ({ title: GRADE_LABELS[g], value: g }));
}

/** A directory this small is offered in full; a larger one offers the people on the case. */
const WHOLE_DIRECTORY_UP_TO = 30;

/**
 * Who can own an action: the practitioner and team manager first (the usual owners), the service manager and
 * reviewer, anyone already chosen, and — in a small directory — everyone else, by name.
 */
export function ownerChoices(people: readonly Person[], audit: Audit, chosen: readonly string[]): Choice[] {
  const first = [audit.practitionerId, audit.teamManagerId, audit.serviceManagerId, audit.reviewerId, ...chosen];
  const rest = people.length <= WHOLE_DIRECTORY_UP_TO ? people.map((p) => p.id).filter((id) => !first.includes(id)).sort((a, b) => name(a).localeCompare(name(b))) : [];
  function name(id: string) {
    return people.find((p) => p.id === id)?.name ?? '';
  }
  const label: Record<string, string> = {
    [audit.practitionerId]: 'practitioner',
    [audit.teamManagerId]: 'team manager',
    [audit.serviceManagerId]: 'service manager',
    [audit.reviewerId]: 'reviewer',
  };
  return [...new Set([...first, ...rest])]
    .map((id) => people.find((p) => p.id === id))
    .filter((p) => p !== undefined)
    .map((p) => ({ title: label[p.id] ? `${p.name} (${label[p.id]})` : `${p.name}${p.roles[0] ? ` (${ROLE_LABELS[p.roles[0]].toLowerCase()})` : ''}`, value: p.id }));
}

/** The line at the top of a form after a failed submit: the problems are also named next to their fields. */
export function problemSummary(errors: Readonly<Record<string, string>>): string | undefined {
  const count = Object.keys(errors).length;
  if (count === 0) return undefined;
  return `${count === 1 ? 'One thing needs' : `${count} things need`} fixing before this can be submitted: see the messages in red below. Nothing has been lost.`;
}

/** The action rows of a form (review or moderation), each input bound to what was typed and its problem. */
export function actionRowViews(rowIds: readonly string[], values: Readonly<Record<string, string>>, errors: Readonly<Record<string, string>>): ActionRowView[] {
  return rowIds.map((rowId) => {
    const id = (part: 'description' | 'ownerId' | 'dueDate') => FIELD.action(rowId, part);
    const problem = (key: string, part: 'description' | 'ownerId' | 'dueDate') => (errors[id(part)] ? { [key]: errors[id(part)] } : {});
    return {
      rowId,
      descriptionInput: id('description'),
      description: values[id('description')] ?? '',
      ownerInput: id('ownerId'),
      owner: values[id('ownerId')] ?? '',
      dueInput: id('dueDate'),
      due: values[id('dueDate')] ?? '',
      ...problem('descriptionError', 'description'),
      ...problem('ownerError', 'ownerId'),
      ...problem('dueError', 'dueDate'),
    };
  });
}

/**
 * `{ guide }`: the audit tool's "what good looks like" for one graded row, as the review and moderation forms show
 * it (from the tool the audit was started with); nothing when the tool has none for that row.
 */
export function guideFor(tool: AuditToolSnapshot, scope: ScopeId): { guide?: GuideView } {
  const g = guidanceOf(tool, scope);
  const descriptors = GRADES.flatMap((grade) => (g.descriptors[grade] ? [{ grade: GRADE_LABELS[grade], text: g.descriptors[grade]! }] : []));
  if (g.guidance.length === 0 && g.prompts.length === 0 && descriptors.length === 0) return {};
  return { guide: { id: `guide.${scope}`, guidance: g.guidance, prompts: g.prompts, descriptors } };
}
