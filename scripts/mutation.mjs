#!/usr/bin/env node
// `npm run mutation [-- <folder>...]`: StrykerJS over the simulator (stryker.config.json).
// With no folders it mutates every folder in the config; `npm run mutation -- engine audit`
// mutates src/engine and src/audit only, and `-- model/tenancy` one subfolder of one (judged by
// that subfolder's tests; `npm run mutation:score` adds the subfolders' results up per folder). Test files and test fixtures are never mutated. Other
// arguments after the folders go to Stryker unchanged (e.g. `-- engine --logLevel debug`, or
// `-- engine --mutate src/engine/hash.ts` for one file).
// Incremental: a re-run reuses reports/stryker-incremental.json and tests only changed code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const config = JSON.parse(readFileSync(new URL('../stryker.config.json', import.meta.url), 'utf8'));
const exclusions = config.mutate.filter((pattern) => pattern.startsWith('!'));
const known = config.mutate.filter((pattern) => !pattern.startsWith('!')).map((pattern) => pattern.split('/')[1]);

const args = process.argv.slice(2);
const folders = [];
while (args.length > 0 && !args[0].startsWith('-')) folders.push(args.shift());
for (const folder of folders) {
  const [top, ...rest] = folder.split('/');
  if (!known.includes(top) || rest.some((part) => !/^[\w-]+$/.test(part))) {
    console.error(`mutation: unknown folder "${folder}"; expected one of ${known.join(', ')}, or a subfolder such as model/tenancy`);
    process.exit(2);
  }
}
const mutate = folders.length > 0 ? ['--mutate', [...folders.map((f) => `src/${f}/**/*.ts`), ...exclusions].join(',')] : [];
// One incremental file per folder set: a run over other folders must not discard this one's results.
const incremental = folders.length > 0 ? ['--incrementalFile', `reports/stryker-incremental-${folders.join('-').replaceAll('/', '_')}.json`] : [];
// Each folder is judged by its own tests (see vitest.stryker.config.ts).
const env = folders.length > 0 ? { ...process.env, MUTATION_TEST_FOLDERS: folders.join(',') } : process.env;
const result = spawnSync('npx', ['stryker', 'run', ...mutate, ...incremental, ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
