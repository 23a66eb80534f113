import { describe, expect, it } from 'vitest';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import type { CommandInput } from '../protocol/commands';
import type { HostStatus, Reply } from '../protocol/replies';
import { SessionRecorder } from './session';

/**
 * The recorder at the protocol level, without a host: the test plays the host's part, answering
 * each command and probe by hand, and reads back the lines written.
 */
// A built-in lesson: always found.
const lesson = findLesson('hello-host') as Lesson;
const START = 1000;
/** One simulated second per wall second at 1×: 1e6 ns of simulated time per wall ms. */
const SCALE = 1e9;

function status(extra: Partial<HostStatus> = {}): HostStatus {
  return {
    lessonId: 'hello-host',
    playing: false,
    speed: 1,
    timeScaleNs: SCALE,
    simTime: 0,
    eventIndex: 0,
    furthestEventIndex: 0,
    endTime: 8e9,
    pending: 0,
    nextEventAt: null,
    stepIndex: -1,
    violations: 0,
    seed: 1,
    faults: [],
    ...extra,
  };
}

/** A written line as plain JSON (JSON.parse's result is cast to this: the lines were just written). */
type Line = Record<string, unknown>;

function harness(initial: Partial<HostStatus> = {}) {
  let now = START;
  let file = '';
  const sent: CommandInput[] = [];
  const recorder = new SessionRecorder({
    app: 'test',
    lesson,
    status: status(initial),
    viewport: { width: 1280, height: 720 },
    now: () => now,
    sink: (text) => (file += text),
    send: (command) => sent.push(command),
  });
  const probeId = (command: CommandInput | undefined): number => {
    if (command?.type !== 'hash' || command.requestId === undefined) throw new Error(`expected a hash probe, got ${JSON.stringify(command)}`);
    return command.requestId;
  };
  /** The request id the recorder gave an input command. */
  const inputId = (out: CommandInput[]): number => {
    const command = out[0];
    if (command?.type !== 'input' || command.requestId === undefined) throw new Error(`expected an input with a request id, got ${JSON.stringify(command)}`);
    return command.requestId;
  };
  return {
    recorder,
    sent,
    inputId,
    /** Moves the wall clock to `w` ms after the recording started. */
    at: (w: number) => {
      now = START + w;
    },
    /** Every line after the header and the initial position line. */
    lines: (): Line[] =>
      file
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((row) => JSON.parse(row) as Line),
    header: (): Line => JSON.parse(file.split('\n')[0] as string) as Line,
    first: (): Line => JSON.parse(file.split('\n')[1] as string) as Line,
    probeId,
    hash: (requestId: number, eventIndex: number, simTime: number, hash = '0123456789abcdef'): Reply => ({ type: 'hash', requestId, hash, eventIndex, simTime }),
    status: (extra: Partial<HostStatus>, requestId?: number): Reply => ({ type: 'status', ...(requestId === undefined ? {} : { requestId }), status: status(extra) }),
  };
}

describe('SessionRecorder: commands and where their lines land', () => {
  it('starts with the header and a position line from the host status', () => {
    const h = harness({ simTime: 5000, eventIndex: 3, playing: true, speed: 2, seed: 7, faults: [] });
    expect(h.header()).toMatchObject({ kind: 'header', lessonId: 'hello-host', seed: 7, viewport: { width: 1280, height: 720 }, app: 'test' });
    expect(h.first()).toEqual({ kind: 'nav', op: 'seek', t: 5000, e: 3, w: 0, playing: true, speed: 2 });
  });

  it('each navigation command is followed by a probe; its answer writes the line at the host position', () => {
    const h = harness();
    const cases: Array<[CommandInput, Line]> = [
      [{ type: 'play' }, { kind: 'nav', op: 'play', playing: true }],
      [{ type: 'pause' }, { kind: 'nav', op: 'pause', playing: false }],
      [{ type: 'step', count: 2 }, { kind: 'nav', op: 'step', playing: false }],
      [{ type: 'stepBack', count: 1 }, { kind: 'nav', op: 'stepBack', playing: false }],
      [{ type: 'stepLesson', delta: 1 }, { kind: 'nav', op: 'stepLesson' }],
      [{ type: 'seek', step: 2 }, { kind: 'nav', op: 'seek' }],
      [{ type: 'setSpeed', speed: 4 }, { kind: 'nav', op: 'speed', speed: 4 }],
    ];
    const expected: Line[] = [];
    cases.forEach(([command, line], k) => {
      h.at(100 * (k + 1));
      const out = h.recorder.command(command);
      expect(out).toHaveLength(2);
      expect(out[0]).toEqual(command);
      h.recorder.reply(h.hash(h.probeId(out[1]), 10 + k, 1000 * k));
      expected.push({ ...line, t: 1000 * k, e: 10 + k, w: 100 * (k + 1) });
    });
    expect(h.lines()).toEqual(expected);
  });

  it('an input gets a request id far above the UI’s and is written when its status says where it went', () => {
    const h = harness();
    h.at(250);
    const out = h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'web-a' } });
    expect(out).toHaveLength(1);
    const id = h.inputId(out);
    expect(id).toBeGreaterThanOrEqual(2 ** 40);
    expect(h.lines()).toEqual([]);
    h.at(400);
    h.recorder.reply(h.status({ simTime: 777, eventIndex: 4 }, id));
    // Written at the wall time it was sent, at the position the host inserted it.
    expect(h.lines()).toEqual([{ kind: 'input', t: 777, e: 4, w: 250, action: { type: 'cpu.syscall', domain: 'web-a' } }]);
  });

  it('commands sent before any answer keep their own lines (distinct request ids)', () => {
    const h = harness();
    const a = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'a' } }));
    const play = h.recorder.command({ type: 'play' });
    const b = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'b' } }));
    h.recorder.marker('M');
    const markerProbe = h.sent[0];
    const c = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'c' } }));
    h.recorder.marker('N');
    const ids = [a, h.probeId(play[1]), b, h.probeId(markerProbe), c, h.probeId(h.sent[1])];
    expect(new Set(ids).size).toBe(6);
    h.recorder.reply(h.status({ eventIndex: 1 }, a));
    h.recorder.reply(h.hash(h.probeId(play[1]), 1, 0));
    h.recorder.reply(h.status({ eventIndex: 2 }, b));
    h.recorder.reply(h.hash(h.probeId(markerProbe), 2, 0));
    h.recorder.reply(h.status({ eventIndex: 3 }, c));
    h.recorder.reply(h.hash(h.probeId(h.sent[1]), 3, 0));
    expect(h.lines().map((l) => `${String(l.kind)}:${String(l.e)}:${JSON.stringify(l.action ?? l.label ?? l.op)}`)).toEqual([
      'input:1:{"type":"cpu.syscall","domain":"a"}',
      'nav:1:"play"',
      'input:2:{"type":"cpu.syscall","domain":"b"}',
      'marker:2:"M"',
      'input:3:{"type":"cpu.syscall","domain":"c"}',
      'marker:3:"N"',
    ]);
  });

  it('a load (or any other command) passes through unchanged and writes nothing', () => {
    const h = harness();
    const load: CommandInput = { type: 'load', lessonId: 'tour' };
    expect(h.recorder.command(load)).toEqual([load]);
    expect(h.lines()).toEqual([]);
  });

  it('markers carry label, narration (empty by default), chapter flag and the probed hash', () => {
    const h = harness();
    h.at(300);
    h.recorder.marker('Plain');
    h.recorder.marker('Chapter', 'Told here', true);
    h.at(900);
    h.recorder.reply(h.hash(h.probeId(h.sent[0]), 5, 500, 'aaaaaaaaaaaaaaaa'));
    h.recorder.reply(h.hash(h.probeId(h.sent[1]), 6, 600, 'bbbbbbbbbbbbbbbb'));
    expect(h.lines()).toEqual([
      { kind: 'marker', t: 500, e: 5, w: 300, label: 'Plain', narration: '', chapter: false, hash: 'aaaaaaaaaaaaaaaa' },
      { kind: 'marker', t: 600, e: 6, w: 300, label: 'Chapter', narration: 'Told here', chapter: true, hash: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('view and focus lines carry the last known position and the wall time since the start', () => {
    const h = harness({ simTime: 40, eventIndex: 2 });
    h.at(500);
    h.recorder.view('memory');
    const entities = ['web-a', 'db-b'];
    h.recorder.focus(entities);
    entities.push('changed-later');
    expect(h.lines()).toEqual([
      { kind: 'view', t: 40, e: 2, w: 500, view: 'memory' },
      { kind: 'focus', t: 40, e: 2, w: 500, entities: ['web-a', 'db-b'] },
    ]);
  });
});

describe('SessionRecorder: replies that write nothing', () => {
  it('a rejected input (an error reply) is not recorded, and a probe answered by an error writes no marker', () => {
    const h = harness();
    const input = h.inputId(h.recorder.command({ type: 'input', action: { type: 'nope' } }));
    h.recorder.marker('M');
    h.recorder.reply({ type: 'error', requestId: input, message: 'rejected' });
    h.recorder.reply({ type: 'error', requestId: h.probeId(h.sent[0]), message: 'busy' });
    // Answered once: a later reply with the same ids is someone else's.
    h.recorder.reply(h.status({ eventIndex: 9 }, input));
    h.recorder.reply(h.hash(h.probeId(h.sent[0]), 9, 0));
    expect(h.lines()).toEqual([]);
  });

  it('only a status reply records an input; a hash for someone else’s request is ignored', () => {
    const h = harness();
    const input = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'a' } }));
    h.recorder.reply(h.hash(input, 3, 30));
    h.recorder.reply(h.hash(7, 3, 30));
    expect(h.lines()).toEqual([]);
  });
});

describe('SessionRecorder: following play', () => {
  /** Starts playing at w = 0, simulated time 0 (the play line is answered at once). */
  function playing() {
    const h = harness();
    const out = h.recorder.command({ type: 'play' });
    h.recorder.reply(h.hash(h.probeId(out[1]), 0, 0));
    expect(h.lines()).toEqual([{ kind: 'nav', op: 'play', t: 0, e: 0, w: 0, playing: true }]);
    const frame = (w: number, simTime: number, extra: Partial<HostStatus> = {}): void => {
      h.at(w);
      h.recorder.reply({ type: 'frame', seq: w, patches: [], trace: [], status: status({ playing: true, simTime, eventIndex: Math.floor(simTime / 1e8), ...extra }) });
    };
    const positions = () => h.lines().filter((l) => l.op === 'position');
    return { h, frame, positions };
  }

  it('samples the clock every 250 ms, and writes a sample only when play strays from a straight line', () => {
    const { frame, positions } = playing();
    frame(100, 1e8);
    expect(positions()).toEqual([]);
    frame(250, 2.5e8);
    expect(positions()).toEqual([{ kind: 'nav', op: 'position', t: 2.5e8, e: 2, w: 250, playing: true }]);
    // Off the line, but less than 250 ms after the last sample: not looked at yet.
    frame(300, 9e8);
    expect(positions()).toHaveLength(1);
    // On the line through the last sample: nothing.
    frame(499, 4.99e8);
    frame(500, 5e8);
    // Exactly the tolerance (100 ms of simulated time) off the line: still nothing.
    frame(750, 7.5e8 + 1e8);
    expect(positions()).toHaveLength(1);
    // Just beyond it: a sample.
    frame(1000, 1e9 + 1e8 + 1);
    expect(positions()).toHaveLength(2);
    expect(positions()[1]).toMatchObject({ t: 1e9 + 1e8 + 1, w: 1000 });
  });

  it('steady play still writes a sample every 5 s', () => {
    const { frame, positions } = playing();
    frame(250, 2.5e8);
    for (let w = 500; w < 5250; w += 250) frame(w, w * 1e6);
    expect(positions()).toHaveLength(1);
    frame(5250, 5.25e9);
    expect(positions().map((l) => l.w)).toEqual([250, 5250]);
  });

  it('a change of pace is sampled even when the new pace would predict the time', () => {
    const { frame, positions } = playing();
    frame(250, 2.5e8);
    // At 2× the sample would lie on a line through the last one; the pace changed, so it is written.
    frame(500, 2.5e8 + 250 * 2e6, { speed: 2 });
    expect(positions().map((l) => l.w)).toEqual([250, 500]);
  });

  it('any other line restarts the straight line: the next sample is written', () => {
    const { h, frame, positions } = playing();
    frame(250, 2.5e8);
    h.recorder.view('network');
    frame(500, 5e8);
    expect(positions().map((l) => l.w)).toEqual([250, 500]);
    expect(h.lines().find((l) => l.kind === 'view')).toEqual({ kind: 'view', t: 2.5e8, e: 2, w: 250, view: 'network' });
  });

  it('a navigation line while playing (a seek) also restarts the straight line', () => {
    const { h, frame, positions } = playing();
    frame(250, 2.5e8);
    h.at(400);
    const out = h.recorder.command({ type: 'seek', simTime: 4e8 });
    h.recorder.reply(h.hash(h.probeId(out[1]), 4, 4e8));
    frame(500, 5e8);
    expect(positions().map((l) => l.w)).toEqual([250, 500]);
  });

  it('the host stopping because of a command still unanswered is written after that command’s line', () => {
    const { h } = playing();
    h.at(300);
    const out = h.recorder.command({ type: 'stepLesson', delta: 1 });
    h.recorder.reply(h.status({ playing: false, simTime: 3e9, eventIndex: 9 }));
    h.recorder.reply(h.hash(h.probeId(out[1]), 9, 3e9));
    h.at(400);
    h.recorder.reply(h.status({ playing: false, simTime: 3e9, eventIndex: 9 }));
    expect(h.lines().slice(1)).toEqual([
      { kind: 'nav', op: 'stepLesson', t: 3e9, e: 9, w: 300 },
      { kind: 'nav', op: 'pause', t: 3e9, e: 9, w: 400, playing: false },
    ]);
  });

  it('status and snapshot replies are sampled like frames', () => {
    const { h, positions } = playing();
    h.at(250);
    h.recorder.reply(h.status({ playing: true, simTime: 2.5e8, eventIndex: 2 }));
    h.at(600);
    h.recorder.reply({ type: 'snapshot', seq: 1, state: {} as never /* the recorder reads only a snapshot's status */, status: status({ playing: true, simTime: 9e8, eventIndex: 3 }) });
    expect(positions().map((l) => [l.w, l.t])).toEqual([
      [250, 2.5e8],
      [600, 9e8],
    ]);
  });

  it('when the host stops by itself (the lesson ended), a pause line is written once', () => {
    const { h, frame } = playing();
    frame(250, 2.5e8);
    h.at(400);
    h.recorder.reply(h.status({ playing: false, simTime: 3e8, eventIndex: 7 }));
    h.at(900);
    h.recorder.reply(h.status({ playing: false, simTime: 3e8, eventIndex: 7 }));
    const lines = h.lines();
    expect(lines.slice(-1)).toEqual([{ kind: 'nav', op: 'pause', t: 3e8, e: 7, w: 400, playing: false }]);
    expect(lines.filter((l) => l.op === 'pause')).toHaveLength(1);
  });

  it('a stopped status while the pause command is still unanswered writes only the pause command’s line', () => {
    const { h } = playing();
    h.at(300);
    const out = h.recorder.command({ type: 'pause' });
    h.recorder.reply(h.status({ playing: false, simTime: 3e8, eventIndex: 3 }));
    h.recorder.reply(h.hash(h.probeId(out[1]), 3, 3e8));
    expect(h.lines().slice(1)).toEqual([{ kind: 'nav', op: 'pause', t: 3e8, e: 3, w: 300, playing: false }]);
  });

  it('while paused, statuses write nothing (also after a step)', () => {
    const h = harness();
    h.at(100);
    const out = h.recorder.command({ type: 'step', count: 1 });
    h.recorder.reply(h.hash(h.probeId(out[1]), 1, 10));
    for (const w of [400, 800, 6000]) {
      h.at(w);
      h.recorder.reply(h.status({ playing: false, simTime: 10, eventIndex: 1 }));
    }
    expect(h.lines()).toEqual([{ kind: 'nav', op: 'step', t: 10, e: 1, w: 100, playing: false }]);
  });

  it('after play then pause, a stopped status is not mistaken for the host stopping', () => {
    const { h } = playing();
    h.at(300);
    const out = h.recorder.command({ type: 'pause' });
    h.recorder.reply(h.hash(h.probeId(out[1]), 3, 3e8));
    h.at(600);
    h.recorder.reply(h.status({ playing: false, simTime: 3e8, eventIndex: 3 }));
    expect(h.lines().filter((l) => l.op === 'pause')).toHaveLength(1);
  });
});

describe('SessionRecorder: ending the file', () => {
  it('finish asks for the final hash; the end line carries it and the input count, then done runs', () => {
    const h = harness();
    const input = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'a' } }));
    h.recorder.reply(h.status({ simTime: 50, eventIndex: 2 }, input));
    const done: string[] = [];
    h.at(700);
    expect(h.recorder.isFinishing).toBe(false);
    h.recorder.finish(() => done.push('first'));
    h.recorder.finish(() => done.push('second'));
    expect(h.recorder.isFinishing).toBe(true);
    expect(h.sent).toHaveLength(1);
    expect(done).toEqual([]);
    h.at(900);
    h.recorder.reply(h.hash(h.probeId(h.sent[0]), 4, 80, 'cccccccccccccccc'));
    expect(done).toEqual(['first', 'second']);
    expect(h.recorder.isFinishing).toBe(false);
    expect(h.lines().slice(-1)).toEqual([{ kind: 'end', t: 80, e: 4, w: 700, hash: 'cccccccccccccccc', inputs: 1 }]);
    expect(h.recorder.writer.isClosed).toBe(true);
  });

  it('finish on a closed file just calls done; a second finish after the end does too', () => {
    const h = harness();
    h.recorder.close();
    let calls = 0;
    h.recorder.finish(() => calls++);
    h.recorder.finish();
    expect(calls).toBe(1);
    expect(h.sent).toEqual([]);
  });

  it('close ends at once without a hash, running a finish that was waiting', () => {
    const h = harness({ simTime: 12, eventIndex: 1 });
    let calls = 0;
    h.recorder.finish(() => calls++);
    h.at(450);
    h.recorder.close();
    expect(calls).toBe(1);
    expect(h.recorder.isFinishing).toBe(false);
    expect(h.lines()).toEqual([{ kind: 'end', t: 12, e: 1, w: 450, inputs: 0 }]);
    // The late answer to the finish probe changes nothing.
    h.recorder.reply(h.hash(h.probeId(h.sent[0]), 1, 12));
    h.recorder.close();
    expect(h.lines()).toHaveLength(1);
  });

  it('after the end: commands pass through unchanged, nothing more is written or sent', () => {
    const h = harness();
    const input = h.inputId(h.recorder.command({ type: 'input', action: { type: 'cpu.syscall', domain: 'a' } }));
    h.recorder.close();
    const play: CommandInput = { type: 'play' };
    expect(h.recorder.command(play)).toEqual([play]);
    h.recorder.marker('late');
    h.recorder.view('memory');
    h.recorder.focus(['web-a']);
    h.recorder.reply(h.status({ eventIndex: 3 }, input));
    h.recorder.reply(h.status({ playing: true, simTime: 9e9 }));
    expect(h.sent).toEqual([]);
    expect(h.lines()).toEqual([{ kind: 'end', t: 0, e: 0, w: 0, inputs: 0 }]);
  });
});
