import type { CommandInput } from '../src/protocol/commands';
import type { HostStatus } from '../src/protocol/replies';
import type { ActionRegistry } from './ui/actions';
import type { DemoControls } from './ui/demo-controls';
import { nextSpeed } from './ui/speed';
import { toggleTheme } from './ui/theme';
import { toggleMotion } from './ui/motion';

/** The camera keys' step: a tenth of the view per press, zoom by a fifth. */
const PAN_PX = 80;
const ZOOM_STEP = 1.25;

export interface CameraControl {
  panBy(dx: number, dy: number): void;
  zoomBy(factor: number): void;
  reset(): void;
}

/** What the app's actions act on (renderer/app.ts supplies it). */
export interface ActionTargets {
  send(command: CommandInput): void;
  status(): HostStatus | null;
  hasLesson(): boolean;
  demos: DemoControls;
  camera: CameraControl;
  help: { open(): void; close(): void; readonly isOpen: boolean };
  hideErrors(): void;
  openFile(): void;
}

/**
 * Binds every action of the table in ui/actions.ts to what it does. Keys can repeat faster than
 * the host answers, so play and speed are based on what was last asked for, not only on the last
 * status received ("− −" really halves the speed twice). `settle` forgets a request once the host
 * has confirmed it.
 */
export function bindAppActions(registry: ActionRegistry, t: ActionTargets): { settle(status: HostStatus): void; forget(): void } {
  let requestedSpeed: number | null = null;
  let requestedPlaying: boolean | null = null;
  const lesson = { enabled: t.hasLesson };
  const send = (command: CommandInput) => () => t.send(command);

  registry.bind('togglePlay', {
    ...lesson,
    perform: () => {
      const playing = !(requestedPlaying ?? t.status()?.playing ?? false);
      requestedPlaying = playing;
      t.send({ type: playing ? 'play' : 'pause' });
    },
  });
  registry.bind('step', { ...lesson, perform: send({ type: 'step', count: 1 }) });
  registry.bind('stepBack', { ...lesson, perform: send({ type: 'stepBack', count: 1 }) });
  registry.bind('nextLessonStep', { ...lesson, perform: send({ type: 'stepLesson', delta: 1 }) });
  registry.bind('previousLessonStep', { ...lesson, perform: send({ type: 'stepLesson', delta: -1 }) });
  for (const id of ['previousChapter', 'nextChapter', 'jump', 'fullscreen', 'presenter', 'compare'] as const) {
    registry.bind(id, (key) => t.demos.run(id, key));
  }
  const speed = (direction: 1 | -1) => () => {
    const next = nextSpeed(requestedSpeed ?? t.status()?.speed ?? 1, direction);
    requestedSpeed = next;
    t.send({ type: 'setSpeed', speed: next });
  };
  registry.bind('faster', { ...lesson, perform: speed(1) });
  registry.bind('slower', { ...lesson, perform: speed(-1) });
  registry.bind('panUp', () => t.camera.panBy(0, PAN_PX));
  registry.bind('panDown', () => t.camera.panBy(0, -PAN_PX));
  registry.bind('panLeft', () => t.camera.panBy(PAN_PX, 0));
  registry.bind('panRight', () => t.camera.panBy(-PAN_PX, 0));
  registry.bind('zoomIn', () => t.camera.zoomBy(ZOOM_STEP));
  registry.bind('zoomOut', () => t.camera.zoomBy(1 / ZOOM_STEP));
  registry.bind('resetCamera', () => t.camera.reset());
  registry.bind('openFile', () => t.openFile());
  registry.bind('theme.toggle', () => toggleTheme());
  registry.bind('help', () => t.help.open());
  registry.bind('motion.toggle', () => toggleMotion());
  registry.bind('closeOverlay', () => {
    if (t.help.isOpen) t.help.close();
    else t.hideErrors();
  });
  return {
    settle(status) {
      if (requestedSpeed === status.speed) requestedSpeed = null;
      if (requestedPlaying === status.playing) requestedPlaying = null;
    },
    forget() {
      requestedSpeed = null;
      requestedPlaying = null;
    },
  };
}
