/**
 * Cost budgets: what a schema-valid lesson may ask the simulator to do. The schema bounds each
 * field on its own; a small file can still multiply those bounds into minutes of work or
 * gigabytes of state (2,000 bursts of a million round trips, 64 hosts of 2³⁰ frames). This module
 * estimates the work a lesson implies and refuses what exceeds the documented budgets
 * (docs/lesson-format.md, "Cost budgets") with errors located at the field that crossed the line.
 * Every budget was measured on one core of a 2020s laptop so that an accepted lesson sets up in
 * well under a second and its heaviest single event runs in about a second.
 */
import { MAX_FRAMES_PER_HOST, REALISTIC_FRAME_KIB, TEACHING_FRAME_KIB } from '../model/memory/config';
import type { Lesson } from './schema';

export const BUDGETS = {
  /** Scripted actions over all steps (the schema alone allows 1000 × 2000). */
  actions: 20_000,
  /** Frames of one host: beyond this its frame table does not fit in memory. */
  framesPerHost: MAX_FRAMES_PER_HOST,
  /** Frames over all hosts: bounds the state (and the `loaded` reply) to a few megabytes. */
  framesTotal: 2 ** 31,
  /** Guest domains over all hosts: each boots with its own events and state. */
  guests: 1024,
  /** vCPUs over all guests: each keeps a privilege-level history. */
  vcpus: 16_384,
  /** Round trips over all `cpu.burst` actions: each is simulated crossing by crossing (≈ 0.45 s per million). */
  burstRoundTrips: 5_000_000,
  /** Frames named by memory actions (`mem.*`, `dom0.foreignMap`) over the lesson. */
  memoryActionFrames: 2 ** 32,
  /** Blocks of EBS volumes created by the script, and blocks read or written by `ebs.*` I/O. */
  volumeBlocks: 16 * 1024 * 1024,
} as const;

export type BudgetName = keyof typeof BUDGETS;

/** The work a lesson implies, in the units of {@link BUDGETS}. */
export type WorkEstimate = Record<BudgetName, number>;

export interface BudgetError {
  /** JSON path of the field at which the budget was crossed. */
  path: string;
  message: string;
}

/** Adds up a lesson's work; each total remembers the path of the item that first crossed its budget. */
class Tally {
  readonly totals: WorkEstimate = { actions: 0, framesPerHost: 0, framesTotal: 0, guests: 0, vcpus: 0, burstRoundTrips: 0, memoryActionFrames: 0, volumeBlocks: 0 };
  readonly crossedAt: Partial<Record<BudgetName, string>> = {};

  add(name: BudgetName, amount: number, path: string): void {
    this.totals[name] += amount;
    if (this.totals[name] > BUDGETS[name] && this.crossedAt[name] === undefined) this.crossedAt[name] = path;
  }
}

function frameKiBOf(lesson: Lesson): number {
  const memory = lesson.world.memory;
  return memory?.frameKiB ?? (memory?.mode === 'realistic' ? REALISTIC_FRAME_KIB : TEACHING_FRAME_KIB);
}

function numberField(record: Record<string, unknown>, key: string, fallback: number): number {
  const value = record[key];
  return typeof value === 'number' ? value : fallback;
}

/** Estimates the work a (schema-valid) lesson implies. */
export function estimateWork(lesson: Lesson): { totals: WorkEstimate; crossedAt: Partial<Record<BudgetName, string>>; hostFrames: number[] } {
  const tally = new Tally();
  const frameKiB = frameKiBOf(lesson);
  const hostFrames: number[] = [];
  lesson.world.hosts.forEach((host, h) => {
    const frames = Math.floor((host.memoryMiB * 1024) / frameKiB);
    hostFrames.push(frames);
    tally.totals.framesPerHost = Math.max(tally.totals.framesPerHost, frames);
    tally.add('framesTotal', frames, `$.world.hosts[${h}].memoryMiB`);
    host.guests.forEach((guest, g) => {
      tally.add('guests', 1, `$.world.hosts[${h}].guests[${g}]`);
      tally.add('vcpus', guest.vcpus, `$.world.hosts[${h}].guests[${g}].vcpus`);
    });
  });
  lesson.steps.forEach((step, s) => {
    step.actions.forEach(({ action }, a) => {
      const at = `$.steps[${s}].actions[${a}].action`;
      tally.add('actions', 1, at);
      const fields = action as Record<string, unknown>;
      if (action.type === 'cpu.burst') tally.add('burstRoundTrips', numberField(fields, 'count', 1), `${at}.count`);
      else if (action.type.startsWith('mem.') || action.type === 'dom0.foreignMap') tally.add('memoryActionFrames', numberField(fields, 'frames', 1), `${at}.frames`);
      else if (action.type === 'ebs.create') tally.add('volumeBlocks', numberField(fields, 'sizeBlocks', 0), `${at}.sizeBlocks`);
      else if (action.type === 'ebs.read' || action.type === 'ebs.write') tally.add('volumeBlocks', numberField(fields, 'count', 1), `${at}.count`);
    });
  });
  return { totals: tally.totals, crossedAt: tally.crossedAt, hostFrames };
}

const WHAT: Record<BudgetName, string> = {
  actions: 'scripted actions',
  framesPerHost: 'frames on one host',
  framesTotal: 'memory frames over all hosts',
  guests: 'guest domains',
  vcpus: 'vCPUs over all guests',
  burstRoundTrips: 'cpu.burst round trips',
  memoryActionFrames: 'frames named by memory actions',
  volumeBlocks: 'EBS volume blocks created, read or written',
};

const HINT: Partial<Record<BudgetName, string>> = {
  framesTotal: 'use bigger frames (world.memory.frameKiB or mode "teaching") or less host memory',
  burstRoundTrips: 'use fewer or smaller bursts; the counters scale linearly',
};

/** Every budget the lesson exceeds, located at the field that crossed it (empty when within budget). */
export function checkBudgets(lesson: Lesson): BudgetError[] {
  const errors: BudgetError[] = [];
  const { totals, crossedAt, hostFrames } = estimateWork(lesson);
  const frameKiB = frameKiBOf(lesson);
  hostFrames.forEach((frames, h) => {
    if (frames >= 1 && frames <= BUDGETS.framesPerHost) return;
    errors.push({
      path: `$.world.hosts[${h}].memoryMiB`,
      message: `host would have ${frames} frames of ${frameKiB} KiB; expected 1 to ${BUDGETS.framesPerHost} frames per host (change world.memory.frameKiB or memoryMiB)`,
    });
  });
  for (const name of Object.keys(BUDGETS) as BudgetName[]) {
    const path = crossedAt[name];
    if (name === 'framesPerHost' || path === undefined) continue;
    const hint = HINT[name];
    errors.push({ path, message: `the lesson asks for ${totals[name]} ${WHAT[name]}; the budget is ${BUDGETS[name]}${hint ? ` (${hint})` : ''}` });
  }
  return errors;
}
