import { Container, Graphics, Text } from 'pixi.js';
import type { SimState } from '../../src/model/state';
import { FONT, UI, paletteName, tenantColor } from '../palette';
import { drawPattern } from './draw';

/**
 * The memory view's key: every colour and mark the grid uses, the dark free cells included.
 * Items flow into rows within `width`.
 */
export function drawMemoryLegend(state: SimState, width: number): Container {
  const root = new Container({ label: 'memory-legend' });
  const items: Array<{ swatch: (g: Graphics) => void; words: string }> = [];
  const tenantIds = new Set(Object.values(state.world.memory.domains).map((d) => state.world.memory.tenantIds[d.tenant - 1]));
  for (const t of Object.values(state.world.tenants)) {
    if (tenantIds.has(t.id)) items.push({ swatch: (g) => g.rect(0, 0, 16, 16).fill(tenantColor(t.colorIndex)), words: t.name });
  }
  items.push(
    { swatch: (g) => g.rect(0, 0, 16, 16).fill(UI.operator), words: 'operator (dom0, Xen)' },
    { swatch: (g) => g.rect(0, 0, 16, 16).fill(UI.panelRaised).stroke({ color: UI.border, width: 1 }), words: 'free, zeroed' },
    { swatch: (g) => drawPattern(g.rect(0, 0, 16, 16).fill(UI.faint), 'diagonal', 0, 0, 16, 16, 5).stroke({ color: UI.hatch, width: 1.5, alpha: 0.8 }), words: 'hatched: holds old data (dirty)' },
    { swatch: (g) => g.rect(0, 0, 16, 16).fill(UI.scrubbing), words: `${paletteName() === 'projector' ? 'teal' : 'bright'}: being scrubbed` },
    { swatch: (g) => g.rect(1, 1, 14, 14).stroke({ color: UI.violation, width: 2 }), words: 'leak (violation)' },
    { swatch: (g) => g.rect(1, 1, 14, 14).stroke({ color: UI.focus, width: 2 }), words: 'lesson focus' },
  );
  let x = 0;
  let y = 0;
  for (const item of items) {
    const g = new Graphics();
    item.swatch(g);
    const words = new Text({ text: item.words, resolution: 2, style: { fontFamily: FONT, fontSize: 14, fill: UI.text } });
    const w = 22 + words.width + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 22;
    }
    g.position.set(x, y + 2);
    words.position.set(x + 22, y);
    root.addChild(g, words);
    x += w;
  }
  return root;
}
