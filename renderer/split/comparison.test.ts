import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/host/manual-clock';
import { SimHost } from '../../src/host/sim-host';
import { findLesson } from '../../src/lessons';
import type { Reply } from '../../src/protocol/replies';
import { Comparison, type SimulatorPort } from './comparison';
import { diffStates } from './diff';
import { withFaultFlipped } from './faults';

/** An in-process simulator behind the comparison's port; replies can be held back to model latency. */
function inProcessPort() {
  const listeners = new Set<(reply: Reply) => void>();
  const held: Reply[] = [];
  let holding = false;
  // Long moves run in slices on the host's timers: a manual clock runs them when the test says.
  const { clock, advance } = manualClock();
  const host = new SimHost((reply) => (holding ? held.push(reply) : listeners.forEach((l) => l(reply))), { clock });
  const sent: string[] = [];
  const port: SimulatorPort = {
    send: (command) => {
      sent.push(command.type);
      host.handle(command);
      advance(0);
    },
    onReply(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => host.dispose(),
  };
  const release = (): void => {
    holding = false;
    for (const reply of held.splice(0)) listeners.forEach((l) => l(reply));
  };
  return { port, sent, hold: () => (holding = true), release };
}

describe('Comparison', () => {
  const lesson = findLesson('memory-scrubbing');
  if (!lesson) throw new Error('missing lesson');

  it('follows the main run by simulated time and shows the fault\'s difference', () => {
    const mainClock = manualClock();
    const main = new SimHost(() => {}, { clock: mainClock.clock });
    main.handle({ type: 'load', lessonId: lesson.id });
    const { port } = inProcessPort();
    const comparison = new Comparison(() => {}, port);
    comparison.load(withFaultFlipped(lesson, 'no-scrub').lesson, main.status().seed, 'memory-scrubbing/no-scrub');
    main.handle({ type: 'seek', simTime: 8e9 });
    mainClock.advance(0);
    comparison.follow(main.status());
    expect(comparison.mirror.status?.simTime).toBe(8e9);
    const mainState = main.engine?.state;
    if (!mainState || !comparison.mirror.state) throw new Error('no state');
    const diff = diffStates(mainState, comparison.mirror.state);
    expect(diff.differences[0]?.path).toBe('$.violations');
    main.handle({ type: 'stepLesson', delta: -1 });
    mainClock.advance(0);
    comparison.follow(main.status());
    expect(comparison.mirror.status?.simTime).toBe(main.status().simTime);
  });

  it('keeps one seek in flight and coalesces later moves into the latest time', () => {
    const { port, sent, hold, release } = inProcessPort();
    const comparison = new Comparison(() => {}, port);
    comparison.load(lesson, 1, 'plain');
    hold();
    for (const t of [1e9, 2e9, 3e9, 4e9]) comparison.follow({ simTime: t } as never);
    expect(sent.filter((t) => t === 'seek')).toHaveLength(1);
    release();
    expect(sent.filter((t) => t === 'seek')).toHaveLength(2);
    expect(comparison.mirror.status?.simTime).toBe(4e9);
    comparison.load(lesson, 1, 'plain');
    expect(sent.filter((t) => t === 'load')).toHaveLength(1);
  });
});
