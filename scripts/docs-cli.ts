// `npm run docs:cli`: reruns every `<!-- example: isolab … -->` block in docs/cli.md and
// README.md and writes the real output into it (see cli/docs-examples.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFolder, withFreshExamples } from '../cli/docs-examples';

const root = join(import.meta.dirname, '..');
const cwd = exampleFolder(root);
for (const name of ['docs/cli.md', 'README.md']) {
  const file = join(root, name);
  const before = readFileSync(file, 'utf8');
  const after = await withFreshExamples(before, cwd);
  writeFileSync(file, after);
  console.log(`${name}: ${after === before ? 'up to date' : 'examples rewritten'}`);
}
