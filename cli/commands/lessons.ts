import { builtinLessons } from '../../src/lessons';
import { expectPositionals, parseArgs } from '../args';
import type { CliCommand } from '../command';

const USAGE = 'isolab lessons [--json]';

export const lessonsCommand: CliCommand = {
  name: 'lessons',
  summary: 'list the built-in lessons (id, title, summary)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { json: 'boolean' }, 'lessons');
    expectPositionals(parsed, 0, USAGE);
    const lessons = builtinLessons().map((l) => ({ id: l.id, title: l.title, summary: oneLine(l.summary) }));
    if (parsed.switches.has('json')) {
      io.out(JSON.stringify(lessons));
      return 0;
    }
    const width = Math.max(2, ...lessons.map((l) => l.id.length));
    for (const l of lessons) io.out(`${l.id.padEnd(width)}  ${l.title} — ${l.summary}`);
    return 0;
  },
};

/** Summaries may wrap in the JSON file; a listing wants one line each. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
