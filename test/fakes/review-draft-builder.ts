import type { ActionDraft } from '../../workflow/actions.js';
import { OVERALL, type AuditToolSnapshot, type ScopeId } from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool } from '../../workflow/audit-tools/tools.js';
import type { FamilyFeedbackDraft, GradeDraft, ReviewDraft } from '../../workflow/review/draft.js';
import type { ModerationDraft } from '../../workflow/moderation/moderation.js';
import { cast } from './cast.js';

/** The West Sussex v1 domains, in order. */
export const WS_DOMAINS = ['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight'] as const;

const OVERALL_RATIONALE = 'The child is safer and their voice is heard.';

/**
 * `aReviewDraft().graded('planning', 'requiresImprovement').overall('inadequate').feedbackNotObtained().build()`
 * Defaults make a valid West Sussex v1 review for the FakeClock's first day (Tue 1 Dec 2026): every domain and
 * overall Good with a rationale, family feedback obtained, one action for the practitioner due Tue 8 Dec, and
 * a reason why the (West Sussex mandatory) meeting did not take place: the test audits have no meeting booked.
 */
export function aReviewDraft(): ReviewDraftBuilder {
  return new ReviewDraftBuilder();
}

export class ReviewDraftBuilder {
  private grades: Record<ScopeId, GradeDraft> = {
    ...Object.fromEntries(WS_DOMAINS.map((s) => [s, { grade: 'good', rationale: `Evidence for ${s}.` }])),
    overall: { grade: 'good', rationale: OVERALL_RATIONALE },
  };
  private feedback: FamilyFeedbackDraft = { obtained: 'yes', summary: 'Mum said the social worker listens and visits when promised.' };
  private goodPractice: string | undefined = 'Direct work with the child is creative and recorded well.';
  private meetingNotHeld: string | undefined = 'The practitioner was on leave all month.';
  private actions: ActionDraft[] = [{ rowId: 'r1', description: 'Update the chronology', ownerId: cast.practitioner.id, dueDate: '2026-12-08' }];

  /** `null` leaves a value out (as an untouched input); an omitted rationale gets a default one. */
  graded(scope: ScopeId, grade: string | null, rationale: string | null = `Evidence for ${scope}.`): this {
    this.grades[scope] = { ...(grade !== null ? { grade } : {}), ...(rationale !== null ? { rationale } : {}) };
    return this;
  }

  overall(grade: string | null, rationale: string | null = OVERALL_RATIONALE): this {
    return this.graded('overall', grade, rationale);
  }

  /**
   * Grades the domains of another tool (a shipped tool's reference, or a snapshot) instead of West Sussex v1's:
   * each Good with a rationale; the overall grade stays as it is. Call it before grading single domains.
   */
  forTool(tool: string | AuditToolSnapshot): this {
    const t = typeof tool === 'string' ? loadAuditTool(tool) : tool;
    const overall = this.grades[OVERALL];
    this.grades = { ...Object.fromEntries(t.domains.map((d) => [d.id, { grade: 'good', rationale: `Evidence for ${d.id}.` }])), ...(overall ? { [OVERALL]: overall } : {}) };
    return this;
  }

  ungraded(scope: ScopeId): this {
    delete this.grades[scope];
    return this;
  }

  /** `null` leaves the summary out. */
  feedbackObtained(summary: string | null = 'The family felt listened to.'): this {
    this.feedback = { obtained: 'yes', ...(summary !== null ? { summary } : {}) };
    return this;
  }

  feedbackNotObtained(detail: Partial<FamilyFeedbackDraft> = {}): this {
    this.feedback = {
      obtained: 'no',
      whyNot: 'Family declined to speak to the reviewer.',
      whereFound: 'Child’s views recorded in the CP conference report, 12 Nov.',
      plan: 'Social worker to ask at the next visit.',
      planBy: '2026-12-15',
      ...detail,
    };
    return this;
  }

  /** Family feedback exactly as given (for odd input). */
  withFeedback(raw: FamilyFeedbackDraft): this {
    this.feedback = raw;
    return this;
  }

  withGoodPractice(text: string | undefined): this {
    this.goodPractice = text;
    return this;
  }

  withActions(...rows: ActionDraft[]): this {
    this.actions = rows;
    return this;
  }

  withAction(row: Partial<ActionDraft> = {}): this {
    this.actions.push({
      rowId: `r${this.actions.length + 1}`,
      description: 'Hold a core group meeting',
      ownerId: cast.teamManager.id,
      dueDate: '2026-12-10',
      ...row,
    });
    return this;
  }

  /** `null` leaves the reason out, as a reviewer who has not typed one. */
  meetingNotHeldBecause(reason: string | null): this {
    this.meetingNotHeld = reason ?? undefined;
    return this;
  }

  build(): ReviewDraft {
    return structuredClone({
      grades: this.grades,
      familyFeedback: this.feedback,
      ...(this.goodPractice !== undefined ? { goodPractice: this.goodPractice } : {}),
      ...(this.meetingNotHeld !== undefined ? { meetingNotHeld: this.meetingNotHeld } : {}),
      actions: this.actions,
    });
  }
}

/** A moderation draft agreeing with everything, except the changes given (scope → [grade, reason]). */
export function aModerationDraft(changes: Record<ScopeId, [string, string?]> = {}, actions: ActionDraft[] = [], tool?: string | AuditToolSnapshot): ModerationDraft {
  const decisions: Record<ScopeId, { decision?: string; reason?: string }> = {};
  // West Sussex v1's scopes, or those of the tool given (a shipped tool's reference, or a snapshot).
  const domains = tool === undefined ? WS_DOMAINS : (typeof tool === 'string' ? loadAuditTool(tool) : tool).domains.map((d) => d.id);
  for (const scope of [...domains, 'overall']) {
    const change = changes[scope];
    decisions[scope] = change ? { decision: change[0], ...(change[1] !== undefined ? { reason: change[1] } : {}) } : { decision: 'agree' };
  }
  return { decisions, actions };
}
