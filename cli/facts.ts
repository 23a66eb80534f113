/**
 * Writes docs/facts.md from the fact sheet in src/facts (`npm run facts`). With `--check` it only
 * reports whether the file is fresh and exits 1 if not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FACT_TOPICS } from '../src/facts';
import { factSheetMarkdown } from '../src/facts/markdown';

export const FACTS_MD = fileURLToPath(new URL('../docs/facts.md', import.meta.url));

function main(argv: readonly string[]): number {
  const text = factSheetMarkdown(FACT_TOPICS);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(FACTS_MD, 'utf8');
    } catch {
      // A missing file is stale.
    }
    if (current === text) return 0;
    process.stderr.write('docs/facts.md is stale: run `npm run facts`\n');
    return 1;
  }
  writeFileSync(FACTS_MD, text);
  process.stdout.write(`wrote docs/facts.md (${FACT_TOPICS.reduce((n, t) => n + t.facts.length, 0)} facts)\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
