import { z } from 'zod';
import { actionSchema } from '../model/registry';
import { lessonWorldSchema } from '../model/world';
import { durationString, entityId, label } from './primitives';

/** Lesson files carry this format version; newer files are refused, older ones migrated. */
export const LESSON_FORMAT_VERSION = 1;

export const VIEW_IDS = ['host', 'rings', 'memory', 'storage', 'fleet', 'access', 'network'] as const;
export const viewIdSchema = z.enum(VIEW_IDS);

/** The initial world (src/model/world.ts): each model module owns one section. */
export { lessonWorldSchema, type LessonWorld } from '../model/world';

export const timedActionSchema = z.strictObject({
  at: durationString.optional().describe('Simulated time of the action (default: the step\'s time)'),
  action: actionSchema,
});

export const checkpointSchema = z.strictObject({
  question: z.string().min(1).max(600),
  kind: z.enum(['choice', 'pick']).default('choice').describe('"choice": multiple choice; "pick": click an entity on the canvas'),
  choices: z.array(z.string().min(1).max(200)).max(8).optional(),
  /** For `choice`: the index of the right answer. For `pick`: the id of the right entity. */
  answer: z.union([z.int().min(0).max(7), entityId]),
  explanation: z.string().max(2000).optional(),
});

export const focusSchema = z.strictObject({
  view: viewIdSchema,
  entities: z.array(entityId).max(64).default([]),
});

export const lessonStepSchema = z.strictObject({
  id: entityId.optional(),
  at: durationString.describe('Simulated time at which this step begins'),
  title: label.optional(),
  narration: z.string().max(8000).describe('Narration in a small markdown subset: **bold**, *italic*, `code`, [links](url), - lists'),
  notes: z.string().max(8000).optional().describe('Presenter notes (not shown to the audience)'),
  actions: z.array(timedActionSchema).max(2000).default([]),
  focus: focusSchema.optional(),
  chapter: label.optional().describe('Starts a chapter with this title'),
  checkpoint: checkpointSchema.optional(),
});

export const lessonSchema = z
  .strictObject({
    $schema: z.string().max(500).optional(),
    formatVersion: z.literal(LESSON_FORMAT_VERSION).default(LESSON_FORMAT_VERSION),
    id: entityId,
    title: label,
    summary: z.string().min(1).max(400),
    timeScale: durationString.describe('Simulated time shown per wall-clock second at 1× speed'),
    seed: z.int().min(0).max(0xffffffff).optional(),
    faults: z.array(z.string().min(1).max(64)).max(16).default([]).describe('Faults on from time zero'),
    world: lessonWorldSchema,
    steps: z.array(lessonStepSchema).max(1000).default([]),
  })
  .describe('An Isolation Lab lesson or scenario');

export type Lesson = z.output<typeof lessonSchema>;
export type LessonInput = z.input<typeof lessonSchema>;
export type LessonStep = z.output<typeof lessonStepSchema>;
