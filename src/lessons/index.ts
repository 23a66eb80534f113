import type { Lesson } from './schema';
import { validateLesson, formatErrors } from './load';
import { BUILTIN_LESSON_DATA } from './builtin';

/** Built-in lessons (see `builtin/index.ts`), validated by the same schema as user files. */
const RAW: readonly unknown[] = BUILTIN_LESSON_DATA;

function load(): Lesson[] {
  return RAW.map((data, i) => {
    const id = (data as { id?: string }).id ?? `#${i}`;
    const result = validateLesson(data, `builtin/${id}.json`);
    if (!result.ok) throw new Error(`built-in lesson is invalid:\n${formatErrors(result.errors)}`);
    return result.lesson;
  });
}

let cache: Lesson[] | null = null;

export function builtinLessons(): readonly Lesson[] {
  return (cache ??= load());
}

export function findLesson(id: string): Lesson | undefined {
  return builtinLessons().find((l) => l.id === id);
}

export { lessonSchema, type Lesson, type LessonStep, type LessonWorld } from './schema';
export { parseLessonText, validateLesson, formatErrors, type LocatedError, type LoadResult } from './load';
