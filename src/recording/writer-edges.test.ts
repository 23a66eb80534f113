import { describe, expect, it } from 'vitest';
import { hashValue } from '../engine/hash';
import { findLesson } from '../lessons';
import type { Lesson } from '../lessons/schema';
import { createHeader, RecordingWriter } from './writer';

// Casts here: a built-in lesson (always found), a recording that parsed without error, lines
// picked by index from a layout the tests check.
const lesson = findLesson('hello-host') as Lesson;
const viewport = { width: 1280, height: 720 };

describe('createHeader', () => {
  it('names the lesson by id and content hash, with its seed, faults and viewport', () => {
    const faults = ['slow-scrubber'];
    const header = createHeader({ app: 'test', lesson, seed: 42, faults, viewport });
    expect(header).toEqual({
      kind: 'header',
      format: 'isolab-recording',
      version: 2,
      app: 'test',
      lessonId: 'hello-host',
      lessonHash: hashValue(lesson),
      seed: 42,
      faults: ['slow-scrubber'],
      viewport,
    });
    expect(header.faults).not.toBe(faults);
    expect(createHeader({ app: 'test', lesson, seed: 1, viewport }).faults).toEqual([]);
  });

  it('embeds the lesson and the creation date only when asked', () => {
    const header = createHeader({ app: 'test', lesson, seed: 1, viewport, embedLesson: true, createdAt: '2026-12-01T00:00:00Z' });
    expect(header.lesson).toEqual(lesson);
    expect(header.createdAt).toBe('2026-12-01T00:00:00Z');
    const plain = createHeader({ app: 'test', lesson, seed: 1, viewport, embedLesson: false, createdAt: '' });
    expect('lesson' in plain).toBe(false);
    expect('createdAt' in plain).toBe(false);
  });
});

describe('RecordingWriter', () => {
  const open = () => {
    const out: string[] = [];
    const writer = new RecordingWriter(createHeader({ app: 'test', lesson, seed: 1, viewport }), (text) => out.push(text));
    return { writer, out };
  };

  it('writes the header at once, then one line per call, counting lines and inputs', () => {
    const { writer, out } = open();
    expect(out).toHaveLength(1);
    expect(writer.lineCount).toBe(0);
    expect(writer.isClosed).toBe(false);
    writer.add({ kind: 'view', t: 0, e: 0, w: 0, view: 'host' });
    writer.add({ kind: 'input', t: 0, e: 0, w: 1, action: { type: 'cpu.syscall', domain: 'web-a' } });
    writer.add({ kind: 'input', t: 0, e: 0, w: 2, action: { type: 'cpu.syscall', domain: 'web-a' } });
    expect(writer.lineCount).toBe(3);
    expect(writer.inputCount).toBe(2);
    expect(out).toHaveLength(4);
  });

  it('closing writes one end line with the hash and input count; nothing can follow', () => {
    const { writer, out } = open();
    writer.add({ kind: 'input', t: 0, e: 0, w: 1, action: { type: 'cpu.syscall', domain: 'web-a' } });
    writer.close({ t: 5, e: 2, w: 9 }, 'abcdefabcdefabcd');
    writer.close({ t: 6, e: 3, w: 10 });
    expect(writer.isClosed).toBe(true);
    expect(out.slice(1).map((row) => JSON.parse(row) as unknown)).toEqual([
      { kind: 'input', t: 0, e: 0, w: 1, action: { type: 'cpu.syscall', domain: 'web-a' } },
      { kind: 'end', t: 5, e: 2, w: 9, hash: 'abcdefabcdefabcd', inputs: 1 },
    ]);
    expect(() => writer.add({ kind: 'view', t: 0, e: 0, w: 20, view: 'host' })).toThrow('the recording is closed');
    expect(out).toHaveLength(3);
  });

  it('an end line without a hash when none is given', () => {
    const { writer, out } = open();
    writer.close({ t: 0, e: 0, w: 0 });
    expect(JSON.parse(out[1] as string)).toEqual({ kind: 'end', t: 0, e: 0, w: 0, inputs: 0 });
  });
});
