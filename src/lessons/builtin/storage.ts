/** Built-in lessons of this area: import each JSON file and list it here. */
export const storageLessons: readonly unknown[] = [];
