import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExportVideo } from '../cli/commands/export-video';
import { buildExportPage } from '../cli/export/export-page';
import { ffmpegArgs } from '../cli/export/ffmpeg-args';
import { FFMPEG_PATH } from '../cli/export/ffmpeg-process';
import { findLesson } from '../src/lessons';
import type { Lesson } from '../src/lessons/schema';
import { recordScriptedRun } from '../src/recording';
import type { BenchResult, BenchSection } from './types';

const TARGET = 2;

interface Case {
  size: string;
  path: 'ffmpeg' | 'in-page';
  format: 'webm' | 'mp4';
}

const label = (c: Case): string => (c.path === 'in-page' ? 'in-page WebCodecs (VP9 WebM)' : c.format === 'mp4' ? 'ffmpeg (H.264 MP4)' : 'ffmpeg (VP9 WebM)');

/**
 * Training-video export (issue 16): the real-time factor (video seconds ÷ wall seconds, from the
 * page's first frame to the finished file; Chromium's start-up is reported beside it) for the
 * headless ffmpeg path (WebM and MP4) and the in-page WebCodecs path, at 1280×720 and 1920×1080,
 * 30 fps, in one run. The recording is the scripted hello-host lesson (the in-page path, ~100×
 * slower, on its first 2 s). The machine is shared, so each ffmpeg-path row has a baseline taken
 * right after it: ffmpeg alone re-encoding the exported frames with the same settings (decoded from
 * the export's own file, so the same pictures), i.e. what the encoder does on this machine at this
 * moment; the ratio says how close the whole export gets to it. Also reported: the CPU time each
 * process took, read from /proc, and the real-time factor that CPU time allows on idle cores.
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
    const cases: Case[] = sizes.flatMap((size) => [
      { size, path: 'ffmpeg' as const, format: 'webm' as const },
      { size, path: 'ffmpeg' as const, format: 'mp4' as const },
      { size, path: 'in-page' as const, format: 'webm' as const },
    ]);
    const results: BenchResult[] = [];
    for (const c of cases) results.push(await measure(dir, dist, c, quick || c.path === 'in-page' ? '2s' : undefined));
    return results;
  },
};

async function measure(dir: string, dist: string, c: Case, to: string | undefined): Promise<BenchResult> {
  const name = `export ${c.size} 30 fps, ${label(c)}`;
  const headline = c.path === 'ffmpeg' && c.size === '1280x720';
  const target = headline ? `≥ ${TARGET}× real time (stretch 4×)` : undefined;
  const out: string[] = [];
  const errors: string[] = [];
  const sampler = new TreeCpu();
  const timer = setInterval(() => sampler.sample(), 250);
  const ownCpu = process.cpuUsage();
  const loadBefore = loadAverage();
  const file = `bench-${c.size}-${c.path}.${c.format}`;
  const args = ['hello.ndjson', '-o', file, '--size', c.size, '--fps', '30', '--json', '--dist', dist, ...(to ? ['--to', to] : []), ...(c.path === 'in-page' ? ['--in-page'] : [])];
  const code = await runExportVideo(args, { cwd: dir, out: (t) => void out.push(t), err: (t) => void errors.push(t) }).finally(() => clearInterval(timer));
  if (code !== 0) return { name, value: 0, unit: '× real time', target, met: target ? false : undefined, notes: `failed: ${errors.join(' ')}` };
  const r = JSON.parse(out.join('')) as { frames: number; bytes: number; seconds: number; exportSeconds: number; drawSeconds: number; realTime: number };
  const videoSeconds = r.frames / 30;
  const cpu = sampler.byKind();
  const own = process.cpuUsage(ownCpu);
  cpu.set('node (CLI)', (own.user + own.system) / 1e6);
  const total = [...cpu.values()].reduce((a, b) => a + b, 0);
  const cores = cpus().length;
  const cpuBound = videoSeconds / Math.max(1e-6, total / cores);
  const encoderAlone = c.path === 'ffmpeg' ? encodeAlone(join(dir, file), c.format, videoSeconds) : undefined;
  return {
    name,
    value: r.realTime,
    unit: '× real time',
    baseline: encoderAlone === undefined ? { name: 'real time', value: 1 } : { name: 'ffmpeg alone re-encoding the same frames', value: encoderAlone },
    ratio: encoderAlone === undefined ? r.realTime : r.realTime / encoderAlone,
    target,
    met: headline ? r.realTime >= TARGET : undefined,
    notes:
      `${r.frames} frames (${videoSeconds.toFixed(1)} s of video, ${Math.round(r.bytes / 1024)} KiB) in ${r.exportSeconds} s (${r.seconds} s with Chromium start-up; page drawing ${r.drawSeconds} s); ` +
      `CPU ${total.toFixed(1)} s: ${[...cpu].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}; ` +
      `CPU-bound estimate on an idle ${cores}-core machine ${cpuBound.toFixed(2)}× real time including start-up; wall time on a shared machine (load ${loadBefore} before, ${loadAverage()} after)`,
  };
}

/**
 * The baseline: ffmpeg alone encoding the export's frames (decoded from its file) with the
 * export's own encoder settings, as a real-time factor. Same pictures, same encoder, same moment
 * on the shared machine; only the page, the transfer and the container work are missing.
 */
function encodeAlone(file: string, format: 'webm' | 'mp4', videoSeconds: number): number | undefined {
  const encoder = ffmpegArgs({ fps: 30, format, codec: 'vp9', output: '-' });
  // Everything after the input's filter chain up to the output (colour tags, keyframes, codec settings).
  const settings = encoder.slice(encoder.indexOf('-vf') + 2, encoder.lastIndexOf('-f'));
  const started = performance.now();
  const result = spawnSync(FFMPEG_PATH, ['-v', 'error', '-i', file, '-map', '0:v:0', '-vf', 'format=yuv420p', ...settings, '-f', format === 'mp4' ? 'mp4' : 'webm', '-y', `${file}.alone.${format}`]);
  const seconds = (performance.now() - started) / 1000;
  return result.status === 0 ? Number((videoSeconds / seconds).toFixed(2)) : undefined;
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
