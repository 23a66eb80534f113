import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from './test-io';
import { runCli } from './main';

/**
 * The command-line examples in the docs are real runs. A fenced block preceded by
 * `<!-- example: isolab <args> -->` holds exactly what that command prints (stdout, then
 * stderr), run in a scratch folder holding docs/examples/*. `npm run docs:cli` rewrites the
 * blocks; cli/docs-examples.test.ts fails when one is stale, so the docs cannot drift.
 */
const EXAMPLE = /<!-- example: isolab ([^\n]+?) -->\n```(\w*)\n([\s\S]*?)```/g;

export interface DocExample {
  args: string[];
  shown: string;
}

export function examplesIn(doc: string): DocExample[] {
  return [...doc.matchAll(EXAMPLE)].map((m) => ({ args: (m[1] as string).trim().split(/\s+/), shown: m[3] as string }));
}

/** A scratch working folder with the docs' example files (my-lesson.json, my-scenario.json…). */
export function exampleFolder(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-docs-'));
  const examples = join(root, 'docs', 'examples');
  for (const name of readdirSync(examples)) cpSync(join(examples, name), join(dir, name));
  return dir;
}

/** What `isolab <args>` prints, as the docs show it (one trailing newline). */
export async function exampleOutput(args: readonly string[], cwd: string): Promise<{ code: number; text: string }> {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, text: [...io.stdout, ...io.stderr].join('\n').trimEnd() + '\n' };
}

/** The document with every example block replaced by a fresh run. */
export async function withFreshExamples(doc: string, cwd: string): Promise<string> {
  const outputs: string[] = [];
  for (const example of examplesIn(doc)) outputs.push((await exampleOutput(example.args, cwd)).text);
  let i = 0;
  return doc.replace(EXAMPLE, (_all, args: string, lang: string) => `<!-- example: isolab ${args} -->\n\`\`\`${lang}\n${outputs[i++] ?? ''}\`\`\``);
}
