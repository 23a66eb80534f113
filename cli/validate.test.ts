import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../src/lessons';
import { isolab } from './test-io';

const dir = mkdtempSync(join(tmpdir(), 'isolab-validate-'));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('isolab validate', () => {
  it('accepts the built-in lesson file', async () => {
    const r = await isolab(['validate', 'src/lessons/builtin/hello-host.json']);
    expect(r).toEqual({ code: 0, out: 'ok', err: '' });
  });

  it('accepts every built-in lesson by id, as `isolab run` does', async () => {
    for (const id of ['hello-host', 'tour', 'memory-scrubbing']) expect(await isolab(['validate', id])).toEqual({ code: 0, out: 'ok', err: '' });
  });

  it('names the built-in lessons when an id is neither a lesson nor a file', async () => {
    const r = await isolab(['validate', 'hello-hots'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^hello-hots: \$: no such file \(and no built-in lesson has this id; built-in lessons: hello-host, /);
  });

  it.each([
    ['missing.json', () => 'missing.json', /^missing\.json: \$: no such file$/],
    ['a directory', () => (mkdirSync(join(dir, 'sub.json'), { recursive: true }), 'sub.json'), /^sub\.json: \$: not a regular file$/],
    ['a huge file', () => write('huge.json', ' '.repeat(4 * 1024 * 1024 + 1)), /^huge\.json: \$: file is 4194305 bytes; at most 4194304/],
    ['non-JSON', () => write('text.json', 'hello: world'), /^text\.json: \$: not valid JSON/],
    ['deep nesting', () => write('deep.json', '['.repeat(100_000) + ']'.repeat(100_000)), /^deep\.json: \$: JSON nests 100000 levels deep/],
    ['a JSON array', () => write('array.json', '[]'), /^array\.json: \$: /],
  ])('rejects %s with one located line and exit 2', async (_what, make, message) => {
    const r = await isolab(['validate', make()], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('prints one line per problem, each with file and JSON path', async () => {
    const lesson = structuredClone(findLesson('hello-host')) as unknown as { world: { hosts: Array<{ guests: Array<Record<string, unknown>> }> }; title: unknown };
    lesson.title = 42;
    const guest = lesson.world.hosts[0]?.guests[0] as Record<string, unknown>;
    guest.vcpus = 'two';
    guest.tenant = 'mallory';
    const r = await isolab(['validate', write('wrong.json', JSON.stringify(lesson))], dir);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines).toContain('wrong.json: $.title: Invalid input: expected string, received number');
    expect(lines.some((l) => l.startsWith('wrong.json: $.world.hosts[0].guests[0].vcpus: '))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^wrong\.json: \$[^ ]*: \S/);
  });

  it('reports broken cross references once the shape is right', async () => {
    const lesson = structuredClone(findLesson('hello-host')) as unknown as { world: { hosts: Array<{ guests: Array<Record<string, unknown>> }> } };
    (lesson.world.hosts[0]?.guests[0] as Record<string, unknown>).tenant = 'mallory';
    const r = await isolab(['validate', write('xref.json', JSON.stringify(lesson))], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('xref.json: $.world.hosts[0].guests[0].tenant: expected one of the tenants declared in $.world.tenants, got "mallory"');
  });

  it('needs exactly one file argument', async () => {
    const r = await isolab(['validate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: isolab validate <lesson-id | file>');
  });
});
