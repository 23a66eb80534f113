import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../cli/chromium';
import { serveStatic } from '../cli/web-server';
import type { BenchResult, BenchSection } from './types';

/**
 * Rendering cost of an idle view (issue 15: Pixi redrew every display frame, so an idle Host
 * view cost as much as a playing one). The browser build runs in headless Debian Chromium with
 * SwiftShader WebGL, 1280×720; the stage counts its rendered frames (window.__lab.renderStats()).
 * Baseline in the same run: the old always-redraw loop, kept behind `?render=continuous`.
 * Needs a built app (`npm run web:build`, or WEB_OUT_DIR) and /usr/bin/chromium.
 */
const SETTLE_MS = 2500;

function buildDir(): string {
  return process.env.WEB_OUT_DIR || fileURLToPath(new URL('../dist-web', import.meta.url));
}

/**
 * CPU seconds used so far by every Chromium process (browser, renderer, GPU): the cost of
 * drawing lands mostly in the GPU process (SwiftShader), which frame counts alone don't show.
 */
async function browserCpuSeconds(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ cpuTime: number }> };
    return info.processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
  } finally {
    await session.detach();
  }
}

interface IdleCost {
  fps: number;
  /** Chromium CPU seconds per wall second while idle. */
  cpuPerSecond: number;
  antialias: boolean;
  softwareGl: boolean;
}

/** Frames per second the stage renders, and Chromium's CPU, over `ms` of an idle Host view opened with `query`. */
async function idleFps(page: Page, url: string, query: string, ms: number): Promise<IdleCost> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  await page.goto(`${url}/${query}#lesson=hello-host`);
  await page.waitForFunction(() => window.__lab?.status()?.lessonId === 'hello-host', undefined, { timeout: 60_000 });
  await page.waitForTimeout(SETTLE_MS);
  const before = await page.evaluate(() => window.__lab?.renderStats().frames ?? 0);
  const cpu0 = await browserCpuSeconds(browser);
  const start = Date.now();
  await page.waitForTimeout(ms);
  const stats = await page.evaluate(() => window.__lab?.renderStats());
  const cpu = (await browserCpuSeconds(browser)) - cpu0;
  const seconds = (Date.now() - start) / 1000;
  if (!stats) throw new Error('the app has no render stats (old build? run npm run web:build)');
  return { fps: (stats.frames - before) / seconds, cpuPerSecond: cpu / seconds, antialias: stats.antialias, softwareGl: stats.softwareGl };
}

export const renderBench: BenchSection = {
  id: 'render',
  title: 'Rendering only on change (browser build, software WebGL)',
  async run({ quick }) {
    const dir = buildDir();
    if (!existsSync(`${dir}/index.html`) || !existsSync(CHROMIUM_PATH)) {
      return [{ name: 'idle Host view: frames rendered per second', value: Number.NaN, unit: 'frames/s', target: '≤ 0.5 frames/s (near zero)', notes: `skipped: needs ${existsSync(CHROMIUM_PATH) ? `a build in ${dir} (npm run web:build)` : CHROMIUM_PATH}` }];
    }
    const ms = quick ? 2000 : 5000;
    const server = await serveStatic(dir);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const onChange = await idleFps(page, server.url, '', ms);
      const continuous = await idleFps(page, server.url, '?render=continuous', ms);
      const results: BenchResult[] = [
        {
          name: 'idle Host view: frames rendered per second',
          value: onChange.fps,
          unit: 'frames/s',
          baseline: { name: 'always redrawing (the old loop, ?render=continuous)', value: continuous.fps },
          ...(continuous.fps > 0 ? { ratio: onChange.fps / continuous.fps } : {}),
          target: '≤ 0.5 frames/s (near zero)',
          met: onChange.fps <= 0.5,
          notes: `${ms / 1000} s of an idle hello-host at 1280×720 after ${SETTLE_MS / 1000} s to settle; antialias ${onChange.antialias ? 'on' : 'off'}${onChange.softwareGl ? ' (software GL detected)' : ''}; the continuous rate is whatever the shared machine's SwiftShader manages, every frame a full redraw`,
        },
        {
          name: 'idle Host view: Chromium CPU per second (all processes)',
          value: onChange.cpuPerSecond,
          unit: 'CPU s/s',
          baseline: { name: 'always redrawing', value: continuous.cpuPerSecond },
          ...(continuous.cpuPerSecond > 0 ? { ratio: onChange.cpuPerSecond / continuous.cpuPerSecond } : {}),
          notes: 'CDP SystemInfo.getProcessInfo, browser + renderer + GPU process; what an idle classroom laptop saves',
        },
      ];
      if (!quick) {
        const aaOn = await idleFps(page, server.url, '?render=continuous&antialias=on', ms);
        const aaOff = await idleFps(page, server.url, '?render=continuous&antialias=off', ms);
        const perFrameMs = (c: IdleCost): number => (c.fps > 0 ? (c.cpuPerSecond / c.fps) * 1000 : Number.NaN);
        const off = perFrameMs(aaOff);
        const on = perFrameMs(aaOn);
        results.push({
          name: 'Chromium CPU per full redraw, antialias off vs on (software GL)',
          value: off,
          unit: 'CPU ms/frame',
          baseline: { name: 'antialias on', value: on },
          ...(Number.isFinite(off) && Number.isFinite(on) && off > 0 ? { ratio: on / off } : {}),
          notes: `ratio = how many times cheaper a frame is without multisampling; ${aaOff.fps.toFixed(1)} vs ${aaOn.fps.toFixed(1)} frames/s; why the stage turns it off on software GL (text is rasterised by the browser either way, so labels stay crisp); one pair, noisy on a shared machine`,
        });
      }
      return results;
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
