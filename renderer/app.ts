import type { LessonStep } from '../src/lessons/schema';
import { parseLessonText } from '../src/lessons/load';
import { builtinLessons } from '../src/lessons';
import type { CommandInput } from '../src/protocol/commands';
import type { LabApi, OpenedFile } from '../src/protocol/lab-api';
import type { Reply } from '../src/protocol/replies';
import { StateMirror, type MirrorChange } from './mirror';
import { tenantColor } from './palette';
import type { Stage } from './stage';
import { installTestHook } from './test-hook';
import { createAboutDialog } from './ui/about-dialog';
import { createErrorPanel } from './ui/error-panel';
import { createHelpOverlay } from './ui/help-overlay';
import { createInspector } from './ui/inspector';
import { installShortcuts, type ShortcutAction } from './ui/keyboard';
import type { LayoutSlots } from './ui/layout';
import { createLessonPicker } from './ui/lesson-picker';
import { createLiveRegion } from './ui/live-region';
import { windowRole } from './ui/modes';
import { createNarration } from './ui/narration';
import { createFileOpener } from './ui/open-file';
import { nextSpeed } from './ui/speed';
import { createDemoControls } from './ui/demo-controls';
import { createTransportBar } from './ui/transport-bar';
import { createViewTabs } from './ui/view-tabs';
import { createViolationsPanel } from './ui/violations';
import { VIEW_FACTORIES, VIEW_ORDER } from './views';
import type { EntityRef, ViewId } from './views/view';
import { formatDeepLink, parseDeepLink } from './web/deep-link';

export const DEFAULT_LESSON = 'hello-host';

/**
 * The renderer's controller: wires the transport (window.lab or the worker), the state mirror,
 * the Pixi stage and the DOM controls. Every simulator change arrives as a reply; the UI is a
 * function of the mirror plus local choices (active view, selection).
 */
export function startApp(lab: LabApi, slots: LayoutSlots, stage: Stage): void {
  const send = (command: CommandInput): void => lab.send(command);
  const mirror = new StateMirror(() => send({ type: 'snapshot' }));
  const lessons = builtinLessons();
  let activeView: ViewId = 'host';
  let selection: EntityRef | null = null;
  let focusedStep = -2;
  let everLoaded = false;

  const role = windowRole(location.search);
  slots.app.classList.toggle('audience', role === 'audience');
  const errors = createErrorPanel(slots.errors);
  const help = createHelpOverlay();
  const about = createAboutDialog();
  const live = createLiveRegion();
  const inspector = createInspector(
    slots.inspector,
    (entity) => {
      selection = entity;
      inspector.update(mirror.state, selection);
    },
    (state, entity) => stage.inspect(state, entity),
  );
  const violations = createViolationsPanel(slots.violations, (eventIndex) => send({ type: 'seek', eventIndex }));
  const narration = createNarration(slots.narration, (step) => send({ type: 'seek', step }));
  // Timeline, checkpoint questions, presenter layouts and split screen (renderer/ui/demo-controls.ts).
  const demos = createDemoControls({
    send,
    slots,
    mirror,
    announce: (text) => live.announce(text),
    activeView: () => activeView,
    focus: () => mirror.lesson?.steps[mirror.status?.stepIndex ?? -1]?.focus?.entities ?? [],
    role,
  });
  const timeline = demos.timeline;
  // Keys can repeat faster than the host answers: base the next request on what was last asked
  // for, not only on the last status received, so "− −" really halves the speed twice.
  let requestedSpeed: number | null = null;
  let requestedPlaying: boolean | null = null;
  const togglePlay = (): void => {
    const playing = !(requestedPlaying ?? mirror.status?.playing ?? false);
    requestedPlaying = playing;
    send({ type: playing ? 'play' : 'pause' });
  };
  const setSpeed = (speed: number): void => {
    requestedSpeed = speed;
    send({ type: 'setSpeed', speed });
  };
  const transport = createTransportBar(slots.transport, {
    togglePlay,
    step: () => send({ type: 'step', count: 1 }),
    stepBack: () => send({ type: 'stepBack', count: 1 }),
    lessonStep: (delta) => send({ type: 'stepLesson', delta }),
    setSpeed,
  });
  stage.onViewError = (view, error) => {
    console.error(error);
    errors.show(`The ${view} view failed`, [], error instanceof Error ? error.message : String(error));
  };
  const tabs = createViewTabs(slots.tabs, VIEW_ORDER.map((id) => ({ id, title: VIEW_FACTORIES[id]().title })), (id) => showView(id));

  const loadBuiltin = (lessonId: string, extra: { step?: number; seed?: number } = {}): void => send({ type: 'load', lessonId, ...extra });
  const loadFile = (file: OpenedFile): void => {
    const parsed = parseLessonText(file.text, file.name);
    if (!parsed.ok) {
      errors.show(`Could not load ${file.name}; the current lesson stays open`, parsed.errors);
      return;
    }
    send({ type: 'load', lesson: parsed.lesson, source: file.name });
  };
  const opener = createFileOpener(lab, loadFile, (file, message) => errors.show(`Could not load ${file}`, [{ file, path: '$', message }]));
  const picker = createLessonPicker(slots.lessons, lessons, { loadBuiltin: (id) => loadBuiltin(id), openFile: () => opener.open() });
  slots.helpButton.addEventListener('click', () => help.open());

  function showView(id: ViewId): void {
    activeView = id;
    tabs.setActive(id);
    if (mirror.state && mirror.lesson) {
      stage.show(id, mirror.state, mirror.lesson, {
        select: (entity) => {
          if (entity) demos.pick(entity);
          selection = entity;
          inspector.update(mirror.state, selection);
        },
        seekEvent: (eventIndex) => send({ type: 'seek', eventIndex }),
        input: (action) => send({ type: 'input', action }),
        tenantColor,
      });
      demos.viewShown(id);
    }
  }

  /** A lesson step's focus switches to its view and highlights its entities. */
  function applyStepFocus(step: LessonStep | undefined): void {
    const focus = step?.focus;
    if (focus && focus.view !== activeView) showView(focus.view);
    stage.highlight(focus?.entities ?? []);
    if (step && mirror.state) live.announce(`${step.title ?? 'Next step'}. ${stage.describe(mirror.state)}`);
  }

  function refresh(): void {
    const { status, lesson, state } = mirror;
    if (!status) return;
    if (requestedSpeed === status.speed) requestedSpeed = null;
    if (requestedPlaying === status.playing) requestedPlaying = null;
    transport.update(status, lesson);
    timeline.update(status, lesson);
    narration.update(lesson, status.stepIndex);
    violations.update(state?.violations ?? []);
    if (status.stepIndex !== focusedStep) {
      focusedStep = status.stepIndex;
      applyStepFocus(lesson?.steps[status.stepIndex]);
    }
  }

  function onChange(change: MirrorChange, reply: Reply): void {
    switch (change.kind) {
      case 'loaded': {
        everLoaded = true;
        const lesson = mirror.lesson;
        selection = null;
        focusedStep = -2;
        requestedSpeed = null;
        requestedPlaying = null;
        picker.setActive(lesson?.id ?? null);
        slots.lessonTitle.textContent = lesson?.title ?? '';
        document.title = lesson ? `${lesson.title} — Isolation Lab` : 'Isolation Lab';
        showView(lesson?.steps.find((s) => s.focus)?.focus?.view ?? 'host');
        inspector.setEntities(mirror.state);
        inspector.update(mirror.state, null);
        if (lab.platform === 'web' && lesson && lessons.some((l) => l.id === lesson.id)) {
          history.replaceState(null, '', formatDeepLink({ lessonId: lesson.id, ...(mirror.status?.seed !== undefined && lesson.seed !== mirror.status.seed ? { seed: mirror.status.seed } : {}) }));
        }
        slots.app.removeAttribute('aria-busy');
        break;
      }
      case 'snapshot':
        showView(activeView);
        inspector.setEntities(mirror.state);
        break;
      case 'frame':
        if (mirror.state && mirror.status) stage.update(mirror.state, change.patches, mirror.status);
        live.trace(change.trace);
        // Entities appearing or disappearing (a record added or removed) refresh the picker.
        if (change.patches.some((p) => p.path.length === 3 && p.path[0] === 'world' && (p.path[1] === 'hosts' || p.path[1] === 'domains' || p.path[1] === 'devices'))) {
          inspector.setEntities(mirror.state);
        }
        if (selection) inspector.update(mirror.state, selection);
        break;
      case 'error': {
        const source = change.errors[0]?.file;
        errors.show(source ? `Could not load ${source}; the current lesson stays open` : 'The simulator refused a command', change.errors, change.message);
        if (!everLoaded && reply.type === 'error') loadBuiltin(DEFAULT_LESSON);
        break;
      }
      default:
        break;
    }
    demos.onChange(change);
    refresh();
  }

  lab.onReply((reply) => onChange(mirror.apply(reply), reply));

  const run = (action: ShortcutAction, key: string): void => {
    switch (action) {
      case 'previousChapter':
      case 'nextChapter':
      case 'jump':
      case 'fullscreen':
      case 'presenter':
      case 'compare':
        return demos.run(action, key);
      case 'togglePlay':
        return togglePlay();
      case 'step':
        return send({ type: 'step', count: 1 });
      case 'stepBack':
        return send({ type: 'stepBack', count: 1 });
      case 'nextLessonStep':
        return send({ type: 'stepLesson', delta: 1 });
      case 'previousLessonStep':
        return send({ type: 'stepLesson', delta: -1 });
      case 'faster':
      case 'slower':
        return setSpeed(nextSpeed(requestedSpeed ?? mirror.status?.speed ?? 1, action === 'faster' ? 1 : -1));
      case 'help':
        return help.open();
      case 'closeOverlay':
        if (help.isOpen) help.close();
        else errors.hide();
        return;
    }
  };
  installShortcuts(run);

  lab.onOpenFile(loadFile);
  lab.onDeepLink((link) => loadBuiltin(link.lessonId, { step: link.step, seed: link.seed }));
  lab.onMenu((command) => {
    if (command === 'help.shortcuts') help.open();
    else if (command === 'help.about') about.open();
    else if (command === 'file.open') opener.open();
    else if (command === 'presenter.on' || command === 'presenter.off') demos.setPresenter(command === 'presenter.on');
  });

  installTestHook({
    status: () => mirror.status,
    state: () => mirror.state,
    lesson: () => mirror.lesson,
    rendererType: () => stage.rendererType,
    activeView: () => stage.activeViewId,
    selection: () => selection,
  });

  const openFromHash = (): void => {
    const result = parseDeepLink(location.hash);
    if (!result.ok) {
      errors.show('Bad deep link', [{ file: 'URL', path: location.hash.slice(0, 80), message: result.error }]);
      if (!everLoaded) loadBuiltin(DEFAULT_LESSON);
      return;
    }
    if (result.link) {
      const { lessonId, step, seed } = result.link;
      const current = mirror.lesson?.id;
      if (current === lessonId && step === undefined && (seed === undefined || seed === mirror.status?.seed)) return;
      loadBuiltin(lessonId, { step, seed });
    } else if (!everLoaded) loadBuiltin(DEFAULT_LESSON);
  };
  // The audience window only mirrors the presenter's simulation: loading anything would replace it.
  if (role === 'audience') return;
  if (lab.platform === 'web') window.addEventListener('hashchange', openFromHash);
  openFromHash();
}
