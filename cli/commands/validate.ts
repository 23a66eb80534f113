import { builtinLessons, findLesson, formatErrors, parseLessonText, validateLesson } from '../../src/lessons';
import { expectPositionals, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { printable } from '../../src/lessons/printable';
import { readTextFile } from '../files';
import { looksLikeFile } from '../target';

const USAGE = 'isolab validate <lesson-id | file>';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check a built-in lesson or a lesson or scenario file against the schema',
  usage: USAGE,
  async run(args, io) {
    const [file] = expectPositionals(parseArgs(args, {}, 'validate'), 1, USAGE) as [string];
    // A built-in lesson by id, as `isolab run` takes it: checked again exactly as a file would be.
    const builtin = looksLikeFile(file) ? undefined : findLesson(file);
    if (builtin) {
      const checked = validateLesson(structuredClone(builtin), `${file} (built-in)`);
      if (!checked.ok) {
        io.err(formatErrors(checked.errors));
        return 2;
      }
      io.out('ok');
      return 0;
    }
    const read = await readTextFile(io.cwd, file);
    if (!read.ok) {
      if (!looksLikeFile(file)) {
        io.err(`${printable(file)}: $: ${printable(read.error)} (and no built-in lesson has this id; built-in lessons: ${builtinLessons().map((l) => l.id).join(', ')})`);
        return 2;
      }
      io.err(`${printable(file)}: $: ${printable(read.error)}`);
      return 2;
    }
    const result = parseLessonText(read.text, file);
    if (!result.ok) {
      io.err(formatErrors(result.errors));
      return 2;
    }
    io.out('ok');
    return 0;
  },
};
