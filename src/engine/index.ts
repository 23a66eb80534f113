export * from './types';
export * from './time';
export * from './rng';
export * from './hash';
export { EventQueue, runsBefore } from './heap';
export { EventColumns } from './event-columns';
export { boundedDiff, diffPatches } from './diff';
export { Engine, type EngineOptions, type HandlerTable, type Move, type MoveOptions, type ScriptedEvent } from './engine';
export * from './errors';
