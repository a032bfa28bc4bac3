import { readFile } from 'node:fs/promises';
import { readCaseTable } from '../imports/case-file.js';
import { hasRole } from '../workflow/people.js';
import { loadCaseList, type LoadCaseListResult } from '../workflow/use-cases/load-case-list.js';
import type { Services } from '../bot/services.js';

/** The cycle that contains `now`, in England: demo cases are due at the end of the current month. */
export function currentCycle(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: 'Europe/London' }).format(now).slice(0, 7);
}

/** Loads the demo case list as the roster's QA coordinator. Loading is idempotent, so every start may do it. */
export async function seedDemo(s: Services, file = 'demo/cases.csv'): Promise<LoadCaseListResult> {
  const coordinator = (await s.directory.all(s.tenantId)).find((p) => hasRole(p, 'qaCoordinator'));
  if (!coordinator) throw new Error('The demo roster has no QA coordinator.');
  const table = await readCaseTable(await readFile(file), file);
  const result = await loadCaseList(s).execute({ tenantId: s.tenantId, cycle: currentCycle(s.clock.now()), table, loadedBy: coordinator.id });
  s.kickDelivery();
  return result;
}
