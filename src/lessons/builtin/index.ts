/**
 * Built-in lesson data, one list per area so each area's lessons are added in its own file.
 */
import { foundationLessons } from './foundation';
import { virtualizationLessons } from './virtualization';
import { memoryLessons } from './memory';
import { storageLessons } from './storage';
import { tenancyLessons } from './tenancy';
import { demoLessons } from './demos';
import { networkLessons } from './network';

export const BUILTIN_LESSON_DATA: readonly unknown[] = [
  ...foundationLessons,
  ...demoLessons,
  ...virtualizationLessons,
  ...memoryLessons,
  ...storageLessons,
  ...tenancyLessons,
  ...networkLessons,
];
