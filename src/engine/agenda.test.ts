import { describe, expect, it } from 'vitest';
import { Agenda } from './agenda';
import type { HistoryFrame } from './history-records';
import { KeyframePolicy } from './keyframe-policy';
import { PoppedLog } from './popped-log';
import { seedRng } from './rng';
import { TimeTravel } from './time-travel';
import type { SimCore, SimEvent } from './types';

const kinds = (events: readonly SimEvent[]): string[] => events.map((e) => e.kind);

/** Pops every event due by `until`, as a batch would, recording the queue events in `popped`. */
function drain(agenda: Agenda, popped: PoppedLog, until = Number.POSITIVE_INFINITY): string[] {
  const ran: string[] = [];
  for (let event = agenda.popUntil(until, popped); event !== null; event = agenda.popUntil(until, popped)) ran.push(event.kind);
  return ran;
}

describe('agenda (what is still to run)', () => {
  it('runs script and queue in one order: time, then priority, then seq', () => {
    const agenda = new Agenda();
    agenda.addScript(
      [
        { at: 20, priority: 0, kind: 'script-late', payload: null },
        { at: 10, priority: 0, kind: 'script-early', payload: null },
      ],
      0,
    );
    agenda.push('queued-10-urgent', null, 10, -1);
    agenda.push('queued-15', null, 15, 0);
    expect(agenda.size).toBe(4);
    expect(kinds(agenda.pending())).toEqual(['queued-10-urgent', 'script-early', 'queued-15', 'script-late']);
    expect(drain(agenda, new PoppedLog())).toEqual(['queued-10-urgent', 'script-early', 'queued-15', 'script-late']);
    expect(agenda.scriptCursor).toBe(2);
    expect(agenda.nextAt()).toBe(Number.POSITIVE_INFINITY);
  });

  it('never schedules a script event in the past', () => {
    const agenda = new Agenda();
    agenda.addScript([{ at: 5, priority: 0, kind: 'late', payload: null }], 50);
    expect(agenda.peek()).toMatchObject({ at: 50, kind: 'late' });
  });

  it('rolls a batch back: what it queued goes, what it popped returns, counters and cursor as before', () => {
    const agenda = new Agenda();
    agenda.addScript([{ at: 1, priority: 0, kind: 'script', payload: null }], 0);
    agenda.push('queued', null, 2, 0);
    const before = kinds(agenda.pending());
    const [seqBefore, cursorBefore] = [agenda.nextSeq, agenda.scriptCursor];
    const popped = new PoppedLog();
    expect(drain(agenda, popped)).toEqual(['script', 'queued']);
    agenda.push('from-handler', null, 3, 0);
    agenda.rollBack(0, seqBefore, agenda.nextSeq, cursorBefore, popped, 0);
    expect(popped.length).toBe(0);
    expect(kinds(agenda.pending())).toEqual(before);
    expect([agenda.nextSeq, agenda.scriptCursor]).toEqual([seqBefore, cursorBefore]);
  });

  it('a roll back drops exactly the seqs the batch queued: earlier and later events stay', () => {
    const agenda = new Agenda();
    agenda.push('queued-before', null, 50, 0);
    const seqBefore = agenda.nextSeq;
    const popped = new PoppedLog();
    agenda.push('by-batch', null, 40, 0);
    agenda.push('by-batch-and-run', null, 1, 0);
    expect(agenda.popUntil(Number.POSITIVE_INFINITY, popped)?.kind).toBe('by-batch-and-run');
    const seqAfter = agenda.nextSeq;
    agenda.push('set-up-after', null, 60, 0);
    agenda.rollBack(0, seqBefore, seqAfter, 0, popped, 0);
    expect(kinds(agenda.pending())).toEqual(['queued-before', 'set-up-after']);
  });

  it('a new input replaces the inputs made later on this timeline', () => {
    const agenda = new Agenda();
    agenda.input('first', 1, 0, 5);
    agenda.input('later', 2, 0, 9);
    agenda.input('replacing', 3, 0, 7);
    expect(agenda.inputLog().map((e) => [e.kind, e.inputAfter])).toEqual([
      ['first', 5],
      ['replacing', 7],
    ]);
  });

  it('a snapshot leaves out the inputs made at its index and their seqs; restoring queues them again', () => {
    const agenda = new Agenda();
    agenda.push('queued', null, 100, 0);
    const input = agenda.input('input', null, 0, 3);
    const snapshot = agenda.snapshot(3);
    expect(snapshot.nextSeq).toBe(input.seq);
    // Run everything, then go back to the snapshot: the input is there again, once.
    drain(agenda, new PoppedLog());
    agenda.restore(snapshot, 3);
    expect(kinds(agenda.pending())).toEqual(['input', 'queued']);
    expect(agenda.nextSeq).toBe(input.seq + 1);
    agenda.reinsertInputsAfter(3);
    expect(agenda.size).toBe(2);
  });
});

describe('time travel (history and keyframes)', () => {
  const state = (eventIndex: number): SimCore => ({ time: eventIndex * 10, eventIndex, rng: seedRng(1), faults: {}, violations: [] });
  const frame = (from: number, to: number): HistoryFrame<SimCore> => ({ fromEvent: from, toEvent: to, before: state(from), poppedFrom: 0, poppedTo: 0, seqBefore: 0, seqAfter: 0, cursorBefore: 0 });

  it('steps back through history while it is cheaper than replaying from a keyframe', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(100, Number.POSITIVE_INFINITY, () => 0, true), 1000);
    past.captureIfDue(state(0));
    for (let i = 0; i < 10; i++) past.remember(frame(i, i + 1));
    expect(past.rewindTo(state(10), 7).eventIndex).toBe(7);
  });

  it('restores a keyframe when history does not reach back far enough', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(4, Number.POSITIVE_INFINITY, () => 0, true), 2);
    for (let i = 0; i < 10; i++) {
      past.captureIfDue(state(i));
      past.remember(frame(i, i + 1));
    }
    // History keeps the last two events; index 5 is before it: the keyframe at 4 is restored.
    expect(past.rewindTo(state(10), 5).eventIndex).toBe(4);
  });

  it('skips ahead to a keyframe of the known future only when that saves enough events', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(50, Number.POSITIVE_INFINITY, () => 0, true), 0);
    for (let i = 0; i <= 200; i += 50) past.captureIfDue(state(i));
    const now = state(0);
    expect(past.skipAhead(now, (k) => k.eventIndex <= 160).eventIndex).toBe(150);
    // From 150, the keyframe at 150 is no skip at all: stay.
    const at150 = state(150);
    expect(past.skipAhead(at150, (k) => k.eventIndex <= 170)).toBe(at150);
    // A new input at 60 drops the keyframes after it.
    past.forgetAfter(60);
    expect(past.restoreLatest(() => true).eventIndex).toBe(50);
  });
});
