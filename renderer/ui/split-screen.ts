import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import type { MirrorChange } from '../mirror';
import { tenantColor } from '../palette';
import { Comparison } from '../split/comparison';
import { diffStates, type StateDiff } from '../split/diff';
import { faultOptions, suggestFault, withFaultFlipped } from '../split/faults';
import { Stage } from '../stage';
import type { ViewId } from '../views/view';
import { h } from './dom';
import './demos.css';

/** What the split screen reads from the main run. */
export interface SplitScreenHost {
  lesson(): Lesson | null;
  status(): HostStatus | null;
  state(): SimState | null;
  activeView(): ViewId;
  focus(): readonly string[];
  announce(text: string): void;
}

export interface SplitScreen {
  readonly isOpen: boolean;
  toggle(): void;
  open(): Promise<void>;
  close(): void;
  /** Call after every change of the main run (frame, seek, new lesson). */
  sync(): void;
  /** The main view switched: show the same view on the right. */
  showView(id: ViewId): void;
  /** The latest difference between the two runs (tests, presenter). */
  lastDiff(): StateDiff | null;
}

const DIFF_DELAY_MS = 150;
const LISTED = 40;

/**
 * Split-screen comparison: the same lesson from the same seed, with one fault flipped, side by
 * side. The right-hand run lives in its own worker (renderer/split/comparison.ts) and follows the
 * main run's clock, so the one transport drives both. The differences between the two states are
 * listed in words (never colour alone) and outlined on the right-hand canvas.
 */
export function createSplitScreen(stageSlot: HTMLElement, controlsSlot: HTMLElement, host: SplitScreenHost): SplitScreen {
  const select = h('select', { class: 'split-fault', 'aria-label': 'Fault to flip on the right-hand side', 'data-testid': 'split-fault' });
  for (const fault of faultOptions()) select.append(h('option', { value: fault.name, title: fault.description }, fault.name));
  const button = h('button', { type: 'button', class: 'text-button split-toggle', 'aria-pressed': 'false', 'data-testid': 'split-toggle', title: 'Run the lesson twice, with and without a fault (c)' }, 'Compare');
  controlsSlot.append(h('div', { class: 'transport-group split-controls', role: 'group', 'aria-label': 'Split-screen comparison' }, button, select));

  const leftLabel = h('div', { class: 'split-label', 'data-testid': 'split-left-label' });
  const rightLabel = h('div', { class: 'split-label' });
  const canvasHost = h('div', { class: 'split-canvas' }, rightLabel);
  const count = h('h3', { class: 'split-count', 'data-testid': 'split-count' });
  const list = h('ol', { class: 'split-list' });
  const pane = h('section', { class: 'split-pane', 'aria-label': 'Comparison', 'data-testid': 'split-pane' }, canvasHost, h('div', { class: 'split-diff', 'aria-label': 'Differences' }, count, list));

  let comparison: Comparison | null = null;
  let stage: Stage | null = null;
  let stagePending: Promise<Stage> | null = null;
  let mountedView: string | null = null;
  let diff: StateDiff | null = null;
  let diffTimer: ReturnType<typeof setTimeout> | null = null;
  let announcedTotal = -1;
  let fault = '';
  let faultOn = true;

  // A new lesson object (even one with the same id, from a re-opened file) means a new run.
  let keyedLesson: Lesson | null = null;
  let generation = 0;
  const variantKey = (lesson: Lesson, status: HostStatus): string => {
    if (lesson !== keyedLesson) {
      keyedLesson = lesson;
      generation++;
    }
    return `${generation}|${lesson.id}|${status.seed}|${fault}`;
  };

  const mountView = (): void => {
    const state = comparison?.mirror.state;
    const lesson = comparison?.mirror.lesson;
    if (!stage || !state || !lesson) return;
    const view = host.activeView();
    stage.show(view, state, lesson, { select: () => {}, seekEvent: () => {}, input: () => {}, tenantColor });
    mountedView = view;
    highlight();
  };

  const highlight = (): void => stage?.highlight([...host.focus(), ...(diff?.entities ?? [])]);

  const computeDiff = (): void => {
    diffTimer = null;
    const left = host.state();
    const right = comparison?.mirror.state;
    const leftTime = host.status()?.simTime;
    if (!left || !right || leftTime === undefined) return;
    if (comparison?.mirror.status?.simTime !== leftTime) {
      count.textContent = 'Catching up with the main run…';
      return;
    }
    diff = diffStates(left, right);
    const more = diff.total > LISTED ? ` (first ${LISTED} listed)` : '';
    count.textContent = diff.total === 0 ? 'No differences at this time' : `${diff.total}${diff.truncated ? '+' : ''} difference${diff.total === 1 ? '' : 's'}${more}`;
    list.replaceChildren(
      ...diff.differences.slice(0, LISTED).map((d) =>
        h('li', { 'data-testid': 'split-difference', title: d.path }, h('span', { class: 'diff-mark', 'aria-hidden': 'true' }, '≠ '), h('strong', {}, d.label), `: ${d.left} → ${d.right}`),
      ),
    );
    highlight();
    if (diff.total !== announcedTotal) {
      announcedTotal = diff.total;
      const first = diff.differences[0];
      host.announce(diff.total === 0 ? 'Split screen: no differences yet.' : `Split screen: ${diff.total} differences with ${fault} ${faultOn ? 'on' : 'off'}. ${first ? `${first.label}: ${first.left} → ${first.right}.` : ''}`);
    }
  };

  const scheduleDiff = (): void => {
    diffTimer ??= setTimeout(computeDiff, DIFF_DELAY_MS);
  };

  const onComparison = (change: MirrorChange): void => {
    if (change.kind === 'loaded' || change.kind === 'snapshot') mountView();
    else if (change.kind === 'frame' && stage && comparison?.mirror.state && comparison.mirror.status) {
      stage.update(comparison.mirror.state, change.patches, comparison.mirror.status);
    } else if (change.kind === 'error') count.textContent = `The comparison run failed: ${change.message}`;
    if (change.kind !== 'loaded') sync();
    scheduleDiff();
  };

  function sync(): void {
    const lesson = host.lesson();
    const status = host.status();
    if (!comparison || !lesson || !status) return;
    const variant = withFaultFlipped(lesson, fault);
    faultOn = variant.faultOn;
    const side = `${fault} ${faultOn ? 'on' : 'off'}`;
    rightLabel.textContent = `With ${side}`;
    leftLabel.textContent = `As loaded (${fault} ${faultOn ? 'off' : 'on'})`;
    comparison.load(variant.lesson, status.seed, variantKey(lesson, status));
    comparison.follow(status);
    scheduleDiff();
  }

  const splitScreen: SplitScreen = {
    get isOpen() {
      return comparison !== null;
    },
    toggle() {
      if (comparison) splitScreen.close();
      else void splitScreen.open();
    },
    async open() {
      if (comparison) return;
      fault = select.value || suggestFault(host.lesson());
      select.value = fault;
      stageSlot.classList.add('split');
      stageSlot.append(leftLabel, pane);
      button.setAttribute('aria-pressed', 'true');
      button.textContent = 'Close comparison';
      count.textContent = 'Starting the comparison run…';
      announcedTotal = -1;
      comparison = new Comparison(onComparison);
      sync();
      stagePending ??= Stage.create(canvasHost);
      stage = await stagePending;
      if (comparison) mountView();
    },
    close() {
      if (!comparison) return;
      comparison.dispose();
      comparison = null;
      diff = null;
      if (diffTimer !== null) clearTimeout(diffTimer);
      diffTimer = null;
      stage?.highlight([]);
      stageSlot.classList.remove('split');
      leftLabel.remove();
      pane.remove();
      button.setAttribute('aria-pressed', 'false');
      button.textContent = 'Compare';
      host.announce('Split screen closed.');
    },
    sync() {
      if (!userPicked && !comparison) select.value = suggestFault(host.lesson());
      sync();
    },
    showView(id) {
      if (comparison && stage && id !== mountedView) mountView();
    },
    lastDiff: () => diff,
  };

  // The picker suggests the fault that fits the lesson until the user picks one.
  let userPicked = false;
  select.addEventListener('change', () => {
    userPicked = true;
    fault = select.value;
    if (comparison) {
      announcedTotal = -1;
      sync();
    }
  });
  button.addEventListener('click', () => splitScreen.toggle());
  return splitScreen;
}
