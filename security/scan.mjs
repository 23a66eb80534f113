#!/usr/bin/env node
// Electronegativity over main/ and renderer/ with the Electron version given explicitly, failing
// on any finding that is not reviewed in security/electronegativity-allow.json (each entry says
// why it is acceptable). Runs offline: the one check that downloads Electron's release list
// (AvailableSecurityFixesGlobalCheck) is excluded; the Electron version is kept current by npm
// instead. A stale allow-list entry (one that matches nothing) fails too, so the list stays true.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js');
const electronVersion = readElectronVersion();
const allow = JSON.parse(readFileSync(join(root, 'security/electronegativity-allow.json'), 'utf8')).allow;
const INPUTS = ['main', 'renderer'];
const OFFLINE_EXCLUDED = 'availablesecurityfixesglobalcheck';

function readElectronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    // No Electron installed (ELECTRON_SKIP_BINARY_DOWNLOAD still installs the package): the pinned range.
    const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
    return range.replace(/^[^\d]*/, '');
  }
}

function scan(input) {
  const out = join(mkdtempSync(join(tmpdir(), 'isolab-eneg-')), `${input}.csv`);
  const args = [cli, '-i', join(root, input), '-e', electronVersion, '-x', OFFLINE_EXCLUDED, '-r', '-v', 'false', '-o', out];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en-US' } });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let csv;
      try {
        csv = readFileSync(out, 'utf8');
      } catch {
        return reject(new Error(`electronegativity on ${input} wrote no report (exit ${code}):\n${log.slice(-2000)}`));
      }
      resolve(parseCsv(csv).map((row) => toFinding(input, row)));
    });
  });
}

/** The report's CSV: a header line, then one finding per line; fields may be quoted. */
function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

// Electronegativity's global checks (CSP_GLOBAL_CHECK) attribute their findings to files
// unreliably from one run to the next (another file's name, or "undefined"), so they are matched by
// input and check only; each file's reason stays in the allow-list.
/**
 * One CSV row as a finding. A global check's row sometimes arrives garbled (its CSP sample breaks
 * the columns); the check id is then recovered from the row's wiki link, with the file unknown.
 */
function toFinding(input, row) {
  if (/^[A-Z_]+$/.test(row[0] ?? '')) return { input, check: row[0], severity: row[1], file: row[3], location: row[4], sample: row[5] ?? '', description: row[6] };
  const check = /wiki\/([A-Z_]+)/.exec(row.join(','))?.[1] ?? row[0];
  return { input, check, severity: 'unknown', file: 'undefined', location: 'undefined', sample: '', description: row.join(',') };
}

const sameFile = (entry, f) => entry.file === f.file || f.check.endsWith('_GLOBAL_CHECK');
const matches = (entry, f) => entry.input === f.input && entry.check === f.check && sameFile(entry, f) && (entry.sample === undefined || f.sample.includes(entry.sample));

const findings = (await Promise.all(INPUTS.map(scan))).flat();
const unreviewed = findings.filter((f) => !allow.some((entry) => matches(entry, f)));
const stale = allow.filter((entry) => !findings.some((f) => matches(entry, f)));
console.log(`electronegativity (Electron ${electronVersion}) over ${INPUTS.join(', ')}: ${findings.length} findings, ${findings.length - unreviewed.length} reviewed in the allow-list`);
for (const f of unreviewed) console.log(`NOT REVIEWED ${f.check} (${f.severity}) ${f.input}/${f.file}:${f.location} ${f.sample} — ${f.description}`);
for (const e of stale) console.log(`STALE allow-list entry: ${e.check} ${e.input}/${e.file}${e.sample ? ` "${e.sample}"` : ''} matches nothing; remove it`);
process.exit(unreviewed.length > 0 || stale.length > 0 ? 1 : 0);
