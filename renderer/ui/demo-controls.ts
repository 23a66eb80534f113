import { formatDuration } from '../../src/engine/time';
import type { CommandInput } from '../../src/protocol/commands';
import type { MirrorChange, StateMirror } from '../mirror';
import type { EntityRef, ViewId } from '../views/view';
import { createCheckpointPanel, type CheckpointPanel } from './checkpoint';
import type { LayoutSlots } from './layout';
import { createPresenterControls, type PresenterControls } from './presenter';
import type { PresenterCommand } from './presenter-model';
import { createSplitScreen, type SplitScreen } from './split-screen';
import { createTimeline, type Timeline } from './timeline';
import { chapterTarget, digitFraction } from './timeline-model';

/** Keyboard actions of the step-through demos (listed with the others in keyboard.ts). */
export type DemoAction = 'previousChapter' | 'nextChapter' | 'jump' | 'fullscreen' | 'presenter' | 'compare';

/** What the demo controls need from the shell (renderer/app.ts). */
export interface DemoShell {
  send(command: CommandInput): void;
  slots: LayoutSlots;
  mirror: StateMirror;
  announce(text: string): void;
  activeView(): ViewId;
  /** Entities the current lesson step focuses on. */
  focus(): readonly string[];
  /** The desktop app's audience window only mirrors the presenter's simulation. */
  role: 'main' | 'audience';
  /** Presenter mode may open a second window (the browser build). */
  secondWindow: boolean;
  /** The presenter window's buttons. */
  presenterCommand(command: PresenterCommand): void;
}

export interface DemoControls {
  readonly timeline: Timeline;
  readonly checkpoint: CheckpointPanel;
  readonly presenter: PresenterControls | null;
  readonly split: SplitScreen | null;
  /** Call after every reply the mirror applied. */
  onChange(change: MirrorChange): void;
  /** A view's selection: answers an open "pick" question. Returns true when it did. */
  pick(entity: EntityRef): boolean;
  /** The shell switched views (the split screen shows the same one). */
  viewShown(id: ViewId): void;
  run(action: DemoAction, key?: string): void;
  /** Menu commands `presenter.on` / `presenter.off` (desktop). */
  setPresenter(on: boolean): void;
}

/**
 * The step-through demo features wired together: timeline, checkpoint questions, presenter
 * layouts and split-screen comparison. The shell creates it once and forwards replies, view
 * selections and keys; everything else lives in the modules it composes.
 */
export function createDemoControls(shell: DemoShell): DemoControls {
  const { send, slots, mirror, announce } = shell;
  const timeline = createTimeline(slots.timeline, (fraction) => send({ type: 'seek', fraction }));
  // Over the canvas, large enough for the room (renderer/ui/checkpoint.ts).
  const checkpoint = createCheckpointPanel(slots.stage, announce);
  const main = shell.role === 'main';
  const presenter = main
    ? createPresenterControls({
        app: slots.app,
        buttonSlot: slots.helpButton.parentElement ?? slots.transport,
        answerSlot: slots.narration,
        announce,
        secondWindow: shell.secondWindow,
        command: shell.presenterCommand,
      })
    : null;
  const split = main
    ? createSplitScreen(slots.stage, slots.transport, {
        lesson: () => mirror.lesson,
        status: () => mirror.status,
        state: () => mirror.state,
        activeView: shell.activeView,
        focus: shell.focus,
        announce,
        restartFrom: (simTime) => {
          send({ type: 'pause' });
          send({ type: 'seek', simTime });
        },
      })
    : null;

  const describePosition = (): string => {
    const status = mirror.status;
    if (!status) return '';
    const step = mirror.lesson?.steps[status.stepIndex];
    return `At ${formatDuration(status.simTime)}, event ${status.eventIndex}${step ? `, step ${status.stepIndex + 1}: ${step.title ?? ''}` : ''}.`;
  };

  const controls: DemoControls = {
    timeline,
    checkpoint,
    presenter,
    split,
    onChange(change) {
      if (change.kind === 'loaded') {
        // Lesson-scoped state: nothing of the previous lesson's questions or comparison stays.
        timeline.reset();
        checkpoint.reset();
        split?.lessonChanged();
      }
      if (change.kind === 'frame') {
        timeline.noteTrace(change.trace);
        // Moves with no trace (stepping back, seeking back) still get a line in the live region.
        if (change.trace.length === 0) announce(describePosition());
      }
      const status = mirror.status;
      const stepIndex = status?.stepIndex ?? -1;
      checkpoint.update(mirror.lesson, stepIndex, mirror.state);
      presenter?.update(mirror.lesson, stepIndex, status?.playing ?? false, status?.simTime ?? 0);
      split?.sync();
    },
    pick: (entity) => checkpoint.pick(entity),
    viewShown: (id) => split?.showView(id),
    run(action, key) {
      const status = mirror.status;
      switch (action) {
        case 'previousChapter':
        case 'nextChapter': {
          const target = chapterTarget(mirror.lesson, status?.stepIndex ?? -1, action === 'nextChapter' ? 1 : -1);
          if (target === null) announce(action === 'nextChapter' ? 'This is the last chapter.' : 'This is the first chapter.');
          else send({ type: 'seek', step: target });
          return;
        }
        case 'jump': {
          const fraction = key === undefined ? null : digitFraction(key);
          if (fraction !== null) send({ type: 'seek', fraction });
          return;
        }
        case 'fullscreen':
          if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
          else void document.documentElement.requestFullscreen().catch(() => announce('Full screen is not available here.'));
          return;
        case 'presenter':
          presenter?.cycle();
          return;
        case 'compare':
          split?.toggle();
          return;
      }
    },
    setPresenter(on) {
      if (presenter) presenter.set(on ? 'presenter' : 'normal');
      else slots.app.classList.toggle('presenter', on);
    },
  };
  return controls;
}
