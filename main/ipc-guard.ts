import type { z } from 'zod';
import { jsonPath } from '../src/lessons/load';
import { commandSchema, type Command } from '../src/protocol/commands';
import type { Reply } from '../src/protocol/replies';

/**
 * The gate every renderer message passes before it reaches the simulator worker. Pure (no
 * Electron) so hostile inputs can be unit-tested: main/ipc-router.ts runs it on every message and
 * main/window-service.ts supplies the sender facts.
 */

/** What main knows about the frame that sent a message. */
export interface SenderInfo {
  /** The sending frame's URL (event.senderFrame.url); undefined when the frame is gone. */
  url: string | undefined;
  /** True when the frame is the main frame of one of the app's own windows. */
  isAppMainFrame: boolean;
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Origins the app's own pages load from, written as `scheme://host` (e.g. `app://lab`, or the
 * dev server's `http://localhost:5173`). Compared by scheme + host rather than URL.origin because
 * WHATWG URL reports the origin of a non-special scheme such as `app:` as "null".
 */
export function isAppUrl(url: string | undefined, appOrigins: readonly string[]): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  return appOrigins.includes(origin);
}

export function checkSender(sender: SenderInfo | null, appOrigins: readonly string[]): Verdict<true> {
  if (!sender || sender.url === undefined) return { ok: false, reason: 'message from a frame that no longer exists' };
  if (!sender.isAppMainFrame) return { ok: false, reason: 'message from a frame that is not an app window' };
  if (!isAppUrl(sender.url, appOrigins)) return { ok: false, reason: `message from a page outside the app (${truncate(sender.url, 120)})` };
  return { ok: true, value: true };
}

/** Bounds that keep a hostile message from costing much before the schema even looks at it. */
export interface ShapeLimits {
  maxDepth: number;
  maxNodes: number;
  /** Total characters over all strings and keys (a 4 MiB lesson file fits comfortably). */
  maxStringChars: number;
}

export const DEFAULT_LIMITS: ShapeLimits = { maxDepth: 64, maxNodes: 500_000, maxStringChars: 8 * 1024 * 1024 };

/** Keys that could reach Object.prototype through a careless merge anywhere downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks that a structured-cloned message is plain JSON-like data within the limits: no Maps,
 * Dates, typed arrays, prototype-pollution keys, absurd nesting or gigantic strings.
 */
export function checkShape(raw: unknown, limits: ShapeLimits = DEFAULT_LIMITS): Verdict<true> {
  let nodes = 0;
  let chars = 0;
  const visit = (value: unknown, path: (string | number)[]): string | null => {
    if (++nodes > limits.maxNodes) return `message has more than ${limits.maxNodes} values`;
    if (value === null || typeof value === 'boolean' || typeof value === 'number' || value === undefined) return null;
    if (typeof value === 'string') {
      chars += value.length;
      return chars > limits.maxStringChars ? `message text exceeds ${limits.maxStringChars} characters` : null;
    }
    if (typeof value !== 'object') return `${jsonPath(path)}: unsupported value of type ${typeof value}`;
    if (path.length >= limits.maxDepth) return `${jsonPath(path)}: nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = visit(value[i], [...path, i]);
        if (problem) return problem;
      }
      return null;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${jsonPath(path)}: expected plain data, got ${describeObject(value)}`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${jsonPath([...path, key])}: key "${key}" is not allowed`;
      chars += key.length;
      const problem = visit((value as Record<string, unknown>)[key], [...path, key]);
      if (problem) return problem;
    }
    return null;
  };
  const problem = visit(raw, []);
  return problem ? { ok: false, reason: problem } : { ok: true, value: true };
}

/** The request id to echo in an error reply, only when it is a sane integer. */
export function requestIdOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(raw, 'requestId')) return undefined;
  const id = (raw as { requestId?: unknown }).requestId;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** Why a renderer message was refused: `sender` before anything was read, `payload` after. */
export type Refusal = { ok: false; stage: 'sender' | 'payload'; reason: string };

/**
 * Full check of one renderer → main message: sender, shape, then the channel's schema. Never
 * throws; every IPC channel goes through it (main/ipc-router.ts).
 */
export function guardPayload<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  sender: SenderInfo | null,
  appOrigins: readonly string[],
  limits: ShapeLimits = DEFAULT_LIMITS,
): { ok: true; value: T } | Refusal {
  const who = checkSender(sender, appOrigins);
  if (!who.ok) return { ok: false, stage: 'sender', reason: who.reason };
  const shape = checkShape(raw, limits);
  if (!shape.ok) return { ok: false, stage: 'payload', reason: shape.reason };
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(raw);
  } catch (error) {
    return { ok: false, stage: 'payload', reason: (error as Error).message };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid message';
    return { ok: false, stage: 'payload', reason: truncate(where, 500) };
  }
  return { ok: true, value: parsed.data };
}

/** The error reply for a refused command: the request id is echoed only once the sender was trusted. */
export function commandRefusal(refusal: Refusal, raw: unknown): Extract<Reply, { type: 'error' }> {
  return reject(`rejected command: ${refusal.reason}`, refusal.stage === 'sender' ? undefined : requestIdOf(raw)).reply;
}

/** Full check of one renderer → simulator command; a rejection carries the error reply to send back to that renderer only. */
export function guardCommand(
  raw: unknown,
  sender: SenderInfo | null,
  appOrigins: readonly string[],
  limits: ShapeLimits = DEFAULT_LIMITS,
): { ok: true; command: Command } | { ok: false; reply: Extract<Reply, { type: 'error' }> } {
  const result = guardPayload(commandSchema, raw, sender, appOrigins, limits);
  return result.ok ? { ok: true, command: result.value } : { ok: false, reply: commandRefusal(result, raw) };
}

function reject(message: string, requestId: number | undefined): { ok: false; reply: Extract<Reply, { type: 'error' }> } {
  return { ok: false, reply: requestId === undefined ? { type: 'error', message } : { type: 'error', requestId, message } };
}

function describeObject(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name.length > 0 && name.length < 40 ? `a ${name}` : 'an object with a custom prototype';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
