/** The access module's slice of the world (`world.access`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccessWorld {}
