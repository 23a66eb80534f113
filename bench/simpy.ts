import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: python3-simpy3 installs there, not into a pyenv python on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./simpy_workload.py', import.meta.url));

export type SimpyResult =
  | { ok: true; events: number; perCpuSecond: number; perWallSecond: number; version: string; python: string }
  | { ok: false; reason: string };

/** Runs bench/simpy_workload.py; any failure becomes a reason to report the comparison as skipped. */
/** The workloads simpy_workload.py knows (see bench/engine-workload.ts for their engine twins). */
export type SimpyWorkload = 'counters' | 'scheduling' | 'one-write' | 'mm1';

export function runSimpyWorkload(procs: number, events: number, seed: number, repeat: number, workload: SimpyWorkload = 'counters'): SimpyResult {
  if (!existsSync(SYSTEM_PYTHON)) return { ok: false, reason: `${SYSTEM_PYTHON} not found` };
  const args = [SCRIPT, '--procs', String(procs), '--events', String(events), '--seed', String(seed), '--repeat', String(repeat), '--workload', workload];
  const child = spawnSync(SYSTEM_PYTHON, args, { encoding: 'utf8', timeout: 600_000 });
  if (child.error) return { ok: false, reason: `could not run ${SYSTEM_PYTHON}: ${child.error.message}` };
  let out: { events?: number; cpu_seconds?: number; wall_seconds?: number; simpy?: string; python?: string; error?: string };
  try {
    out = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as typeof out;
  } catch {
    return { ok: false, reason: `SimPy script exited ${child.status}: ${child.stderr.trim().split('\n').pop() ?? 'no output'}` };
  }
  if (out.error || typeof out.events !== 'number' || typeof out.cpu_seconds !== 'number' || typeof out.wall_seconds !== 'number') {
    return { ok: false, reason: out.error ?? 'SimPy script printed an unexpected result' };
  }
  return {
    ok: true,
    events: out.events,
    perCpuSecond: out.events / Math.max(1e-6, out.cpu_seconds),
    perWallSecond: out.events / Math.max(1e-6, out.wall_seconds),
    version: out.simpy ?? 'unknown',
    python: out.python ?? 'unknown',
  };
}
