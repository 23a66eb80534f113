import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles: a cycle means two modules can only be understood (and loaded) together, and
 * it hides which one owns a concept (the lessons ↔ model cycle once ran through eleven files).
 * Type-only imports count too: they tie the files together for the reader just the same.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file under `dir` (tests included: a fixture importing its test would be a cycle too). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The files `file` imports or re-exports by relative path (packages are not part of the graph). */
function localImports(file: string, known: ReadonlySet<string>): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), fileName.replace(/\.js$/, ''));
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => known.has(candidate));
    if (target) out.push(target);
  }
  return out;
}

/** The import graph's strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

function graphOf(dir: string): Map<string, string[]> {
  const files = sourceFiles(join(root, dir));
  const known = new Set(files);
  return new Map(files.map((file) => [file, localImports(file, known)]));
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the detector itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('reads type-only imports and re-exports from the real sources', () => {
    const graph = graphOf('src');
    const module = join(root, 'src/model/module.ts');
    expect(graph.get(module)).toContain(join(root, 'src/model/world.ts'));
    expect(graph.get(join(root, 'src/lessons/schema.ts'))).toContain(join(root, 'src/model/world.ts'));
  });

  it.each(['src', 'main', 'renderer'])('%s/ has none', (dir) => {
    const cycles = importCycles(graphOf(dir)).map((cycle) => cycle.map((file) => relative(root, file)).join(', '));
    expect(cycles, `files that import each other in a cycle, one group per line:\n${cycles.join('\n')}`).toEqual([]);
  });
});
