/** The storage module's slice of the world (`world.storage`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StorageWorld {}
