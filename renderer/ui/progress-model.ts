import { formatDuration } from '../../src/engine/time';
import type { CommandInput } from '../../src/protocol/commands';
import type { HostStatus, Reply } from '../../src/protocol/replies';

/**
 * When and what the long-move indicator shows, kept free of the DOM so it can be unit tested
 * (renderer/ui/progress-indicator.ts draws it).
 *
 * The host runs a long seek or step in slices; after each unfinished slice it sends the slice's
 * frame (or snapshot) and then a `progress` reply, in that order, in the same turn. The last slice
 * sends only its frame, so "finished" is a frame, snapshot or status that no `progress` follows
 * within FINISH_GRACE_MS. Short moves (one slice, no `progress`) never show anything, and neither
 * do moves that finish within SHOW_AFTER_MS of their first `progress`.
 */

/** The first `progress` comes after one slice (about 50 ms), so this shows work of about 300 ms. */
export const SHOW_AFTER_MS = 250;
/** A `progress` follows its slice's frame at once; this much silence after a frame means done. */
export const FINISH_GRACE_MS = 250;
/** After Cancel, `progress` replies already on their way are ignored until the host answers. */
export const CANCEL_WAIT_MS = 2000;
/** No `progress` for this long and no frame either: the move is over (or the watchdog has it). */
export const STALE_MS = 3000;

type Operation = Extract<Reply, { type: 'progress' }>['operation'];

/** What the last command that can start a long move asked for, in words ("Seeking to 12.4 s"). */
export interface Intent {
  operation: Operation;
  label: string;
}

export type ProgressState =
  | { phase: 'idle'; intent: Intent | null }
  | {
      phase: 'running';
      intent: Intent | null;
      /** What this move is, fixed at its first `progress` (a later command does not relabel it). */
      label: string;
      startedAt: number;
      lastProgressAt: number;
      shown: boolean;
      done: number;
      total: number;
      /** When a frame, snapshot or status arrived with no `progress` since: the move may be over. */
      settleAt: number | null;
    }
  /** Cancel was pressed; `label` is announced with where the move stopped once the host answers. */
  | { phase: 'cancelling'; intent: Intent | null; since: number; label: string | null };

export type ProgressInput =
  | { kind: 'sent'; command: CommandInput; status: HostStatus | null }
  | { kind: 'reply'; reply: Reply; now: number }
  | { kind: 'cancel'; now: number }
  | { kind: 'tick'; now: number };

export interface ProgressStep {
  state: ProgressState;
  /** A sentence for the live region when the indicator appears, finishes or is cancelled. */
  announce: string | null;
  /** Whether the host must be told to stop (the Cancel button was pressed during a move). */
  sendCancel: boolean;
}

/** What to draw: null hides the indicator. */
export interface ProgressView {
  label: string;
  /** 0–100, whole numbers. */
  percent: number;
  text: string;
}

export const initialProgress: ProgressState = { phase: 'idle', intent: null };

/** Describes a command that may become a long move; null for commands that never do. */
export function describeCommand(command: CommandInput, status: HostStatus | null): Intent | null {
  switch (command.type) {
    case 'seek': {
      if (command.simTime !== undefined) return { operation: 'seek', label: `Seeking to ${formatDuration(command.simTime)}` };
      if (command.eventIndex !== undefined) return { operation: 'seek', label: `Seeking to event ${command.eventIndex.toLocaleString('en-US')}` };
      if (command.step !== undefined) return { operation: 'seek', label: `Seeking to lesson step ${command.step + 1}` };
      if (command.fraction !== undefined) {
        // The host measures fractions against the lesson's end (or the furthest point reached).
        const end = status ? (status.endTime > 0 ? status.endTime : status.simTime) : 0;
        return { operation: 'seek', label: end > 0 ? `Seeking to ${formatDuration(Math.round(command.fraction * end))}` : `Seeking to ${Math.round(command.fraction * 100)} % of the lesson` };
      }
      return null;
    }
    case 'step': {
      const count = command.count ?? 1;
      return { operation: 'step', label: count === 1 ? 'Running the next event' : `Running ${count.toLocaleString('en-US')} events` };
    }
    case 'stepBack': {
      const count = command.count ?? 1;
      // Going back replays from the start (a seek in the host's terms).
      return { operation: 'seek', label: count === 1 ? 'Stepping back one event' : `Stepping back ${count.toLocaleString('en-US')} events` };
    }
    case 'stepLesson':
      return { operation: 'seek', label: command.delta >= 0 ? 'Moving to the next lesson step' : 'Moving to the previous lesson step' };
    default:
      return null;
  }
}

const GENERIC: Record<Operation, string> = { seek: 'Seeking', step: 'Running events', open: 'Opening the recording' };

/** Advances the indicator by one input. Pure: the caller supplies the time. */
export function progressStep(state: ProgressState, input: ProgressInput): ProgressStep {
  const quiet = (next: ProgressState): ProgressStep => ({ state: next, announce: null, sendCancel: false });
  switch (input.kind) {
    case 'sent': {
      const intent = describeCommand(input.command, input.status);
      return quiet(intent ? { ...state, intent } : state);
    }
    case 'cancel':
      if (state.phase !== 'running') return quiet(state);
      // Announced when the host answers: frames of the slice under way still arrive (and announce).
      return { state: { phase: 'cancelling', intent: state.intent, since: input.now, label: state.shown ? state.label : null }, announce: null, sendCancel: true };
    case 'tick':
      return tick(state, input.now);
    case 'reply':
      return reply(state, input.reply, input.now);
  }
}

function reply(state: ProgressState, r: Reply, now: number): ProgressStep {
  const quiet = (next: ProgressState): ProgressStep => ({ state: next, announce: null, sendCancel: false });
  if (state.phase === 'cancelling') {
    // The host answers `cancel` with a status; anything before it belongs to the stopped move.
    // A new lesson ends the wait too (loading stops the move, as does the watchdog's restore).
    const over = r.type === 'status' || r.type === 'loaded' || r.type === 'error' || now - state.since >= CANCEL_WAIT_MS;
    if (!over) return quiet(state);
    const idle: ProgressState = { phase: 'idle', intent: state.intent };
    const announce = state.label === null ? null : r.type === 'status' ? `${state.label} cancelled; stopped at ${formatDuration(r.status.simTime)}.` : `${state.label} cancelled.`;
    return { ...(r.type === 'progress' ? reply(idle, r, now) : quiet(idle)), announce };
  }
  switch (r.type) {
    case 'progress': {
      if (r.total > 0 && r.done >= r.total) return finish(state);
      if (state.phase === 'running') return tick({ ...state, done: r.done, total: r.total, lastProgressAt: now, settleAt: null }, now);
      const intent = state.intent;
      const label = intent && intent.operation === r.operation ? intent.label : GENERIC[r.operation];
      return tick({ phase: 'running', intent, label, startedAt: now, lastProgressAt: now, shown: false, done: r.done, total: r.total, settleAt: null }, now);
    }
    case 'frame':
    case 'snapshot':
    case 'status':
      if (state.phase !== 'running') return quiet(state);
      return tick({ ...state, settleAt: state.settleAt ?? now + FINISH_GRACE_MS }, now);
    case 'loaded':
    case 'error':
      // A new lesson stops any move; a failed slice ends it.
      return state.phase === 'running' ? { ...finish(state), announce: state.shown ? `${state.label} stopped.` : null } : quiet(state);
    case 'hash':
      return quiet(state);
  }
}

function tick(state: ProgressState, now: number): ProgressStep {
  if (state.phase === 'cancelling' && now - state.since >= CANCEL_WAIT_MS) return { state: { phase: 'idle', intent: state.intent }, announce: state.label === null ? null : `${state.label} cancelled.`, sendCancel: false };
  if (state.phase !== 'running') return { state, announce: null, sendCancel: false };
  if ((state.settleAt !== null && now >= state.settleAt) || now - state.lastProgressAt >= STALE_MS) return finish(state);
  // Not while a frame waits for its `progress`: the move may just have ended (no flash).
  if (!state.shown && state.settleAt === null && now - state.startedAt >= SHOW_AFTER_MS) {
    return { state: { ...state, shown: true }, announce: `${state.label}… Press Cancel to stop.`, sendCancel: false };
  }
  return { state, announce: null, sendCancel: false };
}

function finish(state: ProgressState): ProgressStep {
  const next: ProgressState = { phase: 'idle', intent: state.intent };
  return { state: next, announce: state.phase === 'running' && state.shown ? `${state.label}: done.` : null, sendCancel: false };
}

/** When the caller should send the next `tick` (null: nothing is waiting on time). */
export function nextWake(state: ProgressState): number | null {
  if (state.phase === 'cancelling') return state.since + CANCEL_WAIT_MS;
  if (state.phase !== 'running') return null;
  const wakes = [state.settleAt, state.lastProgressAt + STALE_MS, state.shown || state.settleAt !== null ? null : state.startedAt + SHOW_AFTER_MS].filter((t): t is number => t !== null);
  return wakes.length === 0 ? null : Math.min(...wakes);
}

/** The indicator's content, or null when it is hidden. */
export function progressView(state: ProgressState): ProgressView | null {
  if (state.phase !== 'running' || !state.shown) return null;
  const percent = state.total > 0 ? Math.min(100, Math.max(0, Math.floor((state.done / state.total) * 100))) : 0;
  return { label: state.label, percent, text: `${state.label}… ${percent} %` };
}
