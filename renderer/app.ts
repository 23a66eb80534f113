import type { LessonStep } from '../src/lessons/schema';
import { parseLessonText } from '../src/lessons/load';
import { builtinLessons } from '../src/lessons';
import type { CommandInput } from '../src/protocol/commands';
import type { LabApi, OpenedFile } from '../src/protocol/lab-api';
import type { Reply } from '../src/protocol/replies';
import { bindAppActions } from './app-actions';
import { StateMirror, type MirrorChange } from './mirror';
import { tenantColor } from './palette';
import type { Stage } from './stage';
import { installTestHook } from './test-hook';
import { createAboutDialog } from './ui/about-dialog';
import { ActionRegistry } from './ui/actions';
import { captionStepOf } from './ui/caption-model';
import { createCaptionStrip } from './ui/caption-strip';
import { createDemoControls } from './ui/demo-controls';
import { fileChannel, installFileDrops, type FileChannel } from './ui/drop-zone';
import { createErrorPanel } from './ui/error-panel';
import { installFactPopover } from './ui/fact-popover';
import { createHelpOverlay } from './ui/help-overlay';
import { createInspector } from './ui/inspector';
import { installShortcuts } from './ui/keyboard';
import type { LayoutSlots } from './ui/layout';
import { createLessonPicker } from './ui/lesson-picker';
import { createLiveRegion } from './ui/live-region';
import { onThemeChange } from './ui/theme';
import { createThemeButton } from './ui/theme-button';
import { createMotionButton } from './ui/motion-button';
import { windowRole } from './ui/modes';
import { createNarration } from './ui/narration';
import { createFileOpener } from './ui/open-file';
import { createProgressIndicator, type ProgressIndicator } from './ui/progress-indicator';
import { createTransportBar } from './ui/transport-bar';
import { createViewTabs } from './ui/view-tabs';
import { createViolationsPanel } from './ui/violations';
import { createViewStore } from './ui/view-store';
import { createSceneTree } from './ui/scene-tree';
import { h, icon } from './ui/dom';
import { VIEW_FACTORIES, VIEW_ORDER } from './views';
import type { EntityRef, ViewId } from './views/view';
import { formatDeepLink, parseDeepLink } from './web/deep-link';
import './ui/classroom.css';

export const DEFAULT_LESSON = 'hello-host';

/** The renderer's own choices besides the mirrored simulation, kept in one store (ui/view-store.ts). */
interface AppViewState {
  /** The view on the canvas (its tab is the active one). */
  activeView: ViewId;
  /** The entity in the inspector; null when nothing is selected. */
  selection: EntityRef | null;
  /** The lesson step whose focus (view and highlight) was last applied; -2 before any. */
  focusedStep: number;
  /** Whether any lesson has loaded yet: until one has, a failed load falls back to the default lesson. */
  everLoaded: boolean;
}

/**
 * The renderer's controller: wires the transport (window.lab or the worker), the state mirror,
 * the Pixi stage and the DOM controls. Every simulator change arrives as a reply; the UI is a
 * function of the mirror plus local choices (active view, selection). Every user action — key,
 * button or menu command — goes through one registry (ui/actions.ts, bound in app-actions.ts).
 *
 * `files` carries every file the user opens (Open button, drop, File › Open…) to one place; the
 * recording layer around `lab` sends recordings to the player and lessons here (onOpenFile).
 */
export function startApp(lab: LabApi, slots: LayoutSlots, stage: Stage, files: FileChannel = fileChannel(lab)): void {
  // Created with the transport bar below; it names a long seek or step after the command that asked for it.
  let progress: ProgressIndicator | null = null;
  const send = (command: CommandInput): void => {
    progress?.sent(command, mirror.status);
    lab.send(command);
  };
  const mirror = new StateMirror(() => send({ type: 'snapshot' }));
  const lessons = builtinLessons();
  const actions = new ActionRegistry();
  const viewState = createViewStore<AppViewState>({ activeView: 'host', selection: null, focusedStep: -2, everLoaded: false });

  const role = windowRole(location.search);
  slots.app.classList.toggle('audience', role === 'audience');
  const errors = createErrorPanel(slots.errors);
  const help = createHelpOverlay();
  const about = createAboutDialog();
  const live = createLiveRegion();
  const captions = createCaptionStrip(slots.stage);
  installFactPopover();
  const inspector = createInspector(
    slots.inspector,
    (entity) => select(entity),
    (state, entity) => stage.inspect(state, entity),
  );
  // A new selection shows in the inspector at once.
  viewState.subscribe((next, previous) => {
    if (next.selection !== previous.selection) inspector.update(mirror.state, next.selection);
  });
  /** Selects an entity; selecting the one already selected re-reads its fields from the current state. */
  function select(entity: EntityRef | null): void {
    if (!viewState.set({ selection: entity })) inspector.update(mirror.state, entity);
  }
  // The canvas in words (renderer/ui/scene-tree.ts), above the inspector (which grows with what Enter shows
  // there without moving the tree): Enter inspects, the focused item is outlined on the canvas.
  const viewTitles = new Map(VIEW_ORDER.map((id) => [id, VIEW_FACTORIES[id]().title]));
  const sceneTree = createSceneTree({
    scene: () => (mirror.state ? stage.scene(mirror.state) : []),
    title: () => {
      const { activeView } = viewState.get();
      return viewTitles.get(activeView) ?? activeView;
    },
    activate: (node) => {
      if (!node.entity) return;
      demos.pick(node.entity);
      select(node.entity);
      live.announce(`Inspector: ${node.label}`);
    },
    outline: (candidates) => stage.outlineScene(candidates),
  });
  slots.inspector.before(sceneTree.element);
  actions.bind('scene.focus', () => {
    // The scene lives in the right-hand panel: open it first if it was collapsed.
    if (slots.app.classList.contains('right-collapsed')) document.querySelector<HTMLButtonElement>('[aria-controls="right-panel"]')?.click();
    sceneTree.focus();
  });
  const violations = createViolationsPanel(slots.violations, (eventIndex) => send({ type: 'seek', eventIndex }));
  const narration = createNarration(slots.narration, (step) => send({ type: 'seek', step }));
  // Timeline, checkpoint questions, presenter layouts and split screen (renderer/ui/demo-controls.ts).
  const demos = createDemoControls({
    send,
    slots,
    mirror,
    announce: (text) => live.announce(text),
    activeView: () => viewState.get().activeView,
    focus: () => mirror.lesson?.steps[mirror.status?.stepIndex ?? -1]?.focus?.entities ?? [],
    role,
    secondWindow: lab.platform === 'web',
    presenterCommand: (command) => actions.perform(command),
  });
  const timeline = demos.timeline;
  const transport = createTransportBar(slots.transport, {
    togglePlay: () => actions.perform('togglePlay'),
    step: () => actions.perform('step'),
    stepBack: () => actions.perform('stepBack'),
    lessonStep: (delta) => actions.perform(delta === 1 ? 'nextLessonStep' : 'previousLessonStep'),
    setSpeed: (speed) => send({ type: 'setSpeed', speed }),
  });
  progress = createProgressIndicator(slots.transport, send, (text) => live.announce(text));
  stage.onViewError = (view, error) => {
    console.error(error);
    errors.show(`The ${view} view failed`, [], error instanceof Error ? error.message : String(error));
  };
  const tabs = createViewTabs(slots.tabs, VIEW_ORDER.map((id) => ({ id, title: VIEW_FACTORIES[id]().title })), (id) => showView(id));

  const loadBuiltin = (lessonId: string, extra: { step?: number; seed?: number } = {}): void => send({ type: 'load', lessonId, ...extra });
  // Opened, dropped or menu-opened lesson files: an invalid one is reported and changes nothing.
  const loadFile = (file: OpenedFile): void => {
    const parsed = parseLessonText(file.text, file.name);
    if (!parsed.ok) {
      errors.show(`Could not load ${file.name}; the current lesson stays open`, parsed.errors);
      return;
    }
    send({ type: 'load', lesson: parsed.lesson, source: file.name });
  };
  const fileError = (file: string, message: string): void => errors.show(`Could not load ${file}; the current lesson stays open`, [{ file, path: '$', message }]);
  const opener = createFileOpener(lab, files.deliver, fileError);
  if (role === 'main') installFileDrops(files, fileError);
  const picker = createLessonPicker(slots.lessons, lessons, { loadBuiltin: (id) => loadBuiltin(id), openFile: () => actions.perform('openFile') });
  // Open is always in the header, not only at the foot of the lesson list.
  slots.helpButton.before(
    h('button', { type: 'button', class: 'text-button header-open', 'data-testid': 'open-file', title: 'Open a lesson or recording file (or drop one on the window)', onclick: () => actions.perform('openFile') }, icon('file'), 'Open…'),
  );
  slots.helpButton.addEventListener('click', () => actions.perform('help'));
  // The projector theme (key T): a toggle in the header; the view is rebuilt in the new colours.
  slots.helpButton.before(createThemeButton(() => actions.perform('theme.toggle'), (text) => live.announce(text)));
  onThemeChange(() => showView(viewState.get().activeView));
  // The reduced-motion setting (key M): an icon toggle beside it, its state said aloud.
  slots.helpButton.before(createMotionButton(() => actions.perform('motion.toggle'), (text) => live.announce(text)));

  const requests = bindAppActions(actions, {
    send,
    status: () => mirror.status,
    hasLesson: () => mirror.lesson !== null,
    demos,
    camera: stage.camera,
    help,
    hideErrors: () => errors.hide(),
    openFile: () => opener.open(),
  });

  function showView(id: ViewId): void {
    viewState.set({ activeView: id });
    tabs.setActive(id);
    if (mirror.state && mirror.lesson) {
      stage.show(id, mirror.state, mirror.lesson, {
        select: (entity) => {
          if (entity) demos.pick(entity);
          select(entity);
        },
        seekEvent: (eventIndex) => send({ type: 'seek', eventIndex }),
        input: (action) => send({ type: 'input', action }),
        tenantColor,
      });
      demos.viewShown(id);
    }
    sceneTree.invalidate();
  }

  /** A lesson step's focus switches to its view and highlights its entities. */
  function applyStepFocus(step: LessonStep | undefined): void {
    const focus = step?.focus;
    if (focus && focus.view !== viewState.get().activeView) showView(focus.view);
    stage.highlight(focus?.entities ?? []);
    if (step && mirror.state) live.announce(`${step.title ?? 'Next step'}. ${stage.describe(mirror.state)}`);
  }

  function refresh(): void {
    const { status, lesson, state } = mirror;
    if (!status) return;
    requests.settle(status);
    transport.update(status, lesson);
    timeline.update(status, lesson);
    narration.update(lesson, status.stepIndex);
    violations.update(state?.violations ?? []);
    // A step's focus is applied once, when the step is reached (set says whether it is new).
    if (viewState.set({ focusedStep: status.stepIndex })) {
      captions.step(captionStepOf(lesson, status.stepIndex));
      applyStepFocus(lesson?.steps[status.stepIndex]);
    }
  }

  /**
   * Everything scoped to one lesson starts afresh: selection, focus and camera, captions, pending
   * key requests (the checkpoint question and the comparison reset in demo-controls.ts; narration,
   * notes and violations follow the new lesson in refresh()).
   */
  function lessonChanged(): void {
    viewState.set({ selection: null, focusedStep: -2 });
    captions.reset();
    captions.frame([], mirror.status?.eventIndex ?? 0);
    requests.forget();
    stage.highlight([]);
    stage.camera.reset();
  }

  function onChange(change: MirrorChange, reply: Reply): void {
    switch (change.kind) {
      case 'loaded': {
        viewState.set({ everLoaded: true });
        const lesson = mirror.lesson;
        lessonChanged();
        picker.setActive(lesson?.id ?? null);
        slots.lessonTitle.textContent = lesson?.title ?? '';
        slots.lessonTitle.title = lesson?.title ?? '';
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
        showView(viewState.get().activeView);
        captions.frame([], mirror.status?.eventIndex ?? 0);
        inspector.setEntities(mirror.state);
        break;
      case 'frame': {
        if (mirror.state && mirror.status) stage.update(mirror.state, change.patches, mirror.status);
        live.trace(change.trace);
        captions.frame(change.trace, mirror.status?.eventIndex ?? 0);
        // Entities appearing or disappearing (a record added or removed) refresh the picker.
        if (change.patches.some((p) => p.path.length === 3 && p.path[0] === 'world' && (p.path[1] === 'hosts' || p.path[1] === 'domains' || p.path[1] === 'devices'))) {
          inspector.setEntities(mirror.state);
        }
        // The state moved on: the selected entity's fields are read again.
        const { selection } = viewState.get();
        if (selection) inspector.update(mirror.state, selection);
        break;
      }
      case 'error': {
        const source = change.errors[0]?.file;
        errors.show(source ? `Could not load ${source}; the current lesson stays open` : 'The simulator refused a command', change.errors, change.message);
        if (!viewState.get().everLoaded && reply.type === 'error') loadBuiltin(DEFAULT_LESSON);
        break;
      }
      default:
        break;
    }
    demos.onChange(change);
    refresh();
    sceneTree.invalidate();
  }

  lab.onReply((reply) => {
    progress?.reply(reply);
    onChange(mirror.apply(reply), reply);
  });
  installShortcuts(actions, { context: () => viewState.get().activeView, modalOpen: () => help.isOpen });

  lab.onOpenFile(loadFile);
  lab.onDeepLink((link) => loadBuiltin(link.lessonId, { step: link.step, seed: link.seed }));
  lab.onMenu((command) => {
    if (command === 'help.shortcuts') actions.perform('help');
    else if (command === 'help.about') about.open();
    else if (command === 'file.open') actions.perform('openFile');
    else if (command === 'theme.toggle') actions.perform('theme.toggle');
    else if (command === 'motion.toggle') actions.perform('motion.toggle');
    else if (command === 'presenter.on' || command === 'presenter.off') demos.setPresenter(command === 'presenter.on');
  });

  installTestHook({
    status: () => mirror.status,
    state: () => mirror.state,
    lesson: () => mirror.lesson,
    rendererType: () => stage.rendererType,
    activeView: () => stage.activeViewId,
    selection: () => viewState.get().selection,
    canvasTexts: () => stage.canvasTexts(),
    focusBoxes: () => stage.focusBoxes(),
    pulseMarks: () => stage.pulseMarks(),
    focusTags: () => stage.focusTags(),
    camera: () => stage.cameraState(),
    sceneOutline: () => stage.sceneOutlineBox(),
    renderStats: () => stage.renderStats(),
  });

  const openFromHash = (): void => {
    const result = parseDeepLink(location.hash);
    if (!result.ok) {
      errors.show('Bad deep link', [{ file: 'URL', path: location.hash.slice(0, 80), message: result.error }]);
      if (!viewState.get().everLoaded) loadBuiltin(DEFAULT_LESSON);
      return;
    }
    if (result.link) {
      const { lessonId, step, seed } = result.link;
      const current = mirror.lesson?.id;
      if (current === lessonId && step === undefined && (seed === undefined || seed === mirror.status?.seed)) return;
      loadBuiltin(lessonId, { step, seed });
    } else if (!viewState.get().everLoaded) loadBuiltin(DEFAULT_LESSON);
  };
  // The audience window only mirrors the presenter's simulation: loading anything would replace it.
  if (role === 'audience') return;
  if (lab.platform === 'web') window.addEventListener('hashchange', openFromHash);
  openFromHash();
}
