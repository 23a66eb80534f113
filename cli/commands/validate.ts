import { formatErrors, parseLessonText } from '../../src/lessons';
import { expectPositionals, parseArgs } from '../args';
import type { CliCommand } from '../command';
import { readTextFile } from '../files';

const USAGE = 'isolab validate <file>';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check a lesson or scenario file against the schema',
  usage: USAGE,
  async run(args, io) {
    const [file] = expectPositionals(parseArgs(args, {}, 'validate'), 1, USAGE) as [string];
    const read = await readTextFile(io.cwd, file);
    if (!read.ok) {
      io.err(`${file}: $: ${read.error}`);
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
