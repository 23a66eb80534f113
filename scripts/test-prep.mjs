#!/usr/bin/env node
// `npm test`'s preparation step (the `pretest` script): the tests need two things that are not npm
// packages — Debian's Chromium (Playwright drives /usr/bin/chromium; it never downloads a browser)
// and ffmpeg (video export). When they are missing and this runs as root with apt-get, it installs
// them; otherwise it names them in one line with the exact command, and stops the run.
import { spawnSync } from 'node:child_process';
import { missingTools, installCommand } from './test-prep-lib.mjs';

const missing = missingTools();
if (missing.length === 0) process.exit(0);

const command = installCommand(missing);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (isRoot && hasApt) {
  console.log(`npm test: installing ${missing.map((t) => t.package).join(' and ')} (${command})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  const installArgs = ['install', '-y', '--no-install-recommends', ...missing.map((t) => t.package)];
  // A fresh machine's package lists may be empty or stale: update once, then retry.
  if (run(installArgs) || (run(['update']) && run(installArgs))) {
    const still = missingTools();
    if (still.length === 0) process.exit(0);
  }
}
process.stderr.write(`npm test needs ${missing.map((t) => `${t.package} (${t.path})`).join(' and ')}: install with \`${isRoot ? '' : 'sudo '}${command}\`, then run npm test again.\n`);
process.exit(1);
