import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons';
import type { SimState } from '../../src/model/state';
import { networkLayout, slotOf, type Box } from './network-layout';
import { hopPoint, packetPose, visiblePackets } from './network-motion';
import { captionOf, ruleLines } from './network-text';

function stateAt(id: string, until: number): SimState {
  const engine = createSimulation(findLesson(id)!);
  engine.runUntil(until);
  return engine.state;
}

const inside = (inner: Box, outer: Box): boolean => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;
const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe.each([
  ['neighbours-are-strangers', 2],
  ['security-groups-in-the-hypervisor', 2],
])('network layout of %s', (id, hosts) => {
  // The canvas the app gives the view at 1280×720 (panels open) and a presenter-sized one.
  it.each([[724, 506], [1280, 660]])('at %i×%i: one column per host, layers stacked top-down inside it, nothing overlapping', (w, h) => {
    const state = stateAt(id, 1);
    const layout = networkLayout(state, w, h, captionOf(state));
    expect(layout.columns).toHaveLength(hosts);
    const canvas: Box = { x: 0, y: 0, w, h };
    for (const column of layout.columns) {
      expect(inside(column.box, canvas)).toBe(true);
      expect(overlaps(column.box, layout.panel)).toBe(false);
      for (const slot of column.slots) {
        expect(inside(slot.box, column.box)).toBe(true);
        expect(slot.box.y + slot.box.h).toBeLessThanOrEqual(column.layer.y + 0.5);
      }
      expect(inside(column.firewall, column.layer)).toBe(true);
      if (column.backend) expect(column.backend.y + column.backend.h).toBeLessThanOrEqual(column.firewall.y);
      expect(column.layer.y + column.layer.h).toBeLessThanOrEqual(column.nic.y);
      expect(column.title.size).toBeGreaterThanOrEqual(18);
      expect(column.layerTitle.size).toBeGreaterThanOrEqual(14);
    }
    for (let i = 1; i < layout.columns.length; i++) expect(overlaps(layout.columns[i - 1]!.box, layout.columns[i]!.box)).toBe(false);
    expect(layout.header.title.size).toBeGreaterThanOrEqual(18);
    expect(layout.network.y).toBeGreaterThan(Math.max(...layout.columns.map((c) => c.box.y + c.box.h)));
  });
});

describe('packet motion and the rule list', () => {
  it('moves a packet along its hops in simulated time and stops a dropped one at the firewall', () => {
    // neighbours-are-strangers: packet #2 (Bob's SSH) is dropped at host-1's firewall at 272 µs.
    const state = stateAt('neighbours-are-strangers', 300_000);
    const layout = networkLayout(state, 1000, 640, captionOf(state));
    const ssh = state.world.network.packets[2]!;
    expect(ssh.status).toBe('dropped');
    const firewall = hopPoint(layout, ssh, ssh.hop)!;
    const column = layout.columns.find((c) => c.host === 'host-1')!;
    expect(firewall.y).toBeCloseTo(column.firewall.y + column.firewall.h / 2);
    expect(slotOf(layout, 'web-a-eth0')!.slot.laneX).toBeCloseTo(firewall.x);
    expect(packetPose(layout, ssh, 300_000)).toMatchObject({ done: true, at: firewall });
    // Halfway between the first two hops at the midpoint of the first hop's latency.
    const first = hopPoint(layout, ssh, 0)!;
    const second = hopPoint(layout, ssh, 1)!;
    const mid = ssh.sentAt + ssh.path[0]!.latencyNs / 2;
    const inFlight = { ...ssh, status: 'in-flight' as const, hop: 0, hopAt: [ssh.sentAt], drop: null };
    expect(packetPose(layout, inFlight, mid)?.at.y).toBeCloseTo((first.y + second.y) / 2);
    expect(visiblePackets(layout, state.world.network, 300_000).some((p) => p.packet.serial === 2)).toBe(true);
  });

  it('lists the focused interface\'s rules and marks the one that matched, in words', () => {
    const state = stateAt('neighbours-are-strangers', 575_000);
    const lines = ruleLines(state.world.network, 'web-a-eth0');
    const matched = lines.filter((l) => l.matched);
    expect(matched).toHaveLength(1);
    expect(matched[0]!.text).toMatch(/https-anyone.*◀ #5/);
  });
});
