/**
 * `npm run cases:load -- FILE --cycle 2026-12 [--by alex.morgan@example.org]`
 * Loads a month's case list (CSV or XLSX). Allocation cards are queued in the store and the bot delivers
 * them; if the bot is not running, they go out when it starts. Exit code: 0 all rows fine, 2 some rows
 * were refused (listed by line), 1 nothing could be loaded.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../bot/config.js';
import { silentLog } from '../bot/log.js';
import { openStore } from '../bot/store.js';
import { RosterDirectory } from '../graph/roster-directory.js';
import { readCaseTable } from '../imports/case-file.js';
import { DomainError } from '../workflow/errors.js';
import { hasRole } from '../workflow/people.js';
import { loadProfile } from '../workflow/policy/profiles.js';
import { loadCaseList, type LoadCaseListResult } from '../workflow/use-cases/load-case-list.js';

export function formatReport(file: string, result: LoadCaseListResult): string {
  const lines = [
    `${file} · cycle ${result.cycle}`,
    `  allocated:      ${result.created.length}`,
    `  already loaded: ${result.alreadyLoaded.length}`,
    `  problems:       ${result.problems.length}`,
    ...(result.rhythmNote ? [`  note: ${result.rhythmNote}`] : []),
    ...(result.quotaNotes ?? []).map((n) => `  note: ${n}`),
    ...result.created.map((c) => `  + line ${c.line}: ${c.caseRef} → ${c.reviewerName}`),
    ...result.problems.map((p) => `  ! line ${p.line}: ${p.reason}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { cycle: { type: 'string' }, by: { type: 'string' } } });
  const file = positionals[0];
  if (!file || !values.cycle) {
    console.error('Usage: npm run cases:load -- FILE --cycle YYYY-MM [--by coordinator-email]');
    return 1;
  }
  const config = loadConfig();
  const directory = RosterDirectory.fromFile(config.tenantId, config.rosterPath);
  const people = await directory.all(config.tenantId);
  const by = values.by
    ? people.find((p) => p.email.toLowerCase() === values.by!.toLowerCase() || p.id === values.by)
    : people.find((p) => hasRole(p, 'qaCoordinator'));
  if (!by) {
    console.error(values.by ? `${values.by} is not in the roster ${config.rosterPath}.` : `The roster ${config.rosterPath} has no QA coordinator.`);
    return 1;
  }
  const table = await readCaseTable(await readFile(file), basename(file));
  const store = await openStore(config, silentLog);
  try {
    const result = await loadCaseList({ audits: store.audits, directory, clock: { now: () => new Date() }, profile: loadProfile(config.profileId), fanOuts: store.fanOuts }).execute({
      tenantId: config.tenantId,
      cycle: values.cycle,
      table,
      loadedBy: by.id,
    });
    console.log(formatReport(basename(file), result));
    return result.problems.length > 0 ? 2 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
    process.exit(1);
  },
);
