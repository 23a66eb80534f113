export { SimHost, type HostClock, type SimHostOptions } from './sim-host';
export { createSimulation, lessonEndTime, DEFAULT_SEED, type SimulationOptions } from './simulation';
