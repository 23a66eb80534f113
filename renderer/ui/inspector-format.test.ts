import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { createSimulation } from '../../src/host';
import { formatBytes, inspectorFields, labelFor } from './inspector-format';

describe('inspector fields are human-readable', () => {
  const lesson = findLesson('hello-host');
  if (!lesson) throw new Error('hello-host missing');
  const engine = createSimulation(lesson);
  engine.runUntil(4_000_000_000);
  const state = engine.state;

  it('words for keys, formatted times, sizes and names', () => {
    const rows = inspectorFields({ createdAt: 1_000_000_000, destroyedAt: null, memoryMiB: 2048, hostId: 'host-1', booted: true, colorIndex: 1 }, state);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r.value]));
    expect(byLabel['created at']).toBe('1 s');
    expect(byLabel['destroyed at']).toBe('not yet');
    expect(byLabel.memory).toBe('2 GiB');
    expect(byLabel.host).toMatch(/\(host-1\)$/);
    expect(byLabel.booted).toBe('yes');
    expect(byLabel.colour).toBe('sky blue (palette 2)');
  });

  it('never shows raw JSON for a real entity', () => {
    for (const domain of Object.values(state.world.domains)) {
      for (const row of inspectorFields(domain as unknown as Record<string, unknown>, state)) {
        expect(row.value).not.toMatch(/[{}[\]"]/);
        expect(row.label).not.toMatch(/[a-z][A-Z][a-z]/); // no camelCase keys
      }
    }
  });

  it('labels and sizes', () => {
    expect(labelFor('teardownBusyUntil')).toBe('teardown busy until');
    expect(labelFor('operatorId')).toBe('operator');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(512)).toBe('512 bytes');
  });
});
