import { describe, expect, it } from 'vitest';
import { builtinLessons, findLesson } from './index';
import { formatErrors, parseLessonText } from './load';

const minimal = {
  id: 'tiny',
  title: 'Tiny',
  summary: 'One host, one guest.',
  timeScale: '1s',
  world: {
    tenants: [{ id: 'a' }],
    hosts: [{ id: 'h', guests: [{ id: 'g', tenant: 'a' }] }],
  },
  steps: [{ at: '0s', narration: 'Hello.' }],
};

function errorsOf(data: unknown, file = 'lesson.json'): string[] {
  const result = parseLessonText(typeof data === 'string' ? data : JSON.stringify(data), file);
  return result.ok ? [] : formatErrors(result.errors).split('\n');
}

describe('lesson loading', () => {
  it('accepts a minimal lesson and fills defaults', () => {
    const result = parseLessonText(JSON.stringify(minimal), 'tiny.json');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.lesson.world.hosts[0]?.hypervisor).toBe('xen');
  });

  it('names the file, the JSON path and what was expected', () => {
    const bad = { ...minimal, world: { ...minimal.world, hosts: [{ id: 'h', sockets: 'two', guests: [{ id: 'g', tenant: 'zed', mode: 'pv128' }] }] } };
    const lines = errorsOf(bad, 'my-lesson.json');
    expect(lines).toContain('my-lesson.json: $.world.hosts[0].sockets: Invalid input: expected number, received string');
    expect(lines.some((l) => l.startsWith('my-lesson.json: $.world.hosts[0].guests[0].mode: '))).toBe(true);
  });

  it('checks references between parts of the lesson', () => {
    const lines = errorsOf({ ...minimal, world: { ...minimal.world, hosts: [{ id: 'h', guests: [{ id: 'g', tenant: 'nobody' }] }] } });
    expect(lines).toEqual(['lesson.json: $.world.hosts[0].guests[0].tenant: expected one of the tenants declared in $.world.tenants, got "nobody"']);
  });

  it('rejects absurd values, deep nesting, huge files and non-JSON with a clear message', () => {
    expect(errorsOf({ ...minimal, steps: [{ at: '-5s', narration: 'x' }] })[0]).toMatch(/\$\.steps\[0\]\.at: expected a duration/);
    expect(errorsOf({ ...minimal, world: { ...minimal.world, hosts: [{ id: 'h', sockets: 1e9 }] } })[0]).toMatch(/\$\.world\.hosts\[0\]\.sockets: Too big/);
    expect(errorsOf('['.repeat(100_000))[0]).toMatch(/\$: JSON nests 100000 levels deep/);
    expect(errorsOf(`{"id": "${'x'.repeat(5_000_000)}"}`)[0]).toMatch(/limited to/);
    expect(errorsOf('{ not json')[0]).toMatch(/lesson\.json: \$: not valid JSON/);
    expect(errorsOf({ ...minimal, title: 'x'.repeat(10_000) })[0]).toMatch(/\$\.title: Too big/);
  });

  it('refuses a newer format version', () => {
    expect(errorsOf({ ...minimal, formatVersion: 99 })[0]).toMatch(/\$\.formatVersion: format version 99 is newer/);
  });

  it('rejects unknown fields and unknown action types', () => {
    expect(errorsOf({ ...minimal, colour: 'red' })[0]).toMatch(/\$: unexpected field\(s\) "colour"/);
    const lines = errorsOf({ ...minimal, steps: [{ at: '0s', narration: 'x', actions: [{ action: { type: 'rm.rf' } }] }] });
    expect(lines[0]).toMatch(/\$\.steps\[0\]\.actions\[0\]\.action\.type/);
  });

  it('validates every built-in lesson with the same schema as user files', () => {
    const lessons = builtinLessons();
    expect(lessons.length).toBeGreaterThan(0);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(findLesson('hello-host')?.title).toBe('Hello, host');
  });
});
