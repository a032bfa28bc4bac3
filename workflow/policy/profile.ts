import { z } from 'zod';
import { FORM_WEIGHT_MAX, formWeightWith } from '../audit-tools/audit-tool.js';
import { isKnownAuditTool, loadAuditTool, SHIPPED_TOOL_REFS } from '../audit-tools/tools.js';
import { GRADES } from '../grades.js';

/**
 * A policy profile: where the five frameworks differ, the difference is a setting here, never a branch in code.
 * `defaulted` lists the settings the framework is silent on, so a reader knows which values are the product's.
 */
const role = z.enum(['practitioner', 'teamManager', 'serviceManager', 'headOfService', 'qaCoordinator']);

export const PolicyProfileSchema = z.strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    source: z.string().min(1),
    cycle: z.strictObject({
      /** How often a new case list is loaded. */
      cadence: z.enum(['monthly', 'bi-monthly', 'annual']),
      /**
       * The months (1–12) a case list is drawn in, where the cadence is not monthly (Sandwell: November, January, …
       * review months; the months between are learning months). A list loaded for another month is flagged.
       */
      reviewMonths: z.array(z.number().int().min(1).max(12)).optional(),
      /** Audits are due this many months after the cycle starts, on the last day of that month. */
      auditWindowMonths: z.number().int().min(1).max(12),
    }),
    reviewers: z.strictObject({
      /**
       * Whether a manager may audit a case in their own line management (its team manager, or the practitioner's
       * line manager). Nobody audits a case they are the practitioner for, whatever this says.
       */
      mayReviewOwnLine: z.boolean(),
      /**
       * Reviews each manager (team or service manager) is expected to do in a cycle (BCP: "all managers complete one
       * collaborative Practice Learning Review each month"). Counted when a case list is loaded; more or none is said.
       */
      perManagerPerCycle: z.number().int().min(1).max(10).optional(),
    }),
    moderation: z.strictObject({
      sampleRate: z.number().min(0).max(1),
      alwaysModerateInadequate: z.boolean(),
      immediateForInadequate: z.boolean(),
      /** An urgent (Inadequate) moderation is due this many working days after submission, and chased then. */
      urgentWorkingDays: z.number().int().min(1).max(10),
      deadline: z.enum(['month-end', 'none']),
      disputeOwner: z.enum(['qaHeadOfService', 'headOfService']),
      /**
       * Who moderates: `qa-pool`, any person with the moderator role, least loaded first; `link-reviewer`, the
       * moderator linked to the case's service manager (BCP's link Practice Learning Reviewers), else the QA pool;
       * `service-line`, the managers of the case's own service: its service manager or Registered Manager
       * (fostering), else the head of service above them (Sandwell). Never the QA pool: QA is told instead.
       */
      pool: z.enum(['qa-pool', 'link-reviewer', 'service-line']),
      /** Who is sent the result card once the audit is final. */
      resultTo: z.array(z.enum(['reviewer', 'practitioner', 'teamManager', 'serviceManager'])).min(1),
      /** Who talks a grade changed at moderation through with the practitioner (and the case's managers). */
      changeDiscussedBy: z.enum(['reviewer', 'moderator', 'teamManager']),
      /**
       * A moderation panel (Telford & Wrekin: "The panel will look at the content of the audit …"): the assigned
       * moderator chairs, `members` moderators in all consider the audit, and the chair records one agreed
       * decision with who took part, whether the audit reflects the practice, and the learning for the worker.
       */
      panel: z.strictObject({ members: z.number().int().min(2).max(4) }).optional(),
    }),
    inadequate: z.strictObject({
      /**
       * When an overall Inadequate starts the pathway: as the reviewer submits it, or only once moderation confirms
       * it (West Sussex: "Where the moderation confirms the grade, the 'Inadequate' process should be followed").
       * An audit not sent for moderation is final at submission, so its pathway starts then either way.
       */
      startsAt: z.enum(['submission', 'moderation']),
      noticeWithinHours: z.number().int().positive(),
      noticeTo: z.array(role),
      remedialActionDays: z.number().int().positive(),
      /** On an Inadequate audit: at least one action is remedial (due within the days above), or every action is. */
      remedialActions: z.enum(['at-least-one', 'all']),
      reauditAfterMonths: z.number().int().positive(),
      reauditSameReviewer: z.boolean(),
      escalation: z.array(z.enum(['assistantDirector', 'executiveDirector'])),
      /** The service manager records, on a card, their assurance about the child's safety (Sandwell). */
      smAssurance: z.boolean().optional(),
      /** Hours the service manager has to record that assurance before they are reminded and QA is told. */
      assuranceWithinHours: z.number().int().positive().optional(),
      /**
       * A Reflective Practice & Action Meeting once the pathway starts (West Sussex, WS-39): the reviewer is asked to
       * book it, with these people (the reviewer always organises), of this length, held within this many working
       * days; `false` where the framework has none.
       */
      reflectiveMeeting: z.union([
        z.literal(false),
        z.strictObject({
          attendees: z.array(z.enum(['reviewer', 'practitioner', 'teamManager', 'serviceManager', 'moderator'])).min(1),
          minutes: z.number().int().min(30).max(240),
          withinWorkingDays: z.number().int().min(2).max(40),
        }),
      ]),
    }),
    /** Immediate safeguarding concerns: who is told at once, and within how many hours each must acknowledge. */
    concerns: z.strictObject({
      to: z.array(z.enum(['practitioner', 'teamManager', 'serviceManager', 'headOfService', 'qaCoordinator'])).min(1),
      acknowledgeWithinHours: z.number().int().positive(),
    }),
    actions: z.strictObject({ maxWeeks: z.number().int().positive() }),
    /** Chasing overdue actions; absent settings take the product's defaults (chasing/chase-settings.ts). */
    chasing: z
      .strictObject({
        ladder: z
          .strictObject({
            count: z.enum(['working-days', 'calendar-days']),
            rungs: z.array(
              z.strictObject({
                id: z.string(),
                day: z.number().int().min(1),
                targets: z.array(
                  z.strictObject({
                    to: z.enum(['owner', 'teamManager', 'serviceManager', 'headOfService']),
                    via: z.enum(['direct', 'digest']),
                  }),
                ),
              }),
            ),
          })
          .optional(),
        bankHolidays: z.enum(['england-and-wales', 'none']).optional(),
        /** Extra closure days (YYYY-MM-DD) on top of the bank holidays. */
        extraHolidays: z.array(z.strictObject({ date: z.string(), name: z.string() })).optional(),
        snoozeLimit: z.number().int().min(0).max(5).optional(),
        /** An open action due within this many working days is "due soon" in the manager's digest. */
        dueSoonWorkingDays: z.number().int().min(0).max(10).optional(),
        /** An audit not submitted this many working days after its due date is raised with QA as well as the reviewer. */
        overdueAuditToQaWorkingDays: z.number().int().min(1).max(20).optional(),
        /** The link reviewers of a service follow its open actions in their daily digest (BCP). */
        linkReviewersTrack: z.boolean().optional(),
        /**
         * Family feedback not obtained at submission: on the working day the reviewer's plan is due (`planBy`) they are
         * asked, on a card, for the feedback obtained (BCP: "what measures … and timescale"). Absent: not chased.
         */
        familyFeedbackPlan: z.boolean().optional(),
        /** Still not recorded this many working days after the plan's date: the team manager is told, once. */
        familyFeedbackToManagerWorkingDays: z.number().int().min(1).max(20).optional(),
      })
      .optional(),
    meeting: z.strictObject({
      mandatory: z.boolean(),
      /** The practitioner answers a short self-assessment before the meeting; the reviewer sees it on the form. */
      selfAssessment: z.boolean(),
      minutes: z.number().int().positive(),
      attendees: z.array(z.enum(['reviewer', 'practitioner', 'teamManager', 'conferenceReviewingOfficer', 'partners'])),
    }),
    /**
     * Who follows up finalised audits of these overall grades (Sandwell, ST-28: "The SW Academy … will review all
     * 'requires improvement' and 'inadequate' Practice Reviews (PRs) and track practice recommendations"): each person
     * in the role is sent the case, the grade and its actions, may open the audit, and follows its open actions in a
     * daily digest. Absent: nobody follows audits up this way.
     */
    followUp: z
      .strictObject({
        grades: z.array(z.enum(GRADES)).min(1),
        by: z.enum(['swAcademy']),
      })
      .optional(),
    /** The audit tool new audits start with, as `<tool id>-v<version>` (workflow/audit-tools/). */
    auditTool: z.string().min(1),
    defaulted: z.array(z.string()),
  });

export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;

export class InvalidProfile extends Error {
  constructor(id: string, problems: string[]) {
    super(`Policy profile "${id}" is invalid: ${problems.join('; ')}`);
  }
}

export function parseProfile(id: string, raw: unknown): PolicyProfile {
  const result = PolicyProfileSchema.safeParse(raw);
  if (!result.success) {
    throw new InvalidProfile(
      id,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  if (result.data.id !== id) throw new InvalidProfile(id, [`id is "${result.data.id}"`]);
  if (!isKnownAuditTool(result.data.auditTool)) {
    throw new InvalidProfile(id, [`auditTool: "${result.data.auditTool}" is not one of ${SHIPPED_TOOL_REFS.join(', ')}`]);
  }
  // The tool's form plus this profile's own sections must still fit a Teams card (audit-tool.ts, FORM_WEIGHT).
  const panel = result.data.moderation.panel !== undefined;
  const weight = formWeightWith(loadAuditTool(result.data.auditTool), { mandatoryMeeting: result.data.meeting.mandatory, selfAssessment: result.data.meeting.selfAssessment, panel });
  if (weight > FORM_WEIGHT_MAX) {
    const sections = [result.data.meeting.mandatory ? 'a mandatory meeting' : '', result.data.meeting.selfAssessment ? 'a self-assessment' : '', panel ? 'a moderation panel' : ''].filter(Boolean).join(' and ');
    throw new InvalidProfile(id, [
      `auditTool: "${result.data.auditTool}" with ${sections} would make the audit form too large for a Teams card (weight ${weight}, at most ${FORM_WEIGHT_MAX}): choose a tool with fewer domains or lower rationale limits`,
    ]);
  }
  return Object.freeze(result.data);
}
