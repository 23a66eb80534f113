#!/usr/bin/env node
// `npm run mutation:score`: the mutation score per folder of stryker.config.json, added up from
// every incremental result in reports/ (`npm run mutation -- <folder or subfolder>` writes one
// per run). A folder measured in parts (model/tenancy, model/network, …) gets one score over all
// its files. For each source file the newest result that holds it counts; a file whose code has
// changed since then is reported as stale, and a file no run has measured is listed as missing,
// so the table never claims more than was measured.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
const folders = config.mutate.filter((p) => !p.startsWith('!')).map((p) => p.split('/').slice(0, 2).join('/'));
const excluded = (path) => /\.test\.ts$|\/test-[^/]*\.ts$|\/testing\.ts$|\/fixture\.ts$/.test(path);

const reportsDir = join(root, 'reports');
const results = existsSync(reportsDir)
  ? readdirSync(reportsDir)
      .filter((name) => /^stryker-incremental.*\.json$/.test(name))
      .map((name) => ({ name, mtime: statSync(join(reportsDir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
  : [];

/** Newest measurement of each source file. */
const measured = new Map();
for (const { name } of results) {
  const report = JSON.parse(readFileSync(join(reportsDir, name), 'utf8'));
  for (const [path, file] of Object.entries(report.files ?? {})) {
    if (!measured.has(path)) measured.set(path, { from: name, source: file.source, mutants: file.mutants });
  }
}

const walk = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(path) : path.endsWith('.ts') && !excluded(path) ? [path] : [];
  });

const rows = [];
for (const folder of folders) {
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  const missing = [];
  const stale = [];
  for (const path of walk(folder)) {
    const m = measured.get(path);
    if (!m) {
      missing.push(path);
      continue;
    }
    if (m.source !== readFileSync(join(root, path), 'utf8')) stale.push(path);
    for (const mutant of m.mutants) if (mutant.status in count) count[mutant.status] += 1;
  }
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  rows.push({ folder, ...count, score: valid > 0 ? (100 * detected) / valid : null, missing, stale });
}

const json = process.argv.includes('--json');
if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('| Folder | Score | Killed | Timeout | Survived | No coverage | Files without a result | Stale |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const score = r.score === null ? '—' : `${r.score.toFixed(2)} %`;
    console.log(`| \`${r.folder}\` | ${score} | ${r.Killed} | ${r.Timeout} | ${r.Survived} | ${r.NoCoverage} | ${r.missing.length} | ${r.stale.length} |`);
  }
  for (const r of rows) {
    if (r.missing.length > 0) console.log(`\n${r.folder}: no result (files without mutants, such as types only, or not measured): ${r.missing.join(', ')}`);
    if (r.stale.length > 0) console.log(`\n${r.folder}: code changed since measured: ${r.stale.join(', ')}`);
  }
}
