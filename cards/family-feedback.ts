import template from './family-feedback.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, textInput, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/** The reviewer's answers arrive next to the signed reference, named by the domain's paths (review/family-feedback.ts). */
export const FamilyFeedbackData = z.object({ ...auditRef, 'familyFeedback.said': textInput, 'familyFeedback.why': textInput, 'familyFeedback.planBy': textInput });
export const FAMILY_FEEDBACK_ACTIONS = cardActions(['familyFeedback.refresh', 'familyFeedback.record', 'familyFeedback.replan'], FamilyFeedbackData, { family: 'family-feedback', id: 'auditId' });

export interface FamilyFeedbackCardData {
  readonly caseRef: string;
  readonly subtitle: string;
  readonly banner?: string;
  /** The plan as submitted, then each "still not possible" with its new date. Only people with a role on the audit see this card. */
  readonly plan: readonly string[];
  /** Only the reviewer, while the plan is open, sees the inputs. */
  readonly editable: boolean;
  /** The question above the answer: "The date in your plan has come …". */
  readonly ask: string;
  readonly saidInput: string;
  readonly said: string;
  readonly saidError?: string;
  readonly saidMax: number;
  readonly whyInput: string;
  readonly why: string;
  readonly whyError?: string;
  readonly whyMax: number;
  readonly planByInput: string;
  readonly planBy: string;
  readonly planByError?: string;
  /** What the child and family said, once recorded. */
  readonly obtained?: string;
  readonly recordedBy?: string;
  readonly ref: AuditRef;
  readonly refreshUserIds: readonly string[];
}

/** The reviewer's follow-up of family feedback not obtained at submission (BC-10), or the answer as recorded. */
export function renderFamilyFeedback(data: FamilyFeedbackCardData): AdaptiveCard {
  return expand(template, { ...data, action: data.ref, recorded: data.obtained !== undefined, obtained: data.obtained ?? '', recordedBy: data.recordedBy ?? '' });
}
