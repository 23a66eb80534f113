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
    expect(JSON.parse(replay.out)).toMatchObject({ ok: true, checked: steps + 1 });
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

  it('needs --verify', async () => {
    const r = await isolab(['replay', 'rec.ndjson'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pass --verify');
  });
});
