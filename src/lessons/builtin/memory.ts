import memoryScrubbing from './memory-scrubbing.json';
import scrubbingAtScale from './scrubbing-at-scale.json';

/** Built-in lessons of this area: import each JSON file and list it here. */
export const memoryLessons: readonly unknown[] = [memoryScrubbing, scrubbingAtScale];
