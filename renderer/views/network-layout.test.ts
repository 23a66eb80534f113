import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons';
import type { SimState } from '../../src/model/state';
import { figureArea, frameEdges, nameBoxes, networkLayout, placeDropNote, placeTag, slotOf, type Box } from './network-layout';
import { hopPoint, packetPose, shownPackets, visiblePackets } from './network-motion';
import { captionOf, dropLabel, dropLabels, packetTag, ruleLines } from './network-text';

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
    // Inbound: stopped on the band's lower edge, where it met the firewall (the ✕ leaves the band's name clear).
    expect(firewall.y).toBeCloseTo(column.firewall.y + column.firewall.h - 2);
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

describe.each(['neighbours-are-strangers', 'security-groups-in-the-hypervisor'])('labels of %s never hide a component\'s name', (id) => {
  // The lesson sampled every 10 µs of simulated time, as the view draws it while playing.
  const engine = createSimulation(findLesson(id)!);
  const samples: Array<{ now: number; state: SimState }> = [];
  for (let now = 0; now <= 1_400_000; now += 10_000) {
    engine.runUntil(now);
    samples.push({ now, state: structuredClone(engine.state) });
  }

  it.each([[724, 506], [1264, 506], [1280, 660]])('at %i×%i: drop notes and packet tags stay clear of names, inside the figure', (w, h) => {
    let notes = 0;
    const shortened: string[] = [];
    let tags = 0;
    for (const { now, state } of samples) {
      const layout = networkLayout(state, w, h, captionOf(state));
      const names = nameBoxes(layout);
      const area = figureArea(layout);
      const { shown: poses, lastDrop } = shownPackets(visiblePackets(layout, state.world.network, now));
      const taken: Box[] = poses.map((p) => ({ x: p.at.x - 10, y: p.at.y - 10, w: 20, h: 20 }));
      if (lastDrop) {
        const note = placeDropNote(layout, lastDrop.at, dropLabels(lastDrop.packet), [{ x: lastDrop.at.x - 11, y: lastDrop.at.y - 11, w: 22, h: 22 }]);
        if (note?.text !== dropLabel(lastDrop.packet)) shortened.push(`${now}`);
        expect(note, `${now} ns: ${dropLabel(lastDrop.packet)}`).not.toBeNull();
        if (note) {
          notes++;
          expect(inside(note.box, area)).toBe(true);
          for (const name of names) expect(overlaps(note.box, name), `${now} ns: note over a name at ${JSON.stringify(name)}`).toBe(false);
          for (const edge of frameEdges(layout, false)) expect(overlaps(note.box, edge), `${now} ns: note across a frame's edge`).toBe(false);
          taken.push(note.box);
        }
      }
      for (const pose of [...poses].reverse()) {
        if (pose === lastDrop) continue;
        // The tag's width estimated generously (bold 14 px); the view measures it.
        const tag = placeTag(layout, pose.at, packetTag(pose.packet).length * 14 * 0.62 + 6, 20, taken).box;
        taken.push(tag);
        tags++;
        expect(inside(tag, area), `${now} ns: tag outside the figure`).toBe(true);
        // Never across a host frame's top or bottom edge, where outlines are drawn over the labels.
        for (const edge of frameEdges(layout, false)) expect(overlaps(tag, edge), `${now} ns: tag across a frame's edge`).toBe(false);
        for (const name of names) expect(overlaps(tag, name), `${now} ns: tag "${packetTag(pose.packet)}" at ${JSON.stringify(tag)} (packet at ${JSON.stringify(pose.at)}) over a name at ${JSON.stringify(name)}; taken ${JSON.stringify(taken)}`).toBe(false);
      }
    }
    // Two hosts with three interfaces leave room for the whole reason beside the drop; four interfaces
    // in one narrow column do not (the view writes the reason in the rules panel then).
    if (id === 'neighbours-are-strangers' || w > 1000) expect(shortened, 'notes cut to their short form').toEqual([]);
    expect(notes).toBeGreaterThan(5);
    expect(tags).toBeGreaterThan(20);
  });
});
