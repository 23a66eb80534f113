/**
 * The browser build's deep link: `#lesson=<id>&step=N&seed=S` in the URL hash opens a lesson at
 * a step. The hash is user input, so every field is checked and a bad one is reported, not guessed.
 */
export interface DeepLink {
  lessonId: string;
  step?: number;
  seed?: number;
}

export type DeepLinkResult = { ok: true; link: DeepLink | null } | { ok: false; error: string };

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const KNOWN = new Set(['lesson', 'step', 'seed']);

function parseIntField(name: string, raw: string, max: number): number | string {
  if (!/^\d{1,10}$/.test(raw)) return `${name} must be a whole number, got ${JSON.stringify(raw.slice(0, 20))}`;
  const value = Number(raw);
  return value > max ? `${name} must be at most ${max}, got ${value}` : value;
}

/** Parses a location hash; `{ok:true, link:null}` means "no deep link". */
export function parseDeepLink(hash: string): DeepLinkResult {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.trim() === '') return { ok: true, link: null };
  if (text.length > 300) return { ok: false, error: 'deep link is too long' };
  const params = new URLSearchParams(text);
  for (const key of params.keys()) {
    if (!KNOWN.has(key)) return { ok: false, error: `unknown deep link field "${key.slice(0, 30)}" (expected lesson, step, seed)` };
  }
  const lessonId = params.get('lesson');
  if (lessonId === null) return { ok: false, error: 'deep link needs lesson=<id>' };
  if (!ID.test(lessonId)) return { ok: false, error: `lesson id ${JSON.stringify(lessonId.slice(0, 40))} is not a valid id` };
  const link: DeepLink = { lessonId };
  const step = params.get('step');
  if (step !== null) {
    const value = parseIntField('step', step, 999);
    if (typeof value === 'string') return { ok: false, error: value };
    link.step = value;
  }
  const seed = params.get('seed');
  if (seed !== null) {
    const value = parseIntField('seed', seed, 0xffffffff);
    if (typeof value === 'string') return { ok: false, error: value };
    link.seed = value;
  }
  return { ok: true, link };
}

/** The hash for a deep link (used to keep the address bar in step with the lesson). */
export function formatDeepLink(link: DeepLink): string {
  const params = new URLSearchParams({ lesson: link.lessonId });
  if (link.step !== undefined) params.set('step', String(link.step));
  if (link.seed !== undefined) params.set('seed', String(link.seed));
  return `#${params.toString()}`;
}
