/**
 * One point of a scaling run, in a process of its own so its peak memory is its own:
 * `tsx bench/scaling-point.ts <memory|fleet|lesson|idle> <size>` prints one JSON line
 * ({@link PointResult}) on stdout. bench/scaling.ts spawns it once per point.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSimulation } from '../src/host/simulation';
import { memoryHostRun } from './memory';
import { percentile, timeCpu } from './measure';
import { steadyLesson, timeSeeks } from './seek';
import { simulated, workload } from './tenancy';

export const POINT_KINDS = ['memory', 'fleet', 'lesson', 'idle'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export interface PointResult {
  kind: PointKind;
  size: number;
  cpuMs: number;
  wallMs: number;
  /** Peak resident set of this process (VmHWM; see {@link peakMiB}), MiB. */
  peakMiB: number;
  events: number;
  /** Lesson points: worst and median seek, CPU ms. */
  worstSeekMs?: number;
  medianSeekMs?: number;
}

/** Seeks measured per lesson-length point. */
const SEEKS = 20;
/** One scripted system call every 100 ms, as the one-hour seek benchmark. */
const PERIOD_MS = 100;

export function runPoint(kind: PointKind, size: number): PointResult {
  const base = { kind, size };
  switch (kind) {
    case 'idle': {
      const t = timeCpu(() => 0);
      return { ...base, cpuMs: t.cpuMs, wallMs: t.wallMs, peakMiB: peakMiB(), events: 0 };
    }
    case 'memory': {
      const t = timeCpu(() => memoryHostRun(size, 50));
      return { ...base, cpuMs: t.cpuMs, wallMs: t.wallMs, peakMiB: peakMiB(), events: t.value };
    }
    case 'fleet': {
      const w = workload(size, 2 * size);
      const t = timeCpu(() => simulated(w));
      if (t.value.violations > 0 || t.value.placed !== w.instances) throw new Error(`fleet of ${size}: placed ${t.value.placed} of ${w.instances}, ${t.value.violations} violations`);
      return { ...base, cpuMs: t.cpuMs, wallMs: t.wallMs, peakMiB: peakMiB(), events: w.instances };
    }
    case 'lesson': {
      const engine = createSimulation(steadyLesson(size, PERIOD_MS));
      const t = timeCpu(() => engine.runUntil(Number.MAX_SAFE_INTEGER));
      // A fresh process: untimed seeks far back and forward first (see timeSeeks), so the worst is the engine's, not the JIT's.
      const seeks = timeSeeks(engine, SEEKS);
      return { ...base, cpuMs: t.cpuMs, wallMs: t.wallMs, peakMiB: peakMiB(), events: engine.eventIndex, worstSeekMs: Math.max(...seeks.engineMs), medianSeekMs: percentile(seeks.engineMs, 0.5) };
    }
  }
}

/**
 * Peak resident set of this process since it started, MiB. On Linux it is VmHWM from
 * /proc/self/status, which exec resets; getrusage's maxrss is not reset by exec, so a child
 * spawned by the bench (itself ~450 MiB by the time the scaling section runs) read the parent's
 * size as its own floor and hid any growth below it.
 */
export function peakMiB(status: string | null = procStatus()): number {
  const hwm = status === null ? null : /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return hwm?.[1] !== undefined ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

function procStatus(): string | null {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null; // not Linux: maxrss is the best there is
  }
}

function isKind(value: string | undefined): value is PointKind {
  return POINT_KINDS.some((k) => k === value);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [kind, sizeText] = process.argv.slice(2);
  const size = Number(sizeText);
  if (!isKind(kind) || !Number.isFinite(size) || size < 0) {
    process.stderr.write(`usage: tsx bench/scaling-point.ts <${POINT_KINDS.join('|')}> <size>\n`);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(runPoint(kind, size))}\n`);
  }
}
