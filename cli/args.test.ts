import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { UsageError } from './command';

const FLAGS = { json: 'boolean', seed: 'string', fault: 'repeat' } as const;

describe('parseArgs', () => {
  it('reads switches, values in both spellings, repeats and positionals', () => {
    const p = parseArgs(['a', '--json', '--seed', '7', '--fault=x', '--fault', 'y', '--', '--literal'], FLAGS, 't');
    expect(p.positionals).toEqual(['a', '--literal']);
    expect(p.switches.has('json')).toBe(true);
    expect(p.values.get('seed')).toBe('7');
    expect(p.lists.get('fault')).toEqual(['x', 'y']);
  });

  it.each([
    [['--seed'], /--seed needs a value/],
    [['--seed', '--json'], /--seed needs a value/],
    [['--seed', '1', '--seed', '2'], /given more than once/],
    [['--json=1'], /takes no value/],
    [['-x'], /unknown option -x/],
    [['--nope'], /unknown option --nope; options are --json, --seed, --fault/],
  ])('rejects %j with a usage error', (args, message) => {
    expect(() => parseArgs(args, FLAGS, 't')).toThrow(UsageError);
    expect(() => parseArgs(args, FLAGS, 't')).toThrow(message);
  });
});
