import { builtinLessons, findLesson, formatErrors, parseLessonText, type Lesson } from '../src/lessons';
import { UsageError } from './command';
import { printable, quoted } from '../src/lessons/printable';
import { readTextFile } from './files';

/** A lesson to run: a built-in one by id, or a scenario file read from disk and validated. */
export interface Target {
  /** What the user typed (lesson id or file path), echoed in outputs. */
  name: string;
  lesson: Lesson;
  /** Where it came from (`builtin` or the file path). */
  source: string;
}

/** Looks like a path rather than a lesson id (ids never contain a slash or end in `.json`). */
export function looksLikeFile(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || arg.toLowerCase().endsWith('.json');
}

/**
 * Resolves `arg` to a lesson. A built-in id wins; otherwise it is read as a file. Every problem
 * becomes a {@link UsageError} whose lines read `<file>: <JSON path>: <what was expected>`.
 */
export async function loadTarget(arg: string, cwd: string): Promise<Target> {
  const builtin = looksLikeFile(arg) ? undefined : findLesson(arg);
  if (builtin) return { name: arg, lesson: builtin, source: 'builtin' };
  const read = await readTextFile(cwd, arg);
  if (!read.ok) {
    if (!looksLikeFile(arg)) {
      const ids = builtinLessons().map((l) => l.id).join(', ');
      throw new UsageError(`${quoted(arg, 200)} is neither a built-in lesson nor a readable file; built-in lessons: ${ids} (see isolab lessons)`);
    }
    throw new UsageError(`${printable(arg)}: $: ${printable(read.error)}`);
  }
  const result = parseLessonText(read.text, arg);
  if (!result.ok) throw new UsageError(formatErrors(result.errors));
  return { name: arg, lesson: result.lesson, source: arg };
}
