import { auditId, type Audit } from '../audit.js';
import { validateCaseList, type CaseListTable, type RowProblem } from '../case-list.js';
import { cycleDeadline, isCycle, rhythmNote } from '../cycle.js';
import { InvalidInput, NotPermitted } from '../errors.js';
import { enqueue } from '../outbox.js';
import { hasRole, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory, FanOuts } from '../ports.js';
import { FAN_OUT_PROGRESS_FROM, newFanOut } from '../delivery/fan-out.js';
import { managerQuotaNotes } from '../manager-quota.js';

export interface LoadCaseListInput {
  readonly tenantId: string;
  readonly cycle: string;
  /** The rows, or a way to read them that runs only once the loader may load (a file is not fetched for anyone else). */
  readonly table: CaseListTable | (() => Promise<CaseListTable>);
  readonly loadedBy: PersonId;
}

export interface LoadCaseListResult {
  readonly cycle: string;
  readonly created: readonly { line: number; caseRef: string; reviewerName: string }[];
  readonly alreadyLoaded: readonly { line: number; caseRef: string }[];
  readonly problems: readonly RowProblem[];
  /** Set when the cycle is outside the profile's rhythm (a Sandwell learning month). */
  readonly rhythmNote?: string;
  /** Under a per-manager quota (BCP): who has more reviews than expected this cycle, and who has none. */
  readonly quotaNotes?: readonly string[];
}

/**
 * Turns a month's case list into allocated audits. Each good row becomes one audit whose allocation card
 * waits in its outbox; bad rows are reported by line and never stop the good ones. The audit id is derived
 * from cycle + case reference, so loading the same file twice creates nothing twice.
 */
export function loadCaseList(deps: { audits: Audits; directory: Directory; clock: Clock; profile: PolicyProfile; fanOuts?: FanOuts }) {
  return {
    async execute(input: LoadCaseListInput): Promise<LoadCaseListResult> {
      const people = await deps.directory.all(input.tenantId);
      const loader = people.find((p) => p.id === input.loadedBy);
      if (!loader || !hasRole(loader, 'qaCoordinator')) throw new NotPermitted(input.loadedBy, 'load a case list: only QA coordinators can');
      if (!isCycle(input.cycle)) throw new InvalidInput({ cycle: `Cycle "${input.cycle}" must look like 2026-12.` });

      const existing = new Map(
        (await deps.audits.forCycle(input.tenantId, input.cycle)).map((a) => [a.caseRef.toUpperCase(), a.sourceFingerprint]),
      );
      const table = typeof input.table === 'function' ? await input.table() : input.table;
      const check = validateCaseList(table, people, deps.profile, existing);
      const at = deps.clock.now().toISOString();
      const dueDate = cycleDeadline(input.cycle, deps.profile);
      const created: { line: number; caseRef: string; reviewerName: string }[] = [];
      const alreadyLoaded = [...check.alreadyLoaded];

      // A long fan-out gets a progress card, made before the audits so a crash half-way still has it to report.
      if (deps.fanOuts && check.valid.length >= FAN_OUT_PROGRESS_FROM) {
        const auditIds = check.valid.map((row) => auditId(input.cycle, row.caseRef));
        await deps.fanOuts.create(newFanOut({ tenantId: input.tenantId, cycle: input.cycle, coordinatorId: input.loadedBy, auditIds, at }));
      }
      for (const row of check.valid) {
        const id = auditId(input.cycle, row.caseRef);
        const audit: Audit = enqueue(
          {
            id,
            tenantId: input.tenantId,
            kind: 'collaborative',
            cycle: input.cycle,
            caseRef: row.caseRef,
            serviceArea: row.serviceArea,
            team: row.team,
            childStatus: row.childStatus,
            restricted: row.restricted,
            dueDate,
            status: 'allocated',
            round: 1,
            reviewerId: row.reviewer.id,
            practitionerId: row.practitioner.id,
            teamManagerId: row.teamManager.id,
            serviceManagerId: row.serviceManager.id,
            coordinatorId: input.loadedBy,
            previousReviewerIds: [],
            history: [{ at, by: input.loadedBy, event: 'allocated', detail: `to ${row.reviewer.id} from case list line ${row.line}` }],
            outbox: [],
            sourceFingerprint: row.fingerprint,
            // The sweep looks at it once now, and from then on knows when it is due (and, if late, chases it).
            nextChaseAt: at,
          },
          { key: `allocation:${id}:r1`, kind: 'allocation', to: row.reviewer.id },
          at,
        );
        // A concurrent load of the same file may have created it a moment ago: that is "already loaded".
        if (await deps.audits.create(audit)) created.push({ line: row.line, caseRef: row.caseRef, reviewerName: row.reviewer.name });
        else alreadyLoaded.push({ line: row.line, caseRef: row.caseRef });
      }
      const note = rhythmNote(input.cycle, deps.profile);
      const quotaNotes = deps.profile.reviewers.perManagerPerCycle ? managerQuotaNotes(await deps.audits.forCycle(input.tenantId, input.cycle), people, deps.profile) : [];
      return { cycle: input.cycle, created, alreadyLoaded, problems: check.problems, ...(quotaNotes.length > 0 ? { quotaNotes } : {}), ...(note ? { rhythmNote: note } : {}) };
    },
  };
}
