/**
 * `npm run bench [-- --quick] [-- --heavy] [-- --only ID] [-- --json] [-- --write]`: runs every
 * section in sections.ts and prints one table; --json prints every row as one JSON document on
 * stdout instead (the table goes to stderr); --write regenerates docs/benchmarks.md and the
 * plots in docs/bench/. A section that throws is reported as failed; the others still run.
 * npm prints its own banner on stdout: for pure JSON run `npm run -s bench -- --json`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SECTIONS } from './sections';
import { describeMachine, FIGURE_DIR, jsonReport, markdownReport, terminalReport, type SectionOutcome } from './report';
import type { BenchOptions, BenchSection } from './types';

export interface Options {
  quick: boolean;
  heavy: boolean;
  write: boolean;
  json: boolean;
  only?: string;
}

export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, heavy: false, write: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--heavy') options.heavy = true;
    else if (arg === '--write') options.write = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--only') options.only = argv[++i];
    else throw new Error(`unknown option ${arg}; options are --quick, --heavy, --json, --write, --only <${SECTIONS.map((s) => s.id).join('|')}>`);
  }
  if (argv.includes('--only') && (options.only === undefined || !SECTIONS.some((s) => s.id === options.only))) {
    throw new Error(`--only expects one of ${SECTIONS.map((s) => s.id).join(', ')}`);
  }
  // The file documents every section; writing it from a partial run would silently drop the others.
  if (options.write && options.only !== undefined) throw new Error('--write regenerates the whole of docs/benchmarks.md; run it without --only');
  return options;
}

export async function runSections(sections: readonly BenchSection[], options: boolean | BenchOptions, log: (line: string) => void = () => {}): Promise<SectionOutcome[]> {
  const runOptions: BenchOptions = typeof options === 'boolean' ? { quick: options } : options;
  const outcomes: SectionOutcome[] = [];
  for (const section of sections) {
    log(`running ${section.id}…`);
    const start = performance.now();
    try {
      const results = await section.run(runOptions);
      outcomes.push({ section, ok: true, results, seconds: (performance.now() - start) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push({ section, ok: false, error: message.split('\n')[0] ?? message, seconds: (performance.now() - start) / 1000 });
    }
  }
  return outcomes;
}

function readNotes(): Map<string, string> {
  const notes = new Map<string, string>();
  for (const section of SECTIONS) {
    const file = fileURLToPath(new URL(`./notes/${section.id}.md`, import.meta.url));
    if (existsSync(file)) notes.set(section.id, readFileSync(file, 'utf8'));
  }
  return notes;
}

/** Saves every row's plot under docs/bench/ (the markdown links them). */
function writeFigures(outcomes: readonly SectionOutcome[]): string[] {
  const dir = fileURLToPath(new URL(`../docs/${FIGURE_DIR}/`, import.meta.url));
  const written: string[] = [];
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const r of o.results) {
      if (!r.figure) continue;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}${r.figure.file}`, r.figure.svg);
      written.push(`${dir}${r.figure.file}`);
    }
  }
  return written;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const sections = options.only ? SECTIONS.filter((s) => s.id === options.only) : SECTIONS;
  const outcomes = await runSections(sections, { quick: options.quick, heavy: options.heavy }, (line) => process.stderr.write(`${line}\n`));
  const date = new Date();
  // With --json, stdout carries the JSON document and nothing else.
  const human = options.json ? process.stderr : process.stdout;
  human.write(`${terminalReport(outcomes)}\n`);
  if (options.write) {
    const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
    writeFileSync(file, markdownReport(outcomes, describeMachine(), date, readNotes(), options.quick));
    human.write(`\nwrote ${file}\n`);
    for (const figure of writeFigures(outcomes)) human.write(`wrote ${figure}\n`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(jsonReport(outcomes, describeMachine(), date, options.quick), null, 2)}\n`);
  return outcomes.some((o) => !o.ok) ? 1 : 0;
}

// Only when run as a script (tests import runSections).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
