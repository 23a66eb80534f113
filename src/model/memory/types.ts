/** The memory module's slice of the world (`world.memory`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryWorld {}
