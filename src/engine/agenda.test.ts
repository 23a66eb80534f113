import { describe, expect, it } from 'vitest';
import { Agenda } from './agenda';
import { NoKeyframe } from './errors';
import { KeyframePolicy } from './keyframe-policy';
import { seedRng } from './rng';
import { TimeTravel } from './time-travel';
import type { SimCore, SimEvent } from './types';

const kinds = (events: readonly SimEvent[]): string[] => events.map((e) => e.kind);

/** Pops every event due by `until`, as a batch would. */
function drain(agenda: Agenda, until = Number.POSITIVE_INFINITY): string[] {
  const ran: string[] = [];
  for (let event = agenda.popUntil(until); event !== null; event = agenda.popUntil(until)) ran.push(event.kind);
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
    expect(drain(agenda)).toEqual(['queued-10-urgent', 'script-early', 'queued-15', 'script-late']);
    expect(agenda.scriptCursor).toBe(2);
    expect(agenda.nextAt()).toBe(Number.POSITIVE_INFINITY);
  });

  it('never schedules a script event in the past', () => {
    const agenda = new Agenda();
    agenda.addScript([{ at: 5, priority: 0, kind: 'late', payload: null }], 50);
    expect(agenda.peek()).toMatchObject({ at: 50, kind: 'late' });
  });

  it('takes nothing due after `until`, and nothing from an empty agenda', () => {
    const agenda = new Agenda();
    expect(agenda.popUntil(Number.POSITIVE_INFINITY)).toBeNull();
    agenda.addScript([{ at: 7, priority: 0, kind: 'script', payload: null }], 0);
    agenda.push('queued', null, 5, 0);
    expect(drain(agenda, 4)).toEqual([]);
    expect(drain(agenda, 5)).toEqual(['queued']);
    expect(drain(agenda, 6)).toEqual([]);
    expect(drain(agenda, 7)).toEqual(['script']);
    expect(agenda.size).toBe(0);
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
    drain(agenda);
    agenda.restore(snapshot, 3);
    expect(kinds(agenda.pending())).toEqual(['input', 'queued']);
    expect(agenda.nextSeq).toBe(input.seq + 1);
    agenda.reinsertInputsAfter(3);
    expect(agenda.size).toBe(2);
  });
});

describe('time travel (keyframes)', () => {
  const state = (eventIndex: number): SimCore => ({ time: eventIndex * 10, eventIndex, rng: seedRng(1), faults: {}, violations: [] });

  it('goes back to the newest keyframe at or before the goal', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(4, Number.POSITIVE_INFINITY, () => 0, true));
    for (let i = 0; i < 10; i++) past.captureIfDue(state(i));
    expect(past.rewindTo(9).eventIndex).toBe(8);
    expect(past.rewindTo(5).eventIndex).toBe(4);
    expect(past.rewindTo(4).eventIndex).toBe(4);
    expect(past.rewindTo(0).eventIndex).toBe(0);
  });

  it('after set-up changed the agenda, the next batch starts with a keyframe that replaces any at its index', () => {
    const agenda = new Agenda();
    const past = new TimeTravel<SimCore>(agenda, new KeyframePolicy(100, Number.POSITIVE_INFINITY, () => 0, true));
    past.captureIfDue(state(0));
    for (let i = 1; i < 60; i++) past.captureIfDue(state(i));
    expect(past.rewindTo(50).eventIndex).toBe(0);
    agenda.push('set-up', null, 600, 0);
    past.agendaChangedAfter(30);
    past.captureIfDue(state(30));
    expect(past.rewindTo(50).eventIndex).toBe(30);
    expect(kinds(agenda.pending())).toEqual(['set-up']);
    // Back at 0 (whose keyframe has no set-up event) and changed again there: the keyframe at 0 is replaced.
    past.rewindTo(0);
    expect(agenda.size).toBe(0);
    agenda.push('set-up-at-0', null, 1, 0);
    past.agendaChangedAfter(0);
    past.captureIfDue(state(0));
    agenda.popUntil(Number.POSITIVE_INFINITY);
    expect(past.rewindTo(30).eventIndex).toBe(0);
    expect(kinds(agenda.pending())).toEqual(['set-up-at-0']);
  });

  it('a one-way policy takes no keyframe, set-up changes included', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, () => 0, false));
    past.agendaChangedAfter(0);
    past.captureIfDue(state(0));
    expect(() => past.rewindTo(0)).toThrow(NoKeyframe);
  });

  it('skips ahead to a keyframe of the known future only when that saves enough events', () => {
    const past = new TimeTravel<SimCore>(new Agenda(), new KeyframePolicy(50, Number.POSITIVE_INFINITY, () => 0, true));
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
