/**
 * The Electron side of the simulator supervisor: the watchdog, restarts and session restore live
 * in src/host/worker-supervisor.ts so the browser build's Web Worker wrapper uses the same code.
 */
export { WorkerSupervisor as SimSupervisor, type SupervisorOptions, type WorkerLike } from '../src/host/worker-supervisor';
