import type { z } from 'zod';
import { isKnownFault } from '../model/registry';
import { LESSON_FORMAT_VERSION, lessonSchema, type Lesson } from './schema';
import { toNanos } from './primitives';
import { checkBudgets } from './budget';
import { printable } from './printable';

/** Largest lesson file accepted; real lessons are a few kilobytes. */
export const MAX_LESSON_BYTES = 4 * 1024 * 1024;
/** Deepest JSON nesting accepted; the schema itself needs fewer than ten levels. */
export const MAX_NESTING = 64;

export interface LocatedError {
  file: string;
  /** JSON path such as `$.world.hosts[0].guests[1].mode`. */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; lesson: Lesson } | { ok: false; errors: LocatedError[] };

/**
 * Formats errors as `<file>: <JSON path>: <what was expected>`, one per line. Every part is made
 * printable: a message may quote the file's own bytes (a JSON parse error, an unknown fault name).
 */
export function formatErrors(errors: readonly LocatedError[]): string {
  return errors.map((e) => `${printable(e.file)}: ${printable(e.path)}: ${printable(e.message, 2000)}`).join('\n');
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Parses and validates lesson text. Never throws: every problem becomes a located error. */
export function parseLessonText(text: string, file: string): LoadResult {
  const fail = (message: string, path = '$'): LoadResult => ({ ok: false, errors: [{ file, path, message }] });
  if (text.length > MAX_LESSON_BYTES) return fail(`file is ${text.length} bytes; lessons are limited to ${MAX_LESSON_BYTES} bytes`);
  const depth = maxNesting(text);
  if (depth > MAX_NESTING) return fail(`JSON nests ${depth} levels deep; at most ${MAX_NESTING} are allowed`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  return validateLesson(data, file);
}

/** Validates already-parsed lesson data (built-in lessons, IPC payloads). */
export function validateLesson(data: unknown, file: string): LoadResult {
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > LESSON_FORMAT_VERSION) {
    return { ok: false, errors: [{ file, path: '$.formatVersion', message: `format version ${version} is newer than this app reads (${LESSON_FORMAT_VERSION}); update Isolation Lab` }] };
  }
  const parsed = lessonSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error, file) };
  const semantic = crossCheck(parsed.data).map((e) => ({ file, ...e }));
  if (semantic.length > 0) return { ok: false, errors: semantic };
  // Cost budgets last: they assume the references above hold (docs/lesson-format.md, "Cost budgets").
  const overBudget = checkBudgets(parsed.data).map((e) => ({ file, ...e }));
  return overBudget.length > 0 ? { ok: false, errors: overBudget } : { ok: true, lesson: parsed.data };
}

export function zodErrors(error: z.ZodError, file: string): LocatedError[] {
  return error.issues.slice(0, 50).map((issue) => ({ file, path: jsonPath(issue.path), message: describeIssue(issue) }));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unexpected field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `${issue.message}: unknown action type`;
  }
  return issue.message;
}

/** References between parts of a lesson that a schema cannot express. */
function crossCheck(lesson: Lesson): Array<Omit<LocatedError, 'file'>> {
  const errors: Array<Omit<LocatedError, 'file'>> = [];
  const tenants = new Set<string>();
  lesson.world.tenants.forEach((t, i) => {
    if (tenants.has(t.id)) errors.push({ path: `$.world.tenants[${i}].id`, message: `duplicate tenant id "${t.id}"` });
    tenants.add(t.id);
  });
  const ids = new Set<string>();
  lesson.world.hosts.forEach((host, h) => {
    if (ids.has(host.id)) errors.push({ path: `$.world.hosts[${h}].id`, message: `duplicate id "${host.id}"` });
    ids.add(host.id);
    if (host.hypervisor === 'nitro' && host.xenVersion !== undefined) {
      errors.push({ path: `$.world.hosts[${h}].xenVersion`, message: 'a Nitro host runs no Xen; remove xenVersion' });
    }
    host.guests.forEach((guest, g) => {
      const at = `$.world.hosts[${h}].guests[${g}]`;
      if (ids.has(guest.id)) errors.push({ path: `${at}.id`, message: `duplicate id "${guest.id}"` });
      ids.add(guest.id);
      if (!tenants.has(guest.tenant)) errors.push({ path: `${at}.tenant`, message: `expected one of the tenants declared in $.world.tenants, got "${guest.tenant}"` });
    });
  });
  lesson.faults.forEach((fault, i) => {
    if (!isKnownFault(fault)) errors.push({ path: `$.faults[${i}]`, message: `unknown fault "${fault}"` });
  });
  let previous = 0;
  lesson.steps.forEach((step, s) => {
    const at = toNanos(step.at);
    if (at < previous) errors.push({ path: `$.steps[${s}].at`, message: `expected steps in time order; this step starts before the previous one` });
    previous = Math.max(previous, at);
    step.actions.forEach((action, a) => {
      if (action.at !== undefined && toNanos(action.at) < at) {
        errors.push({ path: `$.steps[${s}].actions[${a}].at`, message: 'expected a time at or after the step\'s own time' });
      }
    });
    if (step.checkpoint?.kind === 'choice') {
      const { choices, answer } = step.checkpoint;
      if (!choices || choices.length < 2) errors.push({ path: `$.steps[${s}].checkpoint.choices`, message: 'expected at least two choices' });
      else if (typeof answer !== 'number' || answer >= choices.length) errors.push({ path: `$.steps[${s}].checkpoint.answer`, message: `expected the index of one of the ${choices.length} choices` });
    }
  });
  return errors;
}

/** Deepest bracket nesting outside strings, found without parsing (so a hostile file can't overflow a parser). */
function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
