import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Domain, Host } from '../../src/model/hypervisor/types';
import { DOMAIN_BODY, dom0ContentBottom, guestContentBottom, HOST_METRICS, HOST_MIN_SCALE, layoutHost, LEGEND_SLOT_MIN_WIDTH, legendRows, legendSlot, MAX_ZOOM, MIN_HOST_WIDTH, planGrid, planPicture, visibleGuests, type Rect } from './host-layout';

function host(id: string, hypervisor: Host['hypervisor'], guests: number): { host: Host; guests: Domain[] } {
  const domains: Domain[] = Array.from({ length: guests }, (_, i) => ({
    id: `${id}-g${i}`, hostId: id, name: `g${i}`, role: 'guest', tenant: 't', mode: 'hvm', vcpus: 2, memoryMiB: 1024,
    status: 'running', createdAt: 0, destroyedAt: null, teardownBusyUntil: 0,
  }));
  return {
    host: { id, name: id, hypervisor, xenVersion: hypervisor === 'xen' ? '4.17' : null, sockets: 2, coresPerSocket: 4, threadsPerCore: 2, memoryMiB: 1024, clockGHz: 2, domains: domains.map((d) => d.id) },
    guests: domains,
  };
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, width: number, height: number) => a.x >= 0 && a.y >= 0 && a.x + a.w <= width + 0.001 && a.y + a.h <= height + 0.001;

describe('host layout', () => {
  it('finds room for the legend beside the domains only when the row has it, never over a box', () => {
    const wide = host('h', 'xen', 1);
    const layout = layoutHost(wide.host, wide.guests, 1200);
    const slot = legendSlot(layout);
    expect(slot).not.toBeNull();
    expect(slot!.w).toBeGreaterThanOrEqual(LEGEND_SLOT_MIN_WIDTH);
    for (const r of [layout.controlSlot, ...layout.guests.values(), layout.hypervisor]) expect(overlaps(slot!, r)).toBe(false);
    expect(inside(slot!, layout.width, layout.height)).toBe(true);
    const full = host('h', 'xen', 2);
    expect(legendSlot(layoutHost(full.host, full.guests, 620))).toBeNull();
  });

  it('stacks domains above the hypervisor above the hardware', () => {
    const { host: h, guests } = host('h', 'xen', 3);
    const layout = layoutHost(h, guests, 900);
    for (const rect of layout.guests.values()) expect(rect.y + rect.h).toBeLessThanOrEqual(layout.hypervisor.y);
    expect(layout.hypervisor.y + layout.hypervisor.h).toBeLessThanOrEqual(layout.hardware.y);
    expect(layout.sockets).toHaveLength(2);
    expect(layout.cards).toHaveLength(0);
  });

  it('gives Nitro hosts their cards and no devices column', () => {
    const { host: h, guests } = host('n', 'nitro', 1);
    const layout = layoutHost(h, guests, 900);
    expect(layout.cards).toHaveLength(5);
    expect(layout.devices.w).toBe(0);
    for (const card of layout.cards) expect(card.y).toBeGreaterThan(layout.hardware.y + layout.hardware.h);
  });

  it('never overlaps boxes and keeps them inside the host, for any guest count and width (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 200, max: 2400 }), fc.constantFrom<Host['hypervisor']>('xen', 'nitro'), (count, width, kind) => {
        const { host: h, guests } = host('h', kind, count);
        const layout = layoutHost(h, guests, width);
        const boxes = [layout.controlSlot, ...layout.guests.values()];
        expect(layout.guests.size).toBe(count);
        for (let i = 0; i < boxes.length; i++) {
          expect(inside(boxes[i] as Rect, layout.width, layout.height)).toBe(true);
          for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i] as Rect, boxes[j] as Rect)).toBe(false);
        }
      }),
    );
  });

  it('hides destroyed guests and dom0 from the guest row', () => {
    const { host: h, guests } = host('h', 'xen', 2);
    const domains = Object.fromEntries(guests.map((g) => [g.id, g]));
    (domains['h-g0'] as Domain).status = 'destroyed';
    expect(visibleGuests(h, domains).map((g) => g.id)).toEqual(['h-g1']);
  });
});

describe('host grid plan', () => {
  it('fills the canvas with one host, zoomed at most MAX_ZOOM', () => {
    const plan = planGrid([host('a', 'xen', 2)], 1600, 1200, 16, 50);
    expect(plan.columns).toBe(1);
    expect(plan.scale).toBeLessThanOrEqual(MAX_ZOOM);
    expect(plan.scale).toBeGreaterThan(1);
  });

  it('puts several small hosts side by side on a wide canvas', () => {
    const plan = planGrid([host('a', 'xen', 0), host('b', 'xen', 0)], 1400, 500, 16, 50);
    expect(plan.columns).toBe(2);
    const stacked = planGrid([host('a', 'xen', 0), host('b', 'xen', 0)], 500, 1400, 16, 50);
    expect(stacked.columns).toBe(1);
  });

  it('always fits what it plans (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 300, max: 2000 }), fc.integer({ min: 300, max: 1400 }), (n, width, height) => {
        const hosts = Array.from({ length: n }, (_, i) => host(`h${i}`, i % 2 ? 'nitro' : 'xen', i));
        const plan = planGrid(hosts, width, height, 16, 50);
        expect(plan.hostWidth).toBeGreaterThanOrEqual(MIN_HOST_WIDTH);
        expect((plan.columns * plan.hostWidth + (plan.columns - 1) * 16) * plan.scale).toBeLessThanOrEqual(width - 16 + 0.5);
      }),
    );
  });
});

describe('the host picture at 1280×720 (legend and domain boxes)', () => {
  // The canvas beside both side panels, and with both closed; under it lies the caption band.
  const CANVAS_H = 507;
  const caption: Rect = { x: 0, y: CANVAS_H, w: 1280, h: 720 - CANVAS_H };
  // The legend's items as host-parts.ts draws them (swatch + 12 px label), widths estimated generously.
  const words = ['Tenant A (Alice Corp)', 'Tenant B (Bob Ltd)', 'building', 'tearing down'];
  const widths = [...words.map((w) => 28 + w.length * 12 * 0.6), 62 + 'vCPU in user · kernel · hypervisor'.length * 12 * 0.6, 28 + 'lesson focus'.length * 12 * 0.6];
  const toScreen = (r: Rect, plan: { scale: number; x: number; y: number }): Rect => ({ x: r.x * plan.scale + plan.x, y: r.y * plan.scale + plan.y, w: r.w * plan.scale, h: r.h * plan.scale });

  for (const width of [724, 1280]) {
    for (const guests of [1, 2, 3, 4]) {
      it(`${width}×${CANVAS_H}, ${guests} guest${guests > 1 ? 's' : ''}: the legend is whole on the canvas, over no box, clear of the caption`, () => {
        const { host: h, guests: gs } = host('h', 'xen', guests);
        const layout = layoutHost(h, gs, Math.max(MIN_HOST_WIDTH, (width - 16) / HOST_MIN_SCALE));
        const plan = planPicture([layout], (w) => legendRows(widths, w), width, CANVAS_H);
        const origin = plan.hosts[0]!;
        const at = (r: Rect): Rect => ({ ...r, x: r.x + origin.x, y: r.y + origin.y });
        const legend = toScreen(plan.legend.mode === 'beside' ? at(plan.legend.rect) : plan.legend.rect, plan);
        expect(plan.scale).toBeGreaterThanOrEqual(HOST_MIN_SCALE);
        expect(legend.h).toBeGreaterThan(10);
        expect(inside(legend, width, CANVAS_H), `legend ${JSON.stringify(legend)}`).toBe(true);
        expect(overlaps(legend, caption)).toBe(false);
        const hostBox = toScreen(at({ x: 0, y: 0, w: layout.width, h: layout.height }), plan);
        // Beside the domains the legend is in the host's free room: over none of its boxes.
        const boxes = plan.legend.mode === 'beside' ? [layout.title, layout.controlSlot, ...layout.guests.values(), layout.hypervisor, layout.hardware].map((r) => toScreen(at(r), plan)) : [hostBox];
        for (const box of boxes) expect(overlaps(legend, box), `legend over ${JSON.stringify(box)}`).toBe(false);
        // A host whose guests fit one row fits the canvas whole, with its legend.
        const oneRow = [...layout.guests.values()].every((r) => r.y === layout.controlSlot.y);
        if (oneRow) expect(inside(hostBox, width, CANVAS_H), `host ${JSON.stringify(hostBox)}`).toBe(true);
        if (width === 1280 || guests <= 2) expect(oneRow).toBe(true);
      });
    }
  }

  it("keeps padding under a domain box's last row (memory)", () => {
    // A guest with all five rows (kernel, user, hcall, paging, I/O); dom0 with two rows of chips.
    expect(guestContentBottom(5) + DOMAIN_BODY.padding).toBeLessThanOrEqual(HOST_METRICS.guestH);
    expect(dom0ContentBottom(2) + DOMAIN_BODY.padding).toBeLessThanOrEqual(HOST_METRICS.guestH);
  });

  it('flows legend items into rows no wider than asked', () => {
    const flow = legendRows([100, 100, 100], 250);
    expect(flow.positions.map((p) => p.y)).toEqual([0, 0, 20]);
    expect(flow.w).toBeLessThanOrEqual(250);
  });
});
