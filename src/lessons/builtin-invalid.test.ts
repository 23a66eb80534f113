import { describe, expect, it, vi } from 'vitest';

// The built-in lesson list replaced by one broken lesson without an id (as a bad edit of a
// built-in JSON file would leave it): loading the built-ins must stop with the file and errors.
vi.mock('./builtin', () => ({ BUILTIN_LESSON_DATA: [{ title: 'no id, no world' }] }));

const { builtinLessons, findLesson } = await import('./index');

describe('built-in lessons that fail validation', () => {
  it('stop the app with the file (named by its position when it has no id) and every error', () => {
    expect(() => builtinLessons()).toThrow(
      [
        'built-in lesson is invalid:',
        'builtin/#0.json: $.id: Invalid input: expected string, received undefined',
        'builtin/#0.json: $.summary: Invalid input: expected string, received undefined',
        'builtin/#0.json: $.timeScale: Invalid input: expected string, received undefined',
        'builtin/#0.json: $.world: Invalid input: expected object, received undefined',
      ].join('\n'),
    );
    // Nothing half-loaded is kept: every later look-up fails the same way.
    expect(() => findLesson('hello-host')).toThrow(/^built-in lesson is invalid:\nbuiltin\/#0\.json: /);
  });
});
