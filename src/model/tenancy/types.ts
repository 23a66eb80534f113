/** The tenancy module's slice of the world (`world.fleet`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FleetWorld {}
