import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExportVideo } from '../cli/commands/export-video';
import { buildExportPage } from '../cli/export/export-page';
import { findLesson } from '../src/lessons';
import type { Lesson } from '../src/lessons/schema';
import { recordScriptedRun } from '../src/recording';
import type { BenchResult, BenchSection } from './types';

const TARGET = 2;

interface Case {
  size: string;
  path: 'ffmpeg' | 'in-page';
}

/**
 * Training-video export (issue 16): the real-time factor (video seconds ÷ wall seconds, from the
 * page's first frame to the finished file; Chromium's start-up is reported beside it) for the
 * headless ffmpeg path and the in-page WebCodecs path, at 1280×720 and 1920×1080, 30 fps, in one
 * run. The recording is the scripted hello-host lesson. Also reported: the CPU time each process
 * took (Chromium's GPU process is SwiftShader's WebGL, its renderer draws and PNG-encodes, ffmpeg
 * encodes), read from /proc, because on a shared machine wall time says as much about the
 * neighbours as about the export.
 */
export const exportBench: BenchSection = {
  id: 'export',
  title: 'Training-video export',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'isolab-bench-export-'));
    const dist = join(dir, 'dist');
    await buildExportPage(dist);
    let text = '';
    recordScriptedRun(findLesson('hello-host') as Lesson, { app: 'bench', sink: (t) => (text += t) });
    writeFileSync(join(dir, 'hello.ndjson'), text);
    const sizes = quick ? ['320x180'] : ['1280x720', '1920x1080'];
    const cases: Case[] = sizes.flatMap((size) => [{ size, path: 'ffmpeg' as const }, { size, path: 'in-page' as const }]);
    const results: BenchResult[] = [];
    for (const c of cases) results.push(await measure(dir, dist, c, quick ? '2s' : undefined));
    return results;
  },
};

async function measure(dir: string, dist: string, c: Case, to: string | undefined): Promise<BenchResult> {
  const name = `export ${c.size} 30 fps, ${c.path === 'ffmpeg' ? 'ffmpeg (VP9 WebM)' : 'in-page WebCodecs (VP9 WebM)'}`;
  const out: string[] = [];
  const errors: string[] = [];
  const sampler = new TreeCpu();
  const timer = setInterval(() => sampler.sample(), 250);
  const ownCpu = process.cpuUsage();
  const args = ['hello.ndjson', '-o', `bench-${c.size}-${c.path}.webm`, '--size', c.size, '--fps', '30', '--json', '--dist', dist, ...(to ? ['--to', to] : []), ...(c.path === 'in-page' ? ['--in-page'] : [])];
  const code = await runExportVideo(args, { cwd: dir, out: (t) => void out.push(t), err: (t) => void errors.push(t) }).finally(() => clearInterval(timer));
  if (code !== 0) return { name, value: 0, unit: '× real time', target: c.path === 'ffmpeg' && c.size === '1280x720' ? `≥ ${TARGET}×` : undefined, met: false, notes: `failed: ${errors.join(' ')}` };
  const r = JSON.parse(out.join('')) as { frames: number; bytes: number; seconds: number; exportSeconds: number; drawSeconds: number; realTime: number };
  const videoSeconds = r.frames / 30;
  const cpu = sampler.byKind();
  const own = process.cpuUsage(ownCpu);
  cpu.set('node (CLI)', (own.user + own.system) / 1e6);
  const total = [...cpu.values()].reduce((a, b) => a + b, 0);
  const cores = cpus().length;
  const cpuBound = videoSeconds / Math.max(1e-6, total / cores);
  const headline = c.path === 'ffmpeg' && c.size === '1280x720';
  return {
    name,
    value: r.realTime,
    unit: '× real time',
    baseline: { name: 'real time', value: 1 },
    ratio: r.realTime,
    target: headline ? `≥ ${TARGET}× real time (stretch 4×)` : undefined,
    met: headline ? r.realTime >= TARGET : undefined,
    notes:
      `${r.frames} frames (${videoSeconds.toFixed(1)} s of video, ${Math.round(r.bytes / 1024)} KiB) in ${r.exportSeconds} s (${r.seconds} s with Chromium start-up; page drawing ${r.drawSeconds} s); ` +
      `CPU ${total.toFixed(1)} s: ${[...cpu].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}; ` +
      `CPU-bound estimate on an idle ${cores}-core machine ${cpuBound.toFixed(2)}× real time; wall time on a shared machine (load ${loadAverage()})`,
  };
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/**
 * CPU seconds of this process's descendants (Chromium's processes, ffmpeg), by kind, from
 * /proc/PID/stat sampled while they run (the last sample of each process counts; up to 250 ms
 * of a process's last moments can be missed). Linux only; elsewhere it reports nothing.
 */
class TreeCpu {
  private readonly last = new Map<number, { kind: string; seconds: number }>();
  private readonly tick = 100;

  sample(): void {
    if (!existsSync('/proc/self/stat')) return;
    const children = new Map<number, number[]>();
    const info = new Map<number, { kind: string; seconds: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const fields = stat.slice(close + 2).split(' ');
        const pid = Number(entry);
        const ppid = Number(fields[1]);
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const type = /--type=(\S+)/.exec(command)?.[1];
        const name = stat.slice(stat.indexOf('(') + 1, close);
        const kind = name.startsWith('chromium') || command.includes('/chromium') ? `chromium ${type ?? 'browser'}` : name;
        info.set(pid, { kind, seconds: (Number(fields[11]) + Number(fields[12])) / this.tick });
        children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      } catch {
        // The process ended between listing and reading.
      }
    }
    const stack = [...(children.get(process.pid) ?? [])];
    while (stack.length > 0) {
      const pid = stack.pop() as number;
      const entry = info.get(pid);
      // A process whose command line could no longer be read keeps the kind it was first seen with.
      if (entry) this.last.set(pid, { kind: this.last.get(pid)?.kind ?? entry.kind, seconds: entry.seconds });
      stack.push(...(children.get(pid) ?? []));
    }
  }

  byKind(): Map<string, number> {
    const out = new Map<string, number>();
    for (const { kind, seconds } of this.last.values()) out.set(kind, (out.get(kind) ?? 0) + seconds);
    return out;
  }
}
