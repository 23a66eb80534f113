import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../src/lessons';
import { isolab } from './test-io';

const dir = mkdtempSync(join(tmpdir(), 'isolab-replay-'));

async function record(name: string, args: string[] = []): Promise<string[]> {
  const r = await isolab(['run', 'hello-host', '--record', name, '--json', ...args], dir);
  expect(r.code).toBe(0);
  return readFileSync(join(dir, name), 'utf8').trim().split('\n');
}

describe('isolab run --record and isolab replay --verify', () => {
  it('records a marker per lesson step plus the end, and the replay verifies every hash', async () => {
    const lines = await record('rec.ndjson');
    const parsed = lines.map((l) => JSON.parse(l) as { kind: string; hash?: string; label?: string });
    const steps = findLesson('hello-host')?.steps.length ?? 0;
    expect(parsed[0]?.kind).toBe('header');
    expect(parsed.filter((l) => l.kind === 'marker')).toHaveLength(steps + 1);
    expect(parsed[parsed.length - 1]?.kind).toBe('end');
    const run = await isolab(['run', 'hello-host', '--json']);
    expect(parsed[parsed.length - 2]?.hash).toBe((JSON.parse(run.out) as { stateHash: string }).stateHash);

    const replay = await isolab(['replay', 'rec.ndjson', '--verify', '--json'], dir);
    expect(replay.code).toBe(0);
    // Every step's marker, the "end of run" marker and the end line's final hash.
    expect(JSON.parse(replay.out)).toMatchObject({ ok: true, verified: true, coverage: 'full', checked: steps + 2 });
  });

  it('exits 1 naming the line of the first hash that does not match', async () => {
    const lines = await record('tampered.ndjson', ['--seed', '9']);
    const index = lines.findIndex((l, i) => i > 1 && l.includes('"kind":"marker"'));
    const marker = JSON.parse(lines[index] as string) as { hash: string };
    lines[index] = JSON.stringify({ ...marker, hash: marker.hash === '0000000000000000' ? '0000000000000001' : '0000000000000000' });
    writeFileSync(join(dir, 'tampered.ndjson'), `${lines.join('\n')}\n`);
    const r = await isolab(['replay', 'tampered.ndjson', '--verify'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^tampered\\.ndjson:${index + 1}: marker ".*" after event \\d+: expected state hash 000000000000000[01], got ${marker.hash}`));
  });

  it('exits 2 on a bad file: missing, truncated mid-line, or not a recording', async () => {
    const lines = await record('full.ndjson');
    writeFileSync(join(dir, 'cut.ndjson'), `${lines.slice(0, 3).join('\n')}\n${(lines[3] as string).slice(0, 20)}`);
    writeFileSync(join(dir, 'lesson.ndjson'), JSON.stringify(findLesson('hello-host')));
    const cut = await isolab(['replay', 'cut.ndjson', '--verify'], dir);
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/^cut\.ndjson:4: not valid JSON .*truncated/);
    expect((await isolab(['replay', 'lesson.ndjson', '--verify'], dir)).err).toMatch(/^lesson\.ndjson:1: the first line must be the header/);
    expect((await isolab(['replay', 'nope.ndjson', '--verify'], dir)).code).toBe(2);
  });

  it('embeds a scenario file in the recording so it replays without the file', async () => {
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...findLesson('hello-host'), id: 'my-own-lesson' }));
    const r = await isolab(['run', 'mine.json', '--record', 'mine.ndjson'], dir);
    expect(r.code).toBe(0);
    const replay = await isolab(['replay', 'mine.ndjson', '--verify'], dir);
    expect(replay.err).toBe('');
    expect(replay.code).toBe(0);
  });

  describe('forged recordings fail verification (exit 1, with the reason)', () => {
    type Line = { kind: string; t: number; e: number; w: number; hash?: string; lesson?: unknown; lessonId?: string };
    const write = (name: string, lines: Line[]): void => writeFileSync(join(dir, name), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const guest = (): string => findLesson('hello-host')?.world.hosts[0]?.guests[0]?.id ?? 'none';

    it('a header-only file has nothing to check', async () => {
      const [header] = (await record('head.ndjson')).map((l) => JSON.parse(l) as Line);
      write('header-only.ndjson', [header as Line]);
      const r = await isolab(['replay', 'header-only.ndjson', '--verify'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^header-only\.ndjson:1: not verified: nothing to check: the recording has no state hash/);
    });

    it('inputs appended after the last checked hash are refused, with or without an end line', async () => {
      const lines = (await record('base.ndjson')).map((l) => JSON.parse(l) as Line);
      const end = lines.pop() as Line;
      const input = { kind: 'input', t: end.t, e: end.e, w: end.w, action: { type: 'cpu.syscall', domain: guest() } };
      write('appended.ndjson', [...lines, input]);
      const r = await isolab(['replay', 'appended.ndjson', '--verify'], dir);
      expect(r.code).toBe(1);
      const markers = lines.filter((l) => l.kind === 'marker').length;
      expect(r.err).toBe(`appended.ndjson:${lines.length + 1}: not verified: inputs from line ${lines.length + 1} on follow the last checked state hash (line ${lines.length}) and are not covered by any hash (${markers} hashes checked)`);
      // Slipped in before an end line that carries the final hash: the count and the hash give it away.
      write('slipped.ndjson', [...lines, input, end]);
      const slipped = await isolab(['replay', 'slipped.ndjson', '--verify'], dir);
      expect(slipped.code).toBe(1);
      expect(slipped.err).toMatch(/^slipped\.ndjson:\d+: (not verified: the end line counts 0 inputs but the file has 1|marker "end of recording")/);
    });

    it("a header whose lessonId differs from the embedded lesson's id", async () => {
      writeFileSync(join(dir, 'own.json'), JSON.stringify({ ...findLesson('hello-host'), id: 'own-lesson' }));
      expect((await isolab(['run', 'own.json', '--record', 'own.ndjson'], dir)).code).toBe(0);
      const lines = readFileSync(join(dir, 'own.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
      write('renamed.ndjson', [{ ...(lines[0] as Line), lessonId: 'hello-host' }, ...lines.slice(1)]);
      const r = await isolab(['replay', 'renamed.ndjson', '--verify'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^renamed\.ndjson:1: not verified: the header names lesson "hello-host" but the lesson it embeds is "own-lesson"/);
    });

    it('an older file without a final hash is only partly verifiable, never "verified"', async () => {
      const lines = (await record('old.ndjson')).map((l) => JSON.parse(l) as Line);
      const end = lines.pop() as Line;
      write('older.ndjson', [...lines, { kind: 'end', t: end.t, e: end.e, w: end.w }]);
      const r = await isolab(['replay', 'older.ndjson', '--verify'], dir);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^partly verifiable: \d+ state hashes checked, covering every input, through event \d+; not covered: no final state hash/);
      const json = await isolab(['replay', 'older.ndjson', '--verify', '--json'], dir);
      expect(JSON.parse(json.out)).toMatchObject({ ok: true, verified: false, coverage: 'partial' });
    });
  });

  it('escapes what it echoes: a marker label with control characters stays on one line', async () => {
    const lines = (await record('label.ndjson')).map((l) => JSON.parse(l) as { kind: string; label?: string; hash?: string });
    const index = lines.findIndex((l) => l.kind === 'marker');
    lines[index] = { ...(lines[index] as { kind: string }), label: 'evil\n\x1b[2Jlabel', hash: '0000000000000000' };
    writeFileSync(join(dir, 'label-forged.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = await isolab(['replay', 'label-forged.ndjson', '--verify'], dir);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('marker "evil\\n\\x1b[2Jlabel"');
  });

  it('needs --verify', async () => {
    const r = await isolab(['replay', 'rec.ndjson'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pass --verify');
  });
});
