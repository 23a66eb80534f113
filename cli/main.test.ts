import { describe, expect, it } from 'vitest';
import { UsageError, type CliCommand } from './command';
import { COMMANDS } from './commands';
import { runCli } from './main';
import { captureIo, isolab } from './test-io';

describe('isolab dispatch', () => {
  it('lists every command in --help and exits 0', async () => {
    const r = await isolab(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name}`);
  });

  it('prints help on stderr and exits 2 without a command', async () => {
    const r = await isolab([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: isolab <command>');
  });

  it('rejects an unknown command, naming the known ones', async () => {
    const r = await isolab(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate".*lessons, run, validate/);
  });

  it('shows a command usage for `help <command>` and `<command> --help`', async () => {
    expect((await isolab(['help', 'run'])).out).toContain('usage: isolab run <lesson-id');
    expect((await isolab(['validate', '--help'])).out).toContain('usage: isolab validate <lesson-id | file>');
  });

  it('maps UsageError to its message and other errors to one line, both exit 2 with no stack', async () => {
    const throwing = (error: Error): CliCommand => ({ name: 'boom', summary: '', usage: 'isolab boom', run: () => Promise.reject(error) });
    const usage = captureIo();
    expect(await runCli(['boom'], usage, [throwing(new UsageError('boom: bad flag'))])).toBe(2);
    expect(usage.stderr).toEqual(['boom: bad flag']);
    const crash = captureIo();
    expect(await runCli(['boom'], crash, [throwing(new TypeError('x is undefined\nsecond line'))])).toBe(2);
    expect(crash.stderr).toEqual(['isolab boom: x is undefined']);
    expect(crash.stderr.join('')).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('rejects unknown options with the list of known ones', async () => {
    const r = await isolab(['lessons', '--jsno']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('lessons: unknown option --jsno; options are --json');
  });
});

describe('isolab lessons', () => {
  it('prints one JSON entry per built-in lesson with id, title and a one-line summary', async () => {
    const r = await isolab(['lessons', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as Array<{ id: string; title: string; summary: string }>;
    expect(list.map((l) => l.id)).toContain('hello-host');
    for (const l of list) {
      expect(Object.keys(l).sort()).toEqual(['id', 'summary', 'title']);
      expect(l.summary).not.toContain('\n');
    }
    const text = await isolab(['lessons']);
    expect(text.out.split('\n')).toHaveLength(list.length);
    expect(text.out).toMatch(/^hello-host\s+Hello, host — /m);
  });
});
