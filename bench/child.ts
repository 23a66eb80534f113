import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a measuring child process printed last, or why it printed nothing usable. */
export type ChildLine = { ok: true; line: string } | { ok: false; error: string };

/**
 * Runs a bench script (`bench/<name>.ts`, through tsx) in a process of its own and returns the
 * last line it printed, which must be JSON. A measurement in the bench's own process paid for the
 * heap the sections before it left, and was spared the collections a fresh one meets.
 */
export function runChild(script: URL, args: readonly string[], timeoutMs: number): ChildLine {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(script), ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 22 });
  if (child.error) {
    const timedOut = 'code' in child.error && child.error.code === 'ETIMEDOUT';
    return { ok: false, error: timedOut ? `past the ${Math.round(timeoutMs / 60_000)}-minute limit` : child.error.message };
  }
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !(line.startsWith('{') || line.startsWith('['))) {
    const why = child.stderr.trim().split('\n').find((l) => /^\w*Error\b/.test(l)) ?? `exit ${child.status ?? child.signal}`;
    return { ok: false, error: why.slice(0, 200) };
  }
  return { ok: true, line };
}
