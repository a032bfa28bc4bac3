import template from './self-assessment.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, textInput, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

/** The practitioner's answers arrive next to the signed reference, named by the domain's paths. */
export const SelfAssessmentData = z.object({ ...auditRef, 'selfAssessment.difference': textInput, 'selfAssessment.discuss': textInput });
export const SELF_ASSESSMENT_ACTIONS = cardActions(['selfAssessment.refresh', 'selfAssessment.submit'], SelfAssessmentData, { family: 'self-assessment', id: 'auditId' });

export interface SelfAssessmentCardData {
  readonly caseRef: string;
  readonly subtitle: string;
  readonly reviewer: string;
  readonly banner?: string;
  /** Only the practitioner, before the review is submitted, sees inputs; everyone else reads the answers. */
  readonly editable: boolean;
  readonly differenceInput: string;
  readonly difference: string;
  readonly differenceError?: string;
  readonly discussInput: string;
  readonly discuss: string;
  readonly discussError?: string;
  readonly max: number;
  readonly submitTitle: string;
  readonly ref: AuditRef;
  readonly refreshUserIds: readonly string[];
}

/** The practitioner's self-assessment before the collaborative meeting. */
export function renderSelfAssessment(data: SelfAssessmentCardData): AdaptiveCard {
  return expand(template, { ...data, action: data.ref });
}
