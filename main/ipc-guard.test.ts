import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkShape, checkSender, guardCommand, isAppUrl, requestIdOf, type SenderInfo } from './ipc-guard';

const ORIGINS = ['app://lab'];
const appFrame: SenderInfo = { url: 'app://lab/index.html', isAppMainFrame: true };

describe('checkSender', () => {
  it('accepts the app window main frame', () => {
    expect(checkSender(appFrame, ORIGINS).ok).toBe(true);
    expect(checkSender({ url: 'app://lab/index.html?view=audience#x', isAppMainFrame: true }, ORIGINS).ok).toBe(true);
  });

  it.each([
    ['a remote page', 'https://evil.example/index.html'],
    ['a look-alike host', 'app://lab.evil/index.html'],
    ['a userinfo trick', 'app://lab@evil/index.html'],
    ['a file url', 'file:///etc/passwd'],
    ['a data url', 'data:text/html,<script>1</script>'],
    ['garbage', 'not a url'],
    ['an empty url', ''],
    ['a huge url', `app://lab/${'a'.repeat(10_000)}`],
  ])('rejects %s', (_name, url) => {
    const verdict = checkSender({ url, isAppMainFrame: true }, ORIGINS);
    expect(verdict.ok).toBe(false);
  });

  it('rejects subframes and vanished frames even at the app URL', () => {
    expect(checkSender({ url: 'app://lab/index.html', isAppMainFrame: false }, ORIGINS).ok).toBe(false);
    expect(checkSender({ url: undefined, isAppMainFrame: true }, ORIGINS).ok).toBe(false);
    expect(checkSender(null, ORIGINS).ok).toBe(false);
  });

  it('accepts the dev server origin only when listed', () => {
    expect(isAppUrl('http://localhost:5173/', ['http://localhost:5173'])).toBe(true);
    expect(isAppUrl('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
  });
});

describe('checkShape', () => {
  it('accepts plain JSON-like data', () => {
    expect(checkShape({ type: 'load', lesson: { steps: [{ at: '0s', actions: [] }] }, seed: 1 }).ok).toBe(true);
  });

  it('rejects prototype-pollution keys at any depth', () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"lesson":{"a":[{"constructor":{"prototype":{}}}]}}', '{"x":{"prototype":1}}']) {
      const verdict = checkShape(JSON.parse(text));
      expect(verdict.ok, text).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(/is not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects non-plain objects', () => {
    for (const value of [new Date(0), new Map(), new Set(), new Uint8Array(4), { when: new Date(0) }]) {
      expect(checkShape(value).ok).toBe(false);
    }
  });

  it('rejects functions, symbols and bigints', () => {
    for (const value of [() => 1, Symbol('x'), 10n, { f: () => 1 }]) expect(checkShape(value).ok).toBe(false);
  });

  it('rejects absurd nesting without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const verdict = checkShape(deep);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/nested deeper than 64/);
  });

  it('rejects huge strings and huge arrays within the limits', () => {
    expect(checkShape({ s: 'x'.repeat(9 * 1024 * 1024) }).ok).toBe(false);
    expect(checkShape(new Array(600_000).fill(0)).ok).toBe(false);
    expect(checkShape({ s: 'x'.repeat(100) }, { maxDepth: 8, maxNodes: 100, maxStringChars: 50 }).ok).toBe(false);
  });
});

describe('guardCommand', () => {
  const guard = (raw: unknown, sender: SenderInfo | null = appFrame) => guardCommand(raw, sender, ORIGINS);

  it('passes valid commands with defaults applied', () => {
    const result = guard({ type: 'step' });
    expect(result).toEqual({ ok: true, command: { type: 'step', count: 1 } });
    expect(guard({ type: 'load', lessonId: 'hello-host', seed: 7, requestId: 3 }).ok).toBe(true);
  });

  it.each([
    ['an unknown command', { type: 'rm -rf' }, /\$\.type/],
    ['a wrong type', { type: 'step', count: 'ten' }, /\$\.count/],
    ['an out-of-range number', { type: 'setSpeed', speed: 1e9 }, /\$\.speed/],
    ['an extra key', { type: 'play', shell: 'x' }, /shell/],
    ['a non-object', 'play', /rejected command/],
    ['null', null, /rejected command/],
    ['an array', [{ type: 'play' }], /rejected command/],
    ['a huge string id', { type: 'load', lessonId: 'a'.repeat(1_000_000) }, /lessonId/],
    ['a polluting key', JSON.parse('{"type":"input","action":{"__proto__":{"x":1}}}'), /__proto__/],
  ])('rejects %s with an error reply', (_name, raw, pattern) => {
    const result = guard(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reply.type).toBe('error');
      expect(result.reply.message).toMatch(pattern);
      expect(result.reply.message.length).toBeLessThan(800);
    }
  });

  it('rejects a valid command from the wrong sender before looking at it', () => {
    const result = guard({ type: 'play', requestId: 4 }, { url: 'https://evil.example/', isAppMainFrame: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reply.message).toMatch(/outside the app/);
      expect(result.reply.requestId).toBeUndefined();
    }
  });

  it('echoes only sane request ids', () => {
    expect(requestIdOf({ requestId: 5 })).toBe(5);
    for (const id of [-1, 1.5, '5', Number.MAX_VALUE, NaN]) expect(requestIdOf({ requestId: id })).toBeUndefined();
    const result = guard({ type: 'nope', requestId: 9 });
    expect(!result.ok && result.reply.requestId).toBe(9);
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (raw) => {
        const result = guardCommand(raw, appFrame, ORIGINS);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts an object whose type is not a known command (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), (type, rest) => {
        fc.pre(!['load', 'play', 'pause', 'step', 'stepBack', 'stepLesson', 'seek', 'setSpeed', 'input', 'snapshot'].includes(type));
        expect(guardCommand({ ...rest, type }, appFrame, ORIGINS).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
