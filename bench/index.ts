/**
 * `npm run bench [-- --quick] [-- --only ID] [-- --write]`: runs every section in sections.ts,
 * prints one table, and with --write regenerates docs/benchmarks.md. A section that throws is
 * reported as failed; the others still run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SECTIONS } from './sections';
import { describeMachine, markdownReport, terminalReport, type SectionOutcome } from './report';
import type { BenchSection } from './types';

interface Options {
  quick: boolean;
  write: boolean;
  only?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, write: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--write') options.write = true;
    else if (arg === '--only') options.only = argv[++i];
    else throw new Error(`unknown option ${arg}; options are --quick, --write, --only <${SECTIONS.map((s) => s.id).join('|')}>`);
  }
  if (argv.includes('--only') && (options.only === undefined || !SECTIONS.some((s) => s.id === options.only))) {
    throw new Error(`--only expects one of ${SECTIONS.map((s) => s.id).join(', ')}`);
  }
  // The file documents every section; writing it from a partial run would silently drop the others.
  if (options.write && options.only !== undefined) throw new Error('--write regenerates the whole of docs/benchmarks.md; run it without --only');
  return options;
}

export async function runSections(sections: readonly BenchSection[], quick: boolean, log: (line: string) => void = () => {}): Promise<SectionOutcome[]> {
  const outcomes: SectionOutcome[] = [];
  for (const section of sections) {
    log(`running ${section.id}…`);
    const start = performance.now();
    try {
      const results = await section.run({ quick });
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

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const sections = options.only ? SECTIONS.filter((s) => s.id === options.only) : SECTIONS;
  const outcomes = await runSections(sections, options.quick, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${terminalReport(outcomes)}\n`);
  if (options.write) {
    const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
    writeFileSync(file, markdownReport(outcomes, describeMachine(), new Date(), readNotes(), options.quick));
    process.stdout.write(`\nwrote ${file}\n`);
  }
  return outcomes.some((o) => !o.ok) ? 1 : 0;
}

// Only when run as a script (tests import runSections).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
