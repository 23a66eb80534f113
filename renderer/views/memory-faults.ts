import { Container, Graphics, Text } from 'pixi.js';
import { FONT, UI } from '../palette';

/**
 * Buttons that switch the memory faults on and off during a run (each click is a `fault.set`
 * input, so it is recorded and replayed like any other input). The CLI equivalent is
 * `isolab run <lesson> --fault NAME`.
 */
export const MEMORY_FAULTS = ['no-scrub', 'early-release'] as const;
export const FAULT_BUTTON_WIDTH = 160;
const WIDTH = FAULT_BUTTON_WIDTH;
const HEIGHT = 28;

export interface FaultButtons {
  root: Container;
  update(faults: Readonly<Record<string, boolean>>): void;
  /** Side by side, or stacked for a narrow column. */
  arrange(stacked: boolean): void;
}

export function createFaultButtons(onToggle: (fault: string, on: boolean) => void): FaultButtons {
  const root = new Container({ label: 'memory-faults' });
  const states = new Map<string, boolean>();
  const draws: Array<() => void> = [];
  MEMORY_FAULTS.forEach((fault, i) => {
    const button = new Container({ label: `fault:${fault}` });
    button.x = i * (WIDTH + 8);
    const box = new Graphics();
    const words = new Text({ text: '', resolution: 2, style: { fontFamily: FONT, fontSize: 14, fill: UI.text } });
    words.position.set(8, 5);
    button.addChild(box, words);
    button.eventMode = 'static';
    button.cursor = 'pointer';
    button.on('pointertap', () => onToggle(fault, !(states.get(fault) ?? false)));
    const draw = () => {
      const on = states.get(fault) ?? false;
      box.clear().roundRect(0, 0, WIDTH, HEIGHT, 5).fill(on ? UI.violationFill : UI.panelRaised).stroke({ color: on ? UI.violation : UI.border, width: on ? 2 : 1 });
      // Words as well as colour: the state never depends on red alone.
      words.text = `${fault}: ${on ? 'ON' : 'off'}`;
    };
    draws.push(draw);
    draw();
    root.addChild(button);
  });
  return {
    root,
    update(faults) {
      for (const fault of MEMORY_FAULTS) states.set(fault, faults[fault] === true);
      for (const draw of draws) draw();
    },
    arrange(stacked) {
      root.children.forEach((button, i) => button.position.set(stacked ? 0 : i * (WIDTH + 8), stacked ? i * (HEIGHT + 6) : 0));
    },
  };
}
