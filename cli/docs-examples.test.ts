import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands';
import { commandHelp } from './main';
import { exampleFolder, exampleOutput, examplesIn, withFreshExamples } from './docs-examples';

const root = join(import.meta.dirname, '..');
const read = (name: string): string => readFileSync(join(root, name), 'utf8');

/** The `npx isolab …` lines of the README's "Command line" section, with their comments. */
function readmeCommands(): Array<{ args: string[]; comment: string }> {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 3));
  return [...section.matchAll(/^npx isolab ([^#\n]+?)\s*(?:#\s*(.*))?$/gm)].map((m) => ({ args: (m[1] as string).split(/\s+/), comment: m[2] ?? '' }));
}

describe('the command-line docs are real runs', () => {
  it('docs/cli.md shows what each example prints now (npm run docs:cli rewrites it)', async () => {
    const doc = read('docs/cli.md');
    expect(examplesIn(doc).length).toBeGreaterThanOrEqual(6);
    expect(await withFreshExamples(doc, exampleFolder(root)), 'docs/cli.md is stale: run `npm run docs:cli`').toBe(doc);
  });

  it("every command in the README's command-line section exists, takes the options shown, and runs", async () => {
    const lines = readmeCommands();
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const cwd = exampleFolder(root);
    for (const { args, comment } of lines) {
      const command = COMMANDS.find((c) => c.name === args[0]);
      expect(command, `README: unknown command in "isolab ${args.join(' ')}"`).toBeDefined();
      if (!command) continue;
      const help = commandHelp(command);
      for (const option of args.filter((a) => a.startsWith('-'))) expect(help, `README: isolab ${command.name} has no ${option}`).toContain(option);
      // Video export needs the browser build and Chromium: its options are checked above, not run here.
      if (command.name === 'export-video') continue;
      const { code, text } = await exampleOutput(args, cwd);
      expect(code === 0 || (command.name === 'validate' && code === 2), `README: isolab ${args.join(' ')} exited ${code}: ${text}`).toBe(true);
      // A comment listing JSON fields names exactly the fields the command prints.
      const fields = /^\{("[a-zA-Z]+",?)+\}$/.test(comment) ? comment.slice(1, -1).split(',').map((f) => f.replace(/"/g, '')) : null;
      if (fields) expect(Object.keys(JSON.parse(text) as object)).toEqual(fields);
    }
  });

  it('the README examples block is fresh too', async () => {
    const readme = read('README.md');
    expect(await withFreshExamples(readme, exampleFolder(root))).toBe(readme);
  });
});
