import type { Lesson } from '../src/lessons/schema';
import type { SimState } from '../src/model/state';
import type { HostStatus } from '../src/protocol/replies';
import type { RendererKind, Stage } from './stage';
import type { Box, CameraPose } from './views/camera';
import type { CanvasText } from './views/probe';
import type { FocusTag } from './views/focus-tags';
import type { EntityRef, ViewId } from './views/view';

/**
 * TEST HOOK (read-only): `window.__lab` lets end-to-end tests read what the UI shows without
 * scraping pixels or DOM text. It exposes getters only; nothing here can change the simulation.
 */
export interface LabTestHook {
  status(): HostStatus | null;
  state(): SimState | null;
  lesson(): Lesson | null;
  rendererType(): RendererKind;
  activeView(): ViewId | null;
  selection(): EntityRef | null;
  /** Visible canvas texts with their on-screen font size (camera zoom included). */
  canvasTexts(): CanvasText[];
  /** The current step's focused entities and their on-screen boxes (null: not located by the view). */
  focusBoxes(): Array<{ id: string; box: Box | null }>;
  /** The change marks (pulses) as drawn, and where their entities are now (view coordinates). */
  pulseMarks(): Array<{ id: string; drawn: Box; now: Box | null }>;
  /** Names pinned to the canvas's top edge for focused boxes whose headers the camera cut off. */
  focusTags(): FocusTag[];
  /** The camera's pose and whether it is still moving. */
  camera(): CameraPose & { moving: boolean };
  /** The entity the scene tree's focused item outlines on the canvas, and its box on screen (null: none). */
  sceneOutline(): { id: string; box: Box } | null;
  /** Frames the stage has rendered, whether its render loop sleeps, and how it draws (antialias, resolution). */
  renderStats(): ReturnType<Stage['renderStats']>;
}

declare global {
  interface Window {
    __lab?: Readonly<LabTestHook>;
  }
}

export function installTestHook(hook: LabTestHook): void {
  Object.defineProperty(window, '__lab', { value: Object.freeze({ ...hook }), configurable: false, writable: false });
}
