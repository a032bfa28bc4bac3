import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The product's modules import each other without cycles, type-only imports included: a part of the audit (its
 * dispute, meeting, review, moderation, Inadequate pathway) keeps its record in a leaf file such as
 * `workflow/dispute-record.ts`, which `workflow/audit.ts` imports, and the rules that need the whole audit import
 * `audit.ts`, never the other way round.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['workflow', 'cards', 'bot', 'storage', 'graph', 'jobs', 'imports', 'scripts'];
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm;

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, folder, f));
}

/** Each file's relative imports, resolved to files (`./x.js` is `./x.ts`). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))).filter((t) => known.has(t));
      return [file, targets];
    }),
  );
}

/** Every cycle found by a depth-first walk, each as the files in it. */
export function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('module structure', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesIn(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('has no import cycles, type-only imports included', () => {
    const graph = importGraph(FOLDERS.flatMap(sources));
    expect(graph.size).toBeGreaterThan(150);
    expect(cyclesIn(graph).map((cycle) => cycle.map((f) => relative(ROOT, f)).join(' → '))).toEqual([]);
  });
});
