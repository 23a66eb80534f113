import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import type { HostStatus } from '../../src/protocol/replies';
import type { MirrorChange } from '../mirror';
import { tenantColor } from '../palette';
import { Comparison } from '../split/comparison';
import { diffStates, type StateDiff } from '../split/diff';
import { faultOptions, relevantFaults, suggestFault, withFaultFlipped } from '../split/faults';
import { faultMoment, type FaultMoment } from '../split/moment';
import { formatDuration } from '../../src/engine/time';
import { Stage } from '../stage';
import type { ViewId } from '../views/view';
import { h } from './dom';
import { onThemeChange } from './theme';
import './demos.css';
import './classroom.css';

/** What the split screen reads from the main run. */
export interface SplitScreenHost {
  lesson(): Lesson | null;
  status(): HostStatus | null;
  state(): SimState | null;
  activeView(): ViewId;
  focus(): readonly string[];
  announce(text: string): void;
  /** Moves the main run (the comparison follows): "restart the comparison from before the moment". */
  restartFrom(simTime: number): void;
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
  /** A new lesson: close the comparison and forget the fault chosen for the previous one. */
  lessonChanged(): void;
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
  const descriptions = new Map(faultOptions().map((f) => [f.name, f.description]));
  // The faults that matter for this lesson first (its main one selected), every other one after.
  const fillOptions = (lesson: Lesson | null): void => {
    const relevant = relevantFaults(lesson);
    const option = (name: string) => h('option', { value: name, title: descriptions.get(name) ?? '' }, name);
    const others = faultOptions().filter((f) => !relevant.includes(f.name));
    select.replaceChildren(
      ...(relevant.length > 0 ? [h('optgroup', { label: 'Faults that matter here' }, ...relevant.map(option))] : []),
      h('optgroup', { label: relevant.length > 0 ? 'Other faults' : 'Faults' }, ...others.map((f) => option(f.name))),
    );
    select.value = suggestFault(lesson);
  };
  fillOptions(null);
  const button = h('button', { type: 'button', class: 'text-button split-toggle', 'aria-pressed': 'false', 'data-testid': 'split-toggle', title: 'Run the lesson twice, with and without a fault (c)' }, 'Compare');
  controlsSlot.append(h('div', { class: 'transport-group split-controls', role: 'group', 'aria-label': 'Split-screen comparison' }, button, select));

  const leftLabel = h('div', { class: 'split-label', 'data-testid': 'split-left-label' });
  const rightLabel = h('div', { class: 'split-label' });
  const canvasHost = h('div', { class: 'split-canvas' }, rightLabel);
  const count = h('h3', { class: 'split-count', 'data-testid': 'split-count' });
  const why = h('p', { class: 'split-why', 'data-testid': 'split-why' });
  const late = h('div', { class: 'split-late', role: 'status', 'data-testid': 'split-late', hidden: true });
  const list = h('ol', { class: 'split-list' });
  const pane = h('section', { class: 'split-pane', 'aria-label': 'Comparison', 'data-testid': 'split-pane' }, canvasHost, h('div', { class: 'split-diff', 'aria-label': 'Differences' }, count, late, why, list));

  let comparison: Comparison | null = null;
  let stage: Stage | null = null;
  let stagePending: Promise<Stage> | null = null;
  let mountedView: string | null = null;
  let diff: StateDiff | null = null;
  let diffTimer: ReturnType<typeof setTimeout> | null = null;
  let announcedTotal = -1;
  let fault = '';
  let faultOn = true;
  // Where the chosen fault first changes this lesson (null: nowhere; undefined: not known yet).
  let moment: FaultMoment | null | undefined;
  let momentKey = '';
  let momentTimer: ReturnType<typeof setTimeout> | null = null;
  // The simulated time at which the fault was last switched (comparison opened or fault picked).
  let switchedAt: number | null = null;

  const stepLabel = (index: number): string => {
    const step = host.lesson()?.steps[index];
    return step ? `step ${index + 1}${step.title ? ` (“${step.title}”)` : ''}` : 'the start';
  };

  /** Computes the moment in the background: two headless runs of the lesson (well under a second). */
  const findMoment = (): void => {
    const lesson = host.lesson();
    const status = host.status();
    if (!lesson || !status) return;
    const key = `${generation}|${lesson.id}|${status.seed}|${fault}`;
    if (key === momentKey) return;
    momentKey = key;
    moment = undefined;
    if (momentTimer !== null) clearTimeout(momentTimer);
    momentTimer = setTimeout(() => {
      momentTimer = null;
      if (key !== momentKey) return;
      moment = faultMoment(lesson, fault, status.seed);
      explain();
    }, 0);
  };

  /** "No differences" says why, and a fault switched on after its moment says it is too late. */
  const explain = (): void => {
    const now = host.status()?.simTime ?? 0;
    const description = descriptions.get(fault) ?? '';
    if (!diff || diff.total > 0) why.textContent = '';
    else if (moment === null) why.textContent = `${fault} changes nothing in this lesson: ${description}. Nothing here depends on that protection${relevantFaults(host.lesson())[0] && relevantFaults(host.lesson())[0] !== fault ? `; try ${relevantFaults(host.lesson())[0]}` : ''}.`;
    else if (moment && now < moment.time) why.textContent = `Not yet: ${fault} first changes the run by ${stepLabel(moment.step)} at ${formatDuration(moment.time)}. Play on to see the difference appear.`;
    else if (moment === undefined) why.textContent = `Finding where ${fault} first matters in this lesson…`;
    else why.textContent = '';
    const tooLate = moment && faultOn && switchedAt !== null && switchedAt >= moment.time && now >= moment.time;
    late.hidden = !tooLate;
    if (tooLate && moment) {
      const restart = h('button', { type: 'button', class: 'text-button', 'data-testid': 'split-restart' }, `Restart the comparison from ${formatDuration(moment.beforeTime)}`);
      const target = moment.beforeTime;
      restart.addEventListener('click', () => {
        switchedAt = null;
        late.hidden = true;
        host.restartFrom(target);
        host.announce(`Comparison restarted from ${formatDuration(target)}, before ${fault} matters.`);
      });
      late.replaceChildren(
        h('strong', {}, 'Too late to see it happen. '),
        `${fault} matters by ${stepLabel(moment.step)} at ${formatDuration(moment.time)}; it was switched on at ${formatDuration(switchedAt ?? 0)}. The right-hand run has it on from the start, so it shows the outcome, not the moment.`,
        h('br'),
        restart,
      );
    }
  };

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
    explain();
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
    findMoment();
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
      switchedAt = host.status()?.simTime ?? 0;
      late.hidden = true;
      why.textContent = '';
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
    lessonChanged() {
      splitScreen.close();
      userPicked = false;
      switchedAt = null;
      momentKey = '';
      fillOptions(host.lesson());
    },
  };

  // The picker suggests the fault that fits the lesson until the user picks one.
  let userPicked = false;
  select.addEventListener('change', () => {
    userPicked = true;
    fault = select.value;
    switchedAt = host.status()?.simTime ?? 0;
    if (comparison) {
      announcedTotal = -1;
      sync();
    }
  });
  button.addEventListener('click', () => splitScreen.toggle());
  // The comparison canvas is redrawn in the new theme's colours too.
  onThemeChange(() => {
    if (comparison) mountView();
  });
  return splitScreen;
}
