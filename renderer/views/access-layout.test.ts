import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { createSimulation } from '../../src/host';
import type { AuditEntry } from '../../src/model/access/types';
import { toNanos } from '../../src/lessons/primitives';
import { accessLayout, attemptPath, currentAttempts, distanceTo, labelObstacles, labelWraps, placeLabel, repeatsLabel, pointAlong, type Box } from './access-layout';
import { attemptSummary, pathWords, shortReason } from './access-text';

const lesson = findLesson('who-can-touch-what');
if (!lesson) throw new Error('who-can-touch-what missing');
const engine = createSimulation(lesson);
engine.runUntil(10_000_000_000);
const state = engine.state;
const audit = state.world.access.audit;
const hypervisorOf = (id: string) => state.world.hosts[id]?.hypervisor;

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (outer: Box, b: Box): boolean => b.x >= outer.x - 0.5 && b.y >= outer.y - 0.5 && b.x + b.w <= outer.x + outer.w + 0.5 && b.y + b.h <= outer.y + outer.h + 0.5;

describe('Access view layout', () => {
  // The canvas beside both side panels at 1280×720, and the audience mode's wide one.
  for (const [width, height] of [[724, 508], [1280, 480], [1600, 720]] as const) {
    it(`${width}×${height}: projection-size text, every card inside the canvas, cards never overlap`, () => {
      const l = accessLayout(state, width, height);
      expect(l.font).toBeGreaterThanOrEqual(14);
      expect(l.heading).toBeGreaterThanOrEqual(18);
      const canvas = { x: 0, y: 0, w: width, h: height };
      const cards = [...l.nodes.values()].filter((n) => n.kind !== 'host');
      for (const n of l.nodes.values()) expect(inside(canvas, n), n.key).toBe(true);
      for (const n of cards) expect(Math.min(n.w, n.h), n.key).toBeGreaterThanOrEqual(l.font * 2);
      for (let i = 0; i < cards.length; i++) {
        for (let j = i + 1; j < cards.length; j++) {
          const a = cards[i];
          const b = cards[j];
          if (a && b && !(a.kind === 'guest' && b.kind === 'guest' && a.id === b.id)) expect(overlap(a, b), `${a.key} × ${b.key}`).toBe(false);
        }
      }
      expect(overlap(l.diagram, l.audit)).toBe(false);
      expect(l.audit.h).toBeGreaterThan(l.font * 6);
      // Every operator, admin host, host plane and guest of the lesson is drawn.
      for (const id of ['op:op-1', 'op:op-2', 'admin:admin-1', 'mgmt:xen-1', 'mgmt:nitro-1', 'guest:web-a', 'guest:db-b', 'guest:app-a']) expect(l.nodes.has(id), id).toBe(true);
      expect(l.noPath.map((p) => p.hostId)).toEqual(['nitro-1']);
    });
  }
});

describe('attempt paths', () => {
  const l = accessLayout(state, 724, 508);
  const find = (predicate: (e: AuditEntry) => boolean): AuditEntry => {
    const entry = audit.find(predicate);
    if (!entry) throw new Error('entry missing');
    return entry;
  };

  it('a login without MFA is stopped at the admin host, with the reason written short', () => {
    const entry = find((e) => e.action === 'operator.login' && /multi-factor/.test(e.reason));
    const path = attemptPath(entry, l, hypervisorOf);
    expect(path?.stopAt).toBe(1);
    expect(path?.text).toBe('refused: no MFA');
  });

  it('a login straight from a workstation goes around the admin hosts and is stopped at the plane', () => {
    const entry = find((e) => e.action === 'operator.login' && /only through a purpose-built/.test(e.reason));
    const path = attemptPath(entry, l, hypervisorOf);
    const admin = l.nodes.get('admin:admin-1');
    expect(path?.stopAt).toBe((path?.points.length ?? 0) - 1);
    for (const p of path?.points ?? []) if (admin) expect(p.x > admin.x && p.x < admin.x + admin.w && p.y > admin.y && p.y < admin.y + admin.h).toBe(false);
  });

  it('an allowed login runs through the admin host to the management plane', () => {
    const entry = find((e) => e.action === 'operator.login' && e.outcome === 'allowed');
    const path = attemptPath(entry, l, hypervisorOf);
    expect(path?.stopAt).toBeNull();
    const plane = l.nodes.get('mgmt:xen-1');
    expect(path?.points.at(-1)?.x).toBeCloseTo(plane?.x ?? -1);
  });

  it('a login to a Nitro host has no path: crossed out, said in words', () => {
    const entry = find((e) => e.action === 'operator.login' && e.target === 'nitro-1');
    const path = attemptPath(entry, l, hypervisorOf);
    expect(path?.noPath).toBe(true);
    expect(path?.text).toContain('no operator access path on Nitro');
  });

  it('customers reach their own guest; another customer is refused', () => {
    const own = attemptPath(find((e) => e.actor.kind === 'customer' && e.outcome === 'allowed'), l, hypervisorOf);
    const other = attemptPath(find((e) => e.actor.kind === 'customer' && e.outcome === 'denied'), l, hypervisorOf);
    expect(own?.stopAt).toBeNull();
    expect(other?.text).toBe("refused: another customer's guest");
  });

  it('every audit entry of the lesson is drawn as a path or marks its operator (revocation)', () => {
    for (const entry of audit) {
      const path = attemptPath(entry, l, hypervisorOf);
      if (!path) expect(entry.action === 'operator.revoke' || entry.actor.kind === 'system', entry.action).toBe(true);
      expect(attemptSummary(entry)).not.toMatch(/undefined/);
      expect(shortReason(entry).length).toBeGreaterThan(3);
    }
  });
});

describe('path labels', () => {
  /** A bold label's size, estimated generously (Pixi measures it in the view). */
  const labelSize = (words: string, font: number, wrap: number): { w: number; h: number } => {
    const width = words.length * font * 0.62;
    return { w: Math.min(width, wrap) + 8, h: Math.ceil(width / wrap) * font * 1.3 + 4 };
  };

  // Every step of the lesson, as the view draws it at the end of the step: the step's attempts
  // with their labels placed one after the other.
  const steps = lesson.steps.map((step, i) => {
    const next = lesson.steps[i + 1];
    const end = next ? toNanos(next.at) - 1 : 10_000_000_000;
    const sim = createSimulation(lesson);
    sim.runUntil(end);
    return { index: i, since: toNanos(step.at), end, state: sim.state };
  });

  for (const [width, height] of [[724, 508], [1264, 508], [1600, 720]] as const) {
    it(`${width}×${height}: no path label covers a card or a host header, at any step`, () => {
      let labels = 0;
      for (const step of steps) {
        const l = accessLayout(step.state, width, height);
        const hv = (id: string) => step.state.world.hosts[id]?.hypervisor;
        const obstacles = labelObstacles(l);
        const cards = [...l.nodes.values()].filter((n) => n.kind !== 'host');
        const placed = [...obstacles];
        const attempts = currentAttempts(step.state.world.access.audit, step.end, step.since);
        const written: Array<{ words: string; at: { x: number; y: number } }> = [];
        attempts.forEach((entry, i) => {
          // As the view: the end of the drawn path (lanes apart), the label's words, each wrap tried.
          const drawn = attemptPath(entry, l, hv, i - (attempts.length - 1) / 2);
          const path = attemptPath(entry, l, hv);
          if (!drawn || !path || path.noPath) return;
          const end = drawn.stopAt === null ? drawn.points.at(-1) : drawn.points[drawn.stopAt];
          const words = pathWords(entry, path.text);
          if (repeatsLabel(words, end!, written, l.font)) return;
          written.push({ words, at: end! });
          const spots = labelWraps(l).map((wrap) => {
            const size = labelSize(words, l.font, wrap);
            return placeLabel(size.w, size.h, end!, placed, l.diagram, l.font * 0.9);
          });
          const spot = spots.filter((p) => p !== null).sort((a, b) => distanceTo(a.box, end!) - distanceTo(b.box, end!))[0] ?? null;
          expect(spot, `step ${step.index}: ${words}`).not.toBeNull();
          if (!spot) return;
          labels++;
          placed.push(spot.box);
          expect(inside(l.diagram, spot.box)).toBe(true);
          for (const card of cards) expect(overlap(spot.box, card), `step ${step.index}: "${words}" over ${card.key}`).toBe(false);
          for (const o of obstacles) expect(overlap(spot.box, o)).toBe(false);
        });
      }
      expect(labels).toBeGreaterThan(3);
    });
  }

  it("step 3: QEMU's label is not written over the guests it maps (regression)", () => {
    const step = steps[2]!;
    const l = accessLayout(step.state, 724, 508);
    const qemu = currentAttempts(step.state.world.access.audit, step.end, step.since).find((e) => e.actor.kind === 'system');
    expect(qemu).toBeDefined();
    const path = attemptPath(qemu!, l, (id) => step.state.world.hosts[id]?.hypervisor)!;
    const size = labelSize('✓ QEMU maps its frames · hypervisor', l.font, labelWraps(l)[0]!);
    const spot = placeLabel(size.w, size.h, path.points.at(-1)!, labelObstacles(l), l.diagram, l.font * 0.9)!;
    for (const id of ['guest:web-a', 'guest:db-b', 'mgmt:xen-1']) expect(overlap(spot.box, l.nodes.get(id)!), id).toBe(false);
  });
});

describe('helpers', () => {
  it('pointAlong walks a polyline by length', () => {
    const pts = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }];
    expect(pointAlong(pts, 0.5)).toEqual({ x: 10, y: 0 });
    expect(pointAlong(pts, 1)).toEqual({ x: 10, y: 10 });
    expect(pointAlong(pts, 0.25)).toEqual({ x: 5, y: 0 });
  });

  it("the attempts drawn are the current step's, else the last few", () => {
    const entries = audit.slice(0, 6);
    const last = entries.at(-1)?.at ?? 0;
    expect(currentAttempts(entries, last, last).every((e) => e.at === last)).toBe(true);
    expect(currentAttempts(entries, last, last + 1, 2)).toHaveLength(2);
  });
});
