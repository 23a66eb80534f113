#!/usr/bin/env node
// `npm run mutation [-- <folder>...]`: StrykerJS over the simulator (stryker.config.json).
// With no folders it mutates every folder in the config; `npm run mutation -- engine audit`
// mutates src/engine and src/audit only. Test files and test fixtures are never mutated. Other
// arguments after the folders go to Stryker unchanged (e.g. `-- engine --logLevel debug`).
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
  if (!known.includes(folder)) {
    console.error(`mutation: unknown folder "${folder}"; expected one of ${known.join(', ')}`);
    process.exit(2);
  }
}
const mutate = folders.length > 0 ? ['--mutate', [...folders.map((f) => `src/${f}/**/*.ts`), ...exclusions].join(',')] : [];
const result = spawnSync('npx', ['stryker', 'run', ...mutate, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
