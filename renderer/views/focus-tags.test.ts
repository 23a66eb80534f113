import { describe, expect, it } from 'vitest';
import { focusTags, type FocusEntry } from './focus-tags';

const W = 720;
const H = 500;

/** The Nitro host of xen-to-nitro's "dom0 is gone": taller than the canvas, framed on its cards. */
const host: FocusEntry = { id: 'nitro-1', name: 'Nitro host', box: { x: 20, y: -240, width: 680, height: 730 } };
const controller: FocusEntry = { id: 'nitro-1.controller', name: null, box: { x: 30, y: 420, width: 220, height: 60 } };

describe('sticky names of focused boxes cut at the top', () => {
  it('pins the name of a host whose header is above the canvas, inside the host’s visible width', () => {
    expect(focusTags([host, controller], W, H)).toEqual([{ id: 'nitro-1', text: '▲ Nitro host', x: 28, y: 8, maxWidth: 664 }]);
  });

  it('names nothing whose header is on screen', () => {
    expect(focusTags([{ ...host, box: { x: 20, y: 0, width: 680, height: 450 } }], W, H)).toEqual([]);
    expect(focusTags([{ ...host, box: { x: 20, y: -3, width: 680, height: 450 } }], W, H)).toEqual([]);
  });

  it('names only the outermost of nested cut boxes', () => {
    const guest: FocusEntry = { id: 'new-a', name: 'Nitro instance', box: { x: 240, y: -120, width: 200, height: 300 } };
    expect(focusTags([guest, host], W, H).map((t) => t.id)).toEqual(['nitro-1']);
    // Alone, the cut guest is named, at its own left edge.
    expect(focusTags([guest], W, H)).toEqual([{ id: 'new-a', text: '▲ Nitro instance', x: 248, y: 8, maxWidth: 184 }]);
  });

  it('names nothing the room cannot see, or that has no name', () => {
    expect(focusTags([{ ...host, box: { x: 20, y: -900, width: 680, height: 920 } }], W, H)).toEqual([]);
    expect(focusTags([{ ...host, box: { x: 690, y: -240, width: 680, height: 730 } }], W, H)).toEqual([]);
    expect(focusTags([{ ...host, name: null }, { ...host, id: 'x', name: '  ' }, { ...host, id: 'y', box: null }], W, H)).toEqual([]);
  });

  it('keeps a tag of a box starting left of the canvas on the canvas', () => {
    expect(focusTags([{ ...host, box: { x: -100, y: -50, width: 400, height: 300 } }], W, H)[0]).toMatchObject({ x: 8, maxWidth: 284 });
  });
});
