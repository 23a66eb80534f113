import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab } from './test-io';

const dir = mkdtempSync(join(tmpdir(), 'isolab-clean-'));
/** Any character a terminal would act on or a reader would not see (newline aside: lines are split first). */
function hasControl(text: string): boolean {
  return [...text].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e);
  });
}

describe('clean output', () => {
  it('refuses options named like Object.prototype members (own-property lookup)', async () => {
    for (const option of ['--constructor', '--toString', '--__proto__', '--hasOwnProperty']) {
      const r = await isolab(['run', 'hello-host', option]);
      expect(r.code, option).toBe(2);
      expect(r.err).toMatch(new RegExp(`^run: unknown option ${option}; options are --seed`));
    }
  });

  it('shows control characters in echoed values visibly, one line per error', async () => {
    const option = await isolab(['validate', '--bad\u001b[2J\nname', 'x.json']);
    expect(option.err).toBe('validate: unknown option --bad\\x1b[2J\\nname; options are none');

    const fault = await isolab(['run', 'hello-host', '--fault', 'evil\r\u001b]0;pwned\u0007']);
    expect(fault.code).toBe(2);
    expect(fault.err.split('\n')).toHaveLength(1);
    expect(fault.err).toMatch(/^unknown fault "evil\\r\\x1b\]0;pwned\\x07"/);

    // Bytes quoted from a JSON parse error, and a fault name inside a lesson, stay on their line.
    const file = join(dir, 'bad\u202Ename.json');
    writeFileSync(file, '{"id": "x",\u0001\n "oops"');
    const parse = await isolab(['validate', file]);
    expect(parse.code).toBe(2);
    expect(parse.err.split('\n')).toHaveLength(1);
    expect(parse.err).toContain('bad\\u{202e}name.json: $: not valid JSON');
    expect(hasControl(parse.err)).toBe(false);

    const lesson = join(dir, 'faulty.json');
    writeFileSync(lesson, JSON.stringify({ id: 'f', title: 'F', summary: 'S.', timeScale: '1s', faults: ['a\nb\u001b[31m'], world: {} }));
    const faulty = await isolab(['validate', lesson]);
    expect(faulty.err).toBe(`${lesson}: $.faults[0]: unknown fault "a\\nb\\x1b[31m"`);
  });

  it('quotes an unknown command or lesson id without letting it break the line', async () => {
    const command = await isolab(['ru\nn']);
    expect(command.err).toMatch(/^isolab: unknown command "ru\\nn"; commands are/);
    const target = await isolab(['run', 'no-such\u0007lesson']);
    expect(target.err).toMatch(/^"no-such\\x07lesson" is neither a built-in lesson nor a readable file/);
  });
});
