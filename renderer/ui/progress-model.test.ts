import { describe, expect, it } from 'vitest';
import type { HostStatus, Reply } from '../../src/protocol/replies';
import { CANCEL_WAIT_MS, describeCommand, FINISH_GRACE_MS, initialProgress, nextWake, progressStep, progressView, SHOW_AFTER_MS, STALE_MS, type ProgressInput, type ProgressState } from './progress-model';

const status: HostStatus = {
  lessonId: 'l', playing: false, speed: 1, timeScaleNs: 1e9, simTime: 0, eventIndex: 0, furthestEventIndex: 0,
  endTime: 20e9, pending: 1, nextEventAt: null, stepIndex: 0, violations: 0, seed: 1, faults: [],
};
const progress = (done: number, total = 100): Reply => ({ type: 'progress', operation: 'seek', done, total });
const frame: Reply = { type: 'frame', seq: 1, patches: [], trace: [], status };

/** Runs inputs from the initial state; returns the final state and every announcement and cancel. */
function run(inputs: ProgressInput[], from: ProgressState = initialProgress) {
  let state = from;
  const announced: string[] = [];
  let cancels = 0;
  for (const input of inputs) {
    const step = progressStep(state, input);
    state = step.state;
    if (step.announce) announced.push(step.announce);
    if (step.sendCancel) cancels++;
  }
  return { state, announced, cancels, view: progressView(state) };
}

const reply = (r: Reply, now: number): ProgressInput => ({ kind: 'reply', reply: r, now });
const tick = (now: number): ProgressInput => ({ kind: 'tick', now });
const seekTo = (fraction: number): ProgressInput => ({ kind: 'sent', command: { type: 'seek', fraction }, status });
/** A seek whose slices report progress every 50 ms, each frame followed at once by its progress. */
const slices = (count: number, start = 0): ProgressInput[] =>
  Array.from({ length: count }, (_, i) => [reply(frame, start + 50 * (i + 1)), reply(progress((i + 1) * 10), start + 50 * (i + 1))]).flat();

describe('long-move indicator model', () => {
  it('names moves after the command that asked for them', () => {
    expect(describeCommand({ type: 'seek', fraction: 0.62 }, status)?.label).toBe('Seeking to 12.4 s');
    expect(describeCommand({ type: 'seek', simTime: 1_500_000 }, status)?.label).toBe('Seeking to 1.5 ms');
    expect(describeCommand({ type: 'seek', eventIndex: 12345 }, status)?.label).toBe('Seeking to event 12,345');
    expect(describeCommand({ type: 'seek', step: 2 }, status)?.label).toBe('Seeking to lesson step 3');
    expect(describeCommand({ type: 'seek', fraction: 0.5 }, null)?.label).toBe('Seeking to 50 % of the lesson');
    expect(describeCommand({ type: 'step' }, status)).toEqual({ operation: 'step', label: 'Running the next event' });
    expect(describeCommand({ type: 'stepBack', count: 3 }, status)).toEqual({ operation: 'seek', label: 'Stepping back 3 events' });
    expect(describeCommand({ type: 'stepLesson', delta: -1 }, status)?.label).toBe('Moving to the previous lesson step');
    expect(describeCommand({ type: 'play' }, status)).toBeNull();
  });

  it('stays hidden for moves that finish within the threshold', () => {
    // The last slice (its frame, no progress) ends at 200 ms; the timer wakes at 300 and 450 ms.
    const quick = run([seekTo(0.62), ...slices(3), reply(frame, 200), tick(50 + SHOW_AFTER_MS), tick(200 + FINISH_GRACE_MS)]);
    expect(quick.view).toBeNull();
    expect(quick.announced).toEqual([]);
    expect(quick.state.phase).toBe('idle');
  });

  it('shows text and percentage once the move has run past the threshold, and announces it once', () => {
    const inputs = [seekTo(0.62), ...slices(8)];
    const shown = run(inputs);
    expect(50 * 8 - 50).toBeGreaterThanOrEqual(SHOW_AFTER_MS);
    expect(shown.view).toEqual({ label: 'Seeking to 12.4 s', percent: 80, text: 'Seeking to 12.4 s… 80 %' });
    expect(shown.announced).toEqual(['Seeking to 12.4 s… Press Cancel to stop.']);
  });

  it('shows on a timer tick even when no further progress arrives yet', () => {
    const { state } = run([seekTo(0.62), reply(progress(5), 0)]);
    expect(progressView(state)).toBeNull();
    expect(nextWake(state)).toBe(SHOW_AFTER_MS);
    expect(run([tick(SHOW_AFTER_MS)], state).view?.percent).toBe(5);
  });

  it('hides after the last frame when no progress follows it, and announces the end', () => {
    const { state } = run([seekTo(0.62), ...slices(8), reply(frame, 450)]);
    expect(progressView(state)).not.toBeNull();
    expect(nextWake(state)).toBe(450 + FINISH_GRACE_MS);
    const early = run([tick(450 + FINISH_GRACE_MS - 1)], state);
    expect(early.view).not.toBeNull();
    const done = run([tick(450 + FINISH_GRACE_MS)], state);
    expect(done.view).toBeNull();
    expect(done.announced).toEqual(['Seeking to 12.4 s: done.']);
  });

  it('a progress after the frame keeps it up (frames come between slices)', () => {
    const { state } = run([seekTo(0.62), ...slices(8), reply(frame, 450), reply(progress(90), 450), tick(450 + FINISH_GRACE_MS)]);
    expect(progressView(state)?.percent).toBe(90);
  });

  it('hides when progress reaches the total, on a new lesson, on an error and when nothing arrives for a long time', () => {
    const { state } = run([seekTo(0.62), ...slices(8)]);
    expect(run([reply(progress(100), 500)], state).view).toBeNull();
    expect(run([reply({ type: 'error', message: 'x' }, 500)], state).announced).toEqual(['Seeking to 12.4 s stopped.']);
    expect(run([reply({ type: 'loaded', lesson: {} as never, state: {} as never, status }, 500)], state).view).toBeNull();
    expect(run([tick(400 + STALE_MS - 1)], state).view).not.toBeNull();
    expect(run([tick(400 + STALE_MS)], state).view).toBeNull();
  });

  it('Cancel hides it, asks the host to stop, and ignores progress already on its way until the host answers', () => {
    const { state } = run([seekTo(0.62), ...slices(8)]);
    const cancelled = run([{ kind: 'cancel', now: 500 }], state);
    expect(cancelled.cancels).toBe(1);
    expect(cancelled.view).toBeNull();
    expect(cancelled.announced).toEqual([]);
    const late = run([reply(frame, 510), reply(progress(95), 510), tick(900)], cancelled.state);
    expect(late.view).toBeNull();
    expect(late.state.phase).toBe('cancelling');
    // The host's answer to `cancel`; a move queued behind it may then start and show again.
    const after = run([reply({ type: 'status', status: { ...status, simTime: 3e9 } }, 520), reply(progress(1), 600), tick(600 + SHOW_AFTER_MS)], cancelled.state);
    expect(after.announced).toEqual(['Seeking to 12.4 s cancelled; stopped at 3 s.', 'Seeking to 12.4 s… Press Cancel to stop.']);
    expect(after.view?.percent).toBe(1);
    const noAnswer = run([tick(500 + CANCEL_WAIT_MS)], cancelled.state);
    expect(noAnswer.state.phase).toBe('idle');
    expect(noAnswer.announced).toEqual(['Seeking to 12.4 s cancelled.']);
  });

  it('Cancel does nothing when no move is under way', () => {
    expect(run([{ kind: 'cancel', now: 0 }]).cancels).toBe(0);
  });

  it('keeps the label of the move under way when another command is sent during it', () => {
    const { state } = run([seekTo(0.62), ...slices(8), { kind: 'sent', command: { type: 'seek', fraction: 0.1 }, status }]);
    expect(progressView(state)?.label).toBe('Seeking to 12.4 s');
    const mismatch = run([{ kind: 'sent', command: { type: 'step' }, status }, reply(progress(1), 0), tick(SHOW_AFTER_MS)]);
    expect(mismatch.view?.text).toBe('Seeking… 1 %');
  });
});
