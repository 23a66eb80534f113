/**
 * Deep links: `isolab://lesson/<id>?step=N&seed=S`. They arrive from outside the app (a web page,
 * a chat message, the command line), so they are parsed strictly: anything not exactly of this
 * form is refused with a message that says what was expected.
 */

export const DEEP_LINK_SCHEME = 'isolab';

export interface DeepLink {
  lessonId: string;
  step?: number;
  seed?: number;
}

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; error: string };

const MAX_LINK_LENGTH = 2048;
/** The same slug rule as lesson ids (src/lessons/primitives.ts entityId). */
const LESSON_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const STEP = /^\d{1,3}$/;
const SEED = /^\d{1,10}$/;
const MAX_SEED = 0xffffffff;
const EXPECTED = 'expected isolab://lesson/<id>?step=N&seed=S';

export function parseDeepLink(raw: unknown): DeepLinkResult {
  if (typeof raw !== 'string') return fail('not a link');
  if (raw.length > MAX_LINK_LENGTH) return fail(`link is longer than ${MAX_LINK_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`"${shorten(raw)}" is not a URL; ${EXPECTED}`);
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return fail(`scheme "${shorten(url.protocol)}" is not ${DEEP_LINK_SCHEME}:; ${EXPECTED}`);
  if (url.username || url.password || url.port) return fail(`credentials and ports are not allowed; ${EXPECTED}`);
  if (url.hash) return fail(`fragments are not allowed; ${EXPECTED}`);
  if (url.host !== 'lesson') return fail(`"${shorten(url.host)}" is not a known link target; ${EXPECTED}`);
  // A trailing slash is tolerated (some launchers add one); nothing else in the path is.
  const segments = url.pathname.replace(/\/$/, '').split('/');
  const encodedId = segments[1];
  if (segments.length !== 2 || segments[0] !== '' || encodedId === undefined) return fail(`expected exactly one lesson id in the path; ${EXPECTED}`);
  let lessonId: string;
  try {
    lessonId = decodeURIComponent(encodedId);
  } catch {
    return fail('lesson id is not valid percent-encoding');
  }
  if (!LESSON_ID.test(lessonId)) return fail(`lesson id "${shorten(lessonId)}" must be 1–64 letters, digits, ".", "_" or "-"`);

  const link: DeepLink = { lessonId };
  const seen = new Set<string>();
  for (const [key, value] of url.searchParams) {
    if (seen.has(key)) return fail(`parameter "${shorten(key)}" is given twice`);
    seen.add(key);
    if (key === 'step') {
      if (!STEP.test(value)) return fail(`step "${shorten(value)}" must be a whole number from 0 to 999`);
      link.step = Number(value);
    } else if (key === 'seed') {
      const seed = Number(value);
      if (!SEED.test(value) || seed > MAX_SEED) return fail(`seed "${shorten(value)}" must be a whole number from 0 to ${MAX_SEED}`);
      link.seed = seed;
    } else {
      return fail(`unknown parameter "${shorten(key)}"; only step and seed are allowed`);
    }
  }
  return { ok: true, link };
}

/**
 * The deep link among command-line arguments (Windows and Linux pass the URL as an argument to
 * a new instance). Only the first candidate counts; flags and file paths are ignored.
 */
export function findDeepLinkArg(argv: readonly string[]): string | undefined {
  return argv.find((arg) => typeof arg === 'string' && arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

function fail(reason: string): DeepLinkResult {
  return { ok: false, error: `deep link refused: ${reason}` };
}

function shorten(text: string): string {
  // Control characters would garble the message (or a terminal); show them as "?".
  const clean = [...text].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '?' : c)).join('');
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}
