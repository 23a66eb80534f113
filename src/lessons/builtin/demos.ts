import tour from './tour.json';

/** Built-in lessons of this area: import each JSON file and list it here. */
export const demoLessons: readonly unknown[] = [tour];
