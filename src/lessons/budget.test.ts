import { describe, expect, it } from 'vitest';
import { BUDGETS, estimateWork } from './budget';
import { formatErrors, parseLessonText, validateLesson } from './load';

/** A lesson around a world and a list of actions (spread over steps of at most 2000). */
function lesson(world: Record<string, unknown>, actions: unknown[] = []): Record<string, unknown> {
  const steps: unknown[] = [];
  for (let i = 0; i < actions.length; i += 2000) steps.push({ at: '1s', narration: 'x', actions: actions.slice(i, i + 2000).map((action) => ({ action })) });
  return { id: 'budget', title: 'Budget', summary: 'Budget check.', timeScale: '1s', world: { tenants: [{ id: 'a' }], ...world }, steps };
}

function errors(data: unknown): string[] {
  const result = validateLesson(data, 'big.json');
  return result.ok ? [] : formatErrors(result.errors).split('\n');
}

const REALISTIC = { mode: 'realistic' } as const;
/** 4 TiB in 4 KiB frames is exactly 2^30 frames. */
const MAX_HOST_MIB = (BUDGETS.framesPerHost * 4) / 1024;

const host = (id: string, extra: Record<string, unknown> = {}) => ({ id, memoryMiB: MAX_HOST_MIB, ...extra });
const guests = (prefix: string, count: number, vcpus = 1) => Array.from({ length: count }, (_, g) => ({ id: `${prefix}-${g}`, tenant: 'a', vcpus, memoryMiB: 16 }));
const repeat = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

describe('cost budgets (each just under and just over)', () => {
  it('frames per host: 2^30 passes, one frame more is refused at the host', () => {
    expect(errors(lesson({ memory: REALISTIC, hosts: [host('h')] }))).toEqual([]);
    const over = errors(lesson({ memory: REALISTIC, hosts: [host('h', { memoryMiB: MAX_HOST_MIB + 1 })] }));
    expect(over).toEqual([expect.stringMatching(/^big\.json: \$\.world\.hosts\[0\]\.memoryMiB: host would have 1073742080 frames of 4 KiB; expected 1 to 1073741824 frames per host/)]);
  });

  it('frames over all hosts', () => {
    expect(errors(lesson({ memory: REALISTIC, hosts: [host('h1'), host('h2')] }))).toEqual([]);
    expect(errors(lesson({ memory: REALISTIC, hosts: [host('h1'), host('h2'), host('h3', { memoryMiB: 256 })] }))).toEqual([
      expect.stringMatching(/^big\.json: \$\.world\.hosts\[2\]\.memoryMiB: the lesson asks for 2147549184 memory frames over all hosts; the budget is 2147483648/),
    ]);
  });

  it('guests', () => {
    const under = repeat(4, (h) => ({ id: `h${h}`, guests: guests(`g${h}`, 256) }));
    expect(errors(lesson({ hosts: under }))).toEqual([]);
    expect(errors(lesson({ hosts: [...under, { id: 'h4', guests: guests('g4', 1) }] }))).toEqual([
      'big.json: $.world.hosts[4].guests[0]: the lesson asks for 1025 guest domains; the budget is 1024',
    ]);
  });

  it('vCPUs', () => {
    const under = [{ id: 'h', guests: [...guests('big', 36, 448), { id: 'last', tenant: 'a', vcpus: 256, memoryMiB: 16 }] }];
    expect(errors(lesson({ hosts: under }))).toEqual([]);
    expect(errors(lesson({ hosts: [{ id: 'h', guests: [...guests('big', 36, 448), { id: 'last', tenant: 'a', vcpus: 257, memoryMiB: 16 }] }] }))).toEqual([
      'big.json: $.world.hosts[0].guests[36].vcpus: the lesson asks for 16385 vCPUs over all guests; the budget is 16384',
    ]);
  });

  it('burst round trips (the work of `run --max-events` that one event hides)', () => {
    const burst = (count: number) => ({ type: 'cpu.burst', domain: 'g', count });
    expect(errors(lesson({}, repeat(5, () => burst(1_000_000))))).toEqual([]);
    expect(errors(lesson({}, [...repeat(5, () => burst(1_000_000)), burst(1)]))).toEqual([
      expect.stringMatching(/^big\.json: \$\.steps\[0\]\.actions\[5\]\.action\.count: the lesson asks for 5000001 cpu\.burst round trips; the budget is 5000000/),
    ]);
  });

  it('frames named by memory actions', () => {
    const write = (frames: number) => ({ type: 'mem.write', domain: 'g', label: 'data', frames });
    expect(errors(lesson({}, [write(2 ** 31), write(2 ** 31)]))).toEqual([]);
    expect(errors(lesson({}, [write(2 ** 31), write(2 ** 31), { type: 'mem.probe', domain: 'g', frames: 1 }]))).toEqual([
      'big.json: $.steps[0].actions[2].action.frames: the lesson asks for 4294967297 frames named by memory actions; the budget is 4294967296',
    ]);
  });

  it('EBS volume blocks', () => {
    const create = (i: number) => ({ type: 'ebs.create', volume: `v${i}`, tenant: 'a', sizeBlocks: 4 * 1024 * 1024 });
    expect(errors(lesson({}, repeat(4, create)))).toEqual([]);
    expect(errors(lesson({}, [...repeat(4, create), { type: 'ebs.write', volume: 'v0', data: 'x' }]))).toEqual([
      'big.json: $.steps[0].actions[4].action.count: the lesson asks for 16777217 EBS volume blocks created, read or written; the budget is 16777216',
    ]);
  });

  it('scripted actions', () => {
    const syscall = { type: 'cpu.syscall', domain: 'g' };
    expect(errors(lesson({}, repeat(BUDGETS.actions, () => syscall)))).toEqual([]);
    expect(errors(lesson({}, repeat(BUDGETS.actions + 1, () => syscall)))).toEqual([
      'big.json: $.steps[10].actions[0].action: the lesson asks for 20001 scripted actions; the budget is 20000',
    ]);
  });

  it('is checked when a file is parsed (validate, run, replay and the app share this path)', () => {
    const text = JSON.stringify(lesson({ memory: REALISTIC, hosts: repeat(64, (h) => host(`h${h}`, { memoryMiB: MAX_HOST_MIB * 2 })) }));
    const result = parseLessonText(text, 'hostile.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ file: 'hostile.json', path: '$.world.hosts[0].memoryMiB' });
  });

  it('estimates the work of a small lesson', () => {
    const result = validateLesson(lesson({ hosts: [{ id: 'h', guests: guests('g', 2, 4) }] }, [{ type: 'cpu.burst', domain: 'g-0', count: 10 }]), 'x.json');
    if (!result.ok) throw new Error(formatErrors(result.errors));
    expect(estimateWork(result.lesson).totals).toMatchObject({ actions: 1, guests: 2, vcpus: 8, burstRoundTrips: 10 });
  });
});

/** The work estimate of a lesson that must be valid. */
function work(data: unknown): ReturnType<typeof estimateWork> {
  const result = validateLesson(data, 'x.json');
  if (!result.ok) throw new Error(formatErrors(result.errors));
  return estimateWork(result.lesson);
}

/** Four EBS volumes of 4 Mi blocks: exactly the volume-block budget, so any further block crosses it. */
const FULL_VOLUMES = repeat(4, (i) => ({ type: 'ebs.create', volume: `v${i}`, tenant: 'a', sizeBlocks: 4 * 1024 * 1024 }));

describe('cost budgets: what each action counts, and where the error points', () => {
  it('a budget crossed more than once is reported at the item that crossed it first', () => {
    const syscall = { type: 'cpu.syscall', domain: 'g' };
    expect(errors(lesson({}, repeat(BUDGETS.actions + 3, () => syscall)))).toEqual([
      'big.json: $.steps[10].actions[0].action: the lesson asks for 20003 scripted actions; the budget is 20000',
    ]);
  });

  it('frames are 16 MiB in teaching mode (the default) and 4 KiB in realistic mode, unless frameKiB says otherwise', () => {
    const hosts = [{ id: 'h', memoryMiB: 65536 }];
    expect(work(lesson({ hosts })).hostFrames).toEqual([4096]);
    expect(work(lesson({ memory: { mode: 'teaching' }, hosts })).hostFrames).toEqual([4096]);
    expect(work(lesson({ memory: REALISTIC, hosts })).hostFrames).toEqual([16 * 1024 * 1024]);
    expect(work(lesson({ memory: { mode: 'realistic', frameKiB: 1024 }, hosts })).hostFrames).toEqual([65536]);
  });

  it('the frames-per-host total is the largest host, not the sum or the smallest', () => {
    const estimate = work(lesson({ hosts: [{ id: 'small', memoryMiB: 16384 }, { id: 'big', memoryMiB: 65536 }, { id: 'mid', memoryMiB: 32768 }] }));
    expect(estimate.hostFrames).toEqual([1024, 4096, 2048]);
    expect(estimate.totals.framesPerHost).toBe(4096);
    expect(estimate.totals.framesTotal).toBe(7168);
  });

  it('a host needs at least one frame: one frame passes, zero frames are refused with the frame size', () => {
    const oneHost = (frameKiB: number) => lesson({ memory: { mode: 'realistic', frameKiB }, hosts: [{ id: 'h', memoryMiB: 256 }] });
    expect(errors(oneHost(256 * 1024))).toEqual([]);
    expect(errors(oneHost(512 * 1024))).toEqual([
      'big.json: $.world.hosts[0].memoryMiB: host would have 0 frames of 524288 KiB; expected 1 to 1073741824 frames per host (change world.memory.frameKiB or memoryMiB)',
    ]);
  });

  it('a grant names one frame; dom0.foreignMap counts its frames like the mem.* actions', () => {
    expect(work(lesson({}, [{ type: 'mem.grant', domain: 'g', to: 'h', gfn: 7 }])).totals.memoryActionFrames).toBe(1);
    const write = { type: 'mem.write', domain: 'g', label: 'data', frames: 2 ** 31 };
    const map = { type: 'dom0.foreignMap', guest: 'g', purpose: 'live-migration', frames: 3 };
    expect(work(lesson({}, [map])).totals.memoryActionFrames).toBe(3);
    expect(errors(lesson({}, [write, write, map]))).toEqual([
      'big.json: $.steps[0].actions[2].action.frames: the lesson asks for 4294967299 frames named by memory actions; the budget is 4294967296',
    ]);
  });

  it('ebs.create counts its size, ebs.read and ebs.write their block count, each at its own field', () => {
    expect(errors(lesson({}, [...FULL_VOLUMES, { type: 'ebs.create', volume: 'v4', tenant: 'a', sizeBlocks: 5 }]))).toEqual([
      'big.json: $.steps[0].actions[4].action.sizeBlocks: the lesson asks for 16777221 EBS volume blocks created, read or written; the budget is 16777216',
    ]);
    expect(errors(lesson({}, [...FULL_VOLUMES, { type: 'ebs.read', volume: 'v0', count: 2 }]))).toEqual([
      'big.json: $.steps[0].actions[4].action.count: the lesson asks for 16777218 EBS volume blocks created, read or written; the budget is 16777216',
    ]);
    expect(errors(lesson({}, [...FULL_VOLUMES, { type: 'ebs.write', volume: 'v0', data: 'x', count: 3 }]))).toEqual([
      'big.json: $.steps[0].actions[4].action.count: the lesson asks for 16777219 EBS volume blocks created, read or written; the budget is 16777216',
    ]);
  });

  it('actions that move no blocks count none', () => {
    const others = [
      { type: 'cpu.syscall', domain: 'g' },
      { type: 'ebs.attach', volume: 'v0', guest: 'g' },
      { type: 'ebs.detach', volume: 'v0' },
      { type: 'ebs.delete', volume: 'v0' },
    ];
    expect(work(lesson({}, others)).totals).toMatchObject({ actions: 4, volumeBlocks: 0, memoryActionFrames: 0, burstRoundTrips: 0 });
  });

  it('the budgets with a hint give it in full', () => {
    expect(errors(lesson({ memory: REALISTIC, hosts: [host('h1'), host('h2'), host('h3', { memoryMiB: 256 })] }))).toEqual([
      'big.json: $.world.hosts[2].memoryMiB: the lesson asks for 2147549184 memory frames over all hosts; the budget is 2147483648 (use bigger frames (world.memory.frameKiB or mode "teaching") or less host memory)',
    ]);
    const burst = (count: number) => ({ type: 'cpu.burst', domain: 'g', count });
    expect(errors(lesson({}, [...repeat(5, () => burst(1_000_000)), burst(1)]))).toEqual([
      'big.json: $.steps[0].actions[5].action.count: the lesson asks for 5000001 cpu.burst round trips; the budget is 5000000 (use fewer or smaller bursts; the counters scale linearly)',
    ]);
  });
});
