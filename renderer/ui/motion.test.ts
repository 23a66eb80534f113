import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Ticker } from 'pixi.js';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons';
import { Camera, cameraMoveMs, moveDuration } from '../views/camera';
import { hopPoint, packetPose } from '../views/network-motion';
import { networkLayout } from '../views/network-layout';
import { captionOf } from '../views/network-text';
import { crossingAlpha } from '../views/rings-model';
import { pulseLook } from './motion-looks';
import { currentMotion, installMotion, MOTION_STORAGE_KEY, motionFromQuery, onMotionChange, reducedMotion, resolveMotion, setMotion, toggleMotion, type Motion } from './motion';

/** A stand-in for the browser: a URL, a `prefers-reduced-motion` answer that can change, storage and `<html>`. */
function fakeBrowser(search: string, systemReduced: boolean, stored: Record<string, string> = {}) {
  const store = new Map(Object.entries(stored));
  const html = { dataset: {} as Record<string, string> };
  let onSystemChange: (() => void) | null = null;
  const media = {
    matches: systemReduced,
    addEventListener: (_: string, cb: () => void) => (onSystemChange = cb),
  };
  vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
  vi.stubGlobal('document', { documentElement: html });
  const win = { location: { search }, matchMedia: () => media } as unknown as Pick<Window, 'location' | 'matchMedia'>;
  return {
    win,
    store,
    html,
    systemChanges(reduced: boolean) {
      media.matches = reduced;
      onSystemChange?.();
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('which motion setting wins', () => {
  it('reads ?motion= and ignores other values', () => {
    expect(motionFromQuery('?motion=reduced')).toBe('reduced');
    expect(motionFromQuery('?theme=dark&motion=full')).toBe('full');
    expect(motionFromQuery('?motion=slow')).toBeNull();
    expect(motionFromQuery('')).toBeNull();
  });

  it('the URL beats the app setting, which beats the system', () => {
    const motion = fc.constantFrom<Motion | null>('full', 'reduced', null);
    fc.assert(
      fc.property(motion, fc.constantFrom<string | null>('full', 'reduced', 'junk', null), fc.boolean(), (query, stored, systemReduced) => {
        const got = resolveMotion({ query, stored, systemReduced });
        const storedMotion = stored === 'full' || stored === 'reduced' ? stored : null;
        expect(got).toBe(query ?? storedMotion ?? (systemReduced ? 'reduced' : 'full'));
      }),
    );
  });
});

describe('the motion setting in a page', () => {
  beforeEach(() => setMotion('full'));

  it('defaults to the system setting, publishes data-motion and follows the system while nothing else decides', () => {
    const browser = fakeBrowser('', true);
    expect(installMotion(browser.win)).toBe('reduced');
    expect(reducedMotion()).toBe(true);
    expect(browser.html.dataset.motion).toBe('reduced');
    browser.systemChanges(false);
    expect(currentMotion()).toBe('full');
    expect(browser.html.dataset.motion).toBe('full');
  });

  it('remembers the app setting, which then wins over the system', () => {
    const browser = fakeBrowser('', false);
    installMotion(browser.win);
    const seen: Motion[] = [];
    const stop = onMotionChange((m) => seen.push(m));
    expect(toggleMotion()).toBe('reduced');
    expect(browser.store.get(MOTION_STORAGE_KEY)).toBe('reduced');
    expect(seen).toEqual(['reduced']);
    // A second page load reads it back, even though the system asks for full motion.
    const again = fakeBrowser('', false, { [MOTION_STORAGE_KEY]: 'reduced' });
    expect(installMotion(again.win)).toBe('reduced');
    stop();
    toggleMotion();
    expect(seen).toEqual(['reduced']);
  });

  it('a forced ?motion= is applied but not remembered', () => {
    const browser = fakeBrowser('?motion=reduced', false, { [MOTION_STORAGE_KEY]: 'full' });
    expect(installMotion(browser.win)).toBe('reduced');
    browser.systemChanges(false);
    expect(currentMotion()).toBe('reduced');
    setMotion('full');
    expect(browser.store.get(MOTION_STORAGE_KEY)).toBe('full');
    expect(browser.html.dataset.motion).toBe('full');
    setMotion('reduced');
    expect(browser.store.get(MOTION_STORAGE_KEY)).toBe('full');
  });

  it('works without storage (blocked by privacy settings)', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    });
    expect(() => setMotion('reduced')).not.toThrow();
    expect(reducedMotion()).toBe(true);
  });
});

/** A ticker the test advances by hand. */
function manualTicker(): Ticker & { advance(ms: number): void } {
  const callbacks: Array<[() => void, unknown]> = [];
  const ticker = {
    elapsedMS: 0,
    add(fn: () => void, context: unknown) {
      callbacks.push([fn, context]);
      return ticker;
    },
    remove() {
      return ticker;
    },
    advance(ms: number) {
      ticker.elapsedMS = ms;
      for (const [fn, context] of callbacks) fn.call(context);
    },
  };
  return ticker as unknown as Ticker & { advance(ms: number): void };
}

describe('animations with reduced motion', () => {
  afterEach(() => setMotion('full'));
  const offScreen = [{ x: 40, y: 900, width: 300, height: 200 }];

  it('the camera glides with full motion and jumps with reduced motion', () => {
    expect(moveDuration(true, false)).toBe(cameraMoveMs);
    expect(moveDuration(true, true)).toBe(0);
    expect(moveDuration(false, false)).toBe(0);

    setMotion('full');
    const ticker = manualTicker();
    const gliding = new Camera(ticker);
    gliding.resize(720, 500);
    gliding.frame(offScreen);
    expect(gliding.moving).toBe(true);
    expect(gliding.current).not.toEqual(gliding.heading);

    setMotion('reduced');
    const jumping = new Camera(ticker);
    jumping.resize(720, 500);
    jumping.frame(offScreen);
    expect(jumping.moving).toBe(false);
    expect(jumping.current).toEqual(jumping.heading);
    expect(jumping.current.y).toBeLessThan(0);

    // Switched on mid-move: the gliding camera finishes at the next tick.
    ticker.advance(1);
    expect(gliding.moving).toBe(false);
    expect(gliding.current).toEqual(gliding.heading);
  });

  it('a pulse mark stays put (no growth) and only fades', () => {
    for (let age = 0; age < 6; age++) {
      expect(pulseLook(age, 6, true).grow).toBe(pulseLook(0, 6, true).grow);
      expect(pulseLook(age, 6, true).alpha).toBe(pulseLook(age, 6, false).alpha);
    }
    expect(pulseLook(3, 6, false).grow).toBeGreaterThan(pulseLook(0, 6, false).grow);
  });

  it('a crossing arrow is drawn at full strength at once and does not fade', () => {
    expect(crossingAlpha(100, 50, 1000, true)).toBe(0);
    expect(crossingAlpha(100, 100, 1000, true)).toBe(1);
    expect(crossingAlpha(100, 1e9, 1000, true)).toBe(1);
  });

  it('a packet in flight sits at the last hop it reached instead of gliding to the next', () => {
    const engine = createSimulation(findLesson('neighbours-are-strangers')!);
    engine.runUntil(300_000);
    const state = engine.state;
    const layout = networkLayout(state, 1000, 640, captionOf(state));
    const ssh = state.world.network.packets[2]!;
    const inFlight = { ...ssh, status: 'in-flight' as const, hop: 0, hopAt: [ssh.sentAt], drop: null };
    const first = hopPoint(layout, ssh, 0)!;
    const mid = ssh.sentAt + ssh.path[0]!.latencyNs / 2;
    expect(packetPose(layout, inFlight, mid, true)?.at).toEqual(first);
    expect(packetPose(layout, inFlight, mid, false)?.at).not.toEqual(first);
    // A dropped packet is shown where it stopped either way.
    expect(packetPose(layout, ssh, 300_000, true)).toEqual(packetPose(layout, ssh, 300_000, false));
  });
});
