/** The cpu module's slice of the world (`world.cpu`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CpuWorld {}
