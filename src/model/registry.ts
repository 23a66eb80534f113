import { z } from 'zod';
import type { AfterEventHook, Handler } from '../engine';
import type { HandlerTable } from '../engine';
import { accessModule } from './access/module';
import { cpuModule } from './cpu/module';
import { faultsModule } from './faults/module';
import { hypervisorModule } from './hypervisor/module';
import { memoryModule } from './memory/module';
import { networkModule } from './network/module';
import type { FaultSpec, SimModule } from './module';
import type { SimState } from './state';
import { storageModule } from './storage/module';
import { tenancyModule } from './tenancy/module';

/**
 * Every model module, in the order their handlers run when several handle the same event kind
 * (the hypervisor creates a domain before memory gives it frames).
 */
export const MODULES: readonly SimModule[] = [faultsModule, hypervisorModule, cpuModule, accessModule, memoryModule, storageModule, tenancyModule, networkModule];

export function handlerTable(modules: readonly SimModule[] = MODULES): HandlerTable<SimState> {
  const table: Record<string, Handler<SimState>[]> = {};
  for (const module of modules) {
    // The engine dispatches by kind, so each handler only sees events of the kind it is keyed
    // by; every way into the queue is typed by kind (schedule, emit, set-up, validated actions).
    for (const [kind, handler] of Object.entries(module.handlers ?? {})) (table[kind] ??= []).push(handler);
  }
  return table;
}

export function afterEventHooks(modules: readonly SimModule[] = MODULES): AfterEventHook<SimState>[] {
  return modules.flatMap((m) => m.afterEvent ?? []);
}

/** Every named fault, sorted by name. */
export const FAULTS: readonly FaultSpec[] = MODULES.flatMap((m) => m.faults ?? []).sort((a, b) => a.name.localeCompare(b.name));

export function isKnownFault(name: string): boolean {
  return FAULTS.some((f) => f.name === name);
}

/** One schema for every input action (user or lesson), discriminated by `type`. */
const actionSchemas = MODULES.flatMap((m) => m.actions ?? []);
export const actionSchema: z.ZodType<{ type: string } & Record<string, unknown>> = z
  .discriminatedUnion('type', actionSchemas as unknown as [z.ZodObject, ...z.ZodObject[]])
  .superRefine((action, ctx) => {
    const a = action as { type: string; fault?: string };
    if (a.type === 'fault.set' && a.fault !== undefined && !isKnownFault(a.fault)) {
      ctx.addIssue({ code: 'custom', path: ['fault'], message: `unknown fault "${a.fault}"; known faults: ${FAULTS.map((f) => f.name).join(', ') || 'none'}` });
    }
  }) as unknown as z.ZodType<{ type: string } & Record<string, unknown>>;

export type Action = z.output<typeof actionSchema>;
