import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../src/lessons';
import { FAULTS } from '../src/model/registry';
import { runHeadless } from './simulate';
import { isolab } from './test-io';

interface RunJson {
  target: string;
  seed: number;
  events: number;
  simTimeNs: number;
  stateHash: string;
  violations: unknown[];
}

async function runJson(args: string[], cwd?: string): Promise<RunJson> {
  const r = await isolab(['run', ...args, '--json'], cwd);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as RunJson;
}

const hello = (): NonNullable<ReturnType<typeof findLesson>> => findLesson('hello-host') as NonNullable<ReturnType<typeof findLesson>>;

describe('isolab run', () => {
  it('prints exactly the contract fields as one JSON object', async () => {
    const r = await runJson(['hello-host']);
    expect(Object.keys(r).sort()).toEqual(['events', 'seed', 'simTimeNs', 'stateHash', 'target', 'violations']);
    expect(r.target).toBe('hello-host');
    expect(r.events).toBeGreaterThan(0);
    expect(r.stateHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Array.isArray(r.violations)).toBe(true);
  });

  it('gives the same state hash for the same target, seed and faults', async () => {
    const a = await runJson(['hello-host', '--seed', '42']);
    const b = await runJson(['hello-host', '--seed', '42']);
    expect(b).toEqual(a);
  });

  it('lets the seed reach the state: a different seed gives a different PRNG state and hash', () => {
    const a = runHeadless(hello(), { seed: 1 });
    const b = runHeadless(hello(), { seed: 2 });
    expect(a.engine.state.rng).not.toEqual(b.engine.state.rng);
    expect(a.stateHash).not.toBe(b.stateHash);
  });

  it.runIf(FAULTS.length > 0)('switches a fault on from time zero and the hash covers it', () => {
    const name = (FAULTS[0] as { name: string }).name;
    const clean = runHeadless(hello(), {});
    const faulty = runHeadless(hello(), { faults: [name] });
    expect(faulty.engine.state.faults[name]).toBe(true);
    expect(faulty.stateHash).not.toBe(clean.stateHash);
  });

  it('rejects an unknown fault with the list of known ones', async () => {
    const r = await isolab(['run', 'hello-host', '--fault', 'no-such-fault']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown fault "no-such-fault"; (known faults: |no faults are defined yet)/);
    for (const f of FAULTS) expect(r.err).toContain(f.name);
  });

  it('stops at --until and reports the time of the last event run', async () => {
    const full = await runJson(['hello-host']);
    const part = await runJson(['hello-host', '--until', '2s']);
    expect(part.events).toBeLessThan(full.events);
    expect(part.simTimeNs).toBeLessThanOrEqual(2e9);
    expect(part.stateHash).not.toBe(full.stateHash);
  });

  it.each([
    [['--seed', '-1'], /--seed expects an integer/],
    [['--seed', '4294967296'], /--seed expects an integer/],
    [['--seed', '1e3'], /--seed expects an integer/],
    [['--until', '10 parsecs'], /--until: expected a duration such as 250ms/],
    [['--until', '999999h'], /--until: duration .* larger than/],
    [['--max-events', '0'], /--max-events expects/],
  ])('rejects bad flags %j with exit 2', async (flags, message) => {
    const r = await isolab(['run', 'hello-host', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('names the built-in lessons when the target is neither a lesson nor a file', async () => {
    const r = await isolab(['run', 'no-such-lesson']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"no-such-lesson" is neither a built-in lesson nor a readable file; built-in lessons: .*hello-host/);
  });

  it('stops a runaway run at the event cap with a clear error', async () => {
    const r = await isolab(['run', 'hello-host', '--max-events', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stopped after 3 events .* --until DURATION .* --max-events N/);
  });

  it('prints a human summary without --json', async () => {
    const r = await isolab(['run', 'hello-host']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^hello-host \(seed \d+\)\n {2}events {6}\d+\n {2}sim time .*\n {2}state hash {2}[0-9a-f]{16}\n {2}violations {2}/);
  });

  describe('with files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolab-run-'));

    it('runs a scenario file like the built-in lesson it copies', async () => {
      writeFileSync(join(dir, 'copy.json'), JSON.stringify(hello()));
      const fromFile = await runJson(['copy.json'], dir);
      const builtin = await runJson(['hello-host']);
      expect(fromFile.target).toBe('copy.json');
      expect(fromFile.stateHash).toBe(builtin.stateHash);
    });

    it('reports every problem of an invalid scenario as <file>: <JSON path>: <expected>', async () => {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...hello(), timeScale: 'soon', seed: -4 }));
      const r = await isolab(['run', 'bad.json'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain('bad.json: $.timeScale: expected a duration');
      expect(r.err).toMatch(/^bad\.json: \$\.seed: /m);
    });

    it('writes the final state with pending events (--dump-state) and every trace record (--trace)', async () => {
      const r = await isolab(['run', 'hello-host', '--until', '2s', '--dump-state', 'state.json', '--trace', 'trace.ndjson', '--json'], dir);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out) as RunJson;
      const dump = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { stateHash: string; state: { eventIndex: number }; pending: unknown[] };
      expect(dump.stateHash).toBe(summary.stateHash);
      expect(dump.state.eventIndex).toBe(summary.events);
      expect(dump.pending.length).toBeGreaterThan(0);
      const lines = readFileSync(join(dir, 'trace.ndjson'), 'utf8').trim().split('\n');
      const records = lines.map((l) => JSON.parse(l) as { eventIndex: number; kind: string; text: string });
      expect(records.length).toBeGreaterThan(0);
      for (const rec of records) expect(rec.eventIndex).toBeLessThan(summary.events);
      expect(records.map((x) => x.eventIndex)).toEqual([...records.map((x) => x.eventIndex)].sort((a, b) => a - b));
    });

    it('fails cleanly when an output file cannot be written', async () => {
      const r = await isolab(['run', 'hello-host', '--trace', join(dir, 'missing-dir', 't.ndjson')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--trace .*t\.ndjson: cannot write \(ENOENT\)/);
    });
  });
});
