import { describe, expect, it } from 'vitest';
import { runChild } from './child';
import type { BenchResult } from './types';

/** The lessons section's measuring process, through the runner every section's children use. */
const script = new URL('./lesson-point.ts', import.meta.url);

describe('runChild', () => {
  it('returns the JSON line a measuring process printed last', () => {
    const ran = runChild(script, ['licensing-on-dedicated-hosts', '2', 'quick'], 60_000);
    if (!ran.ok) throw new Error(ran.error);
    const rows = JSON.parse(ran.line) as BenchResult[];
    expect(rows.map((r) => r.name)).toEqual(['licensing-on-dedicated-hosts: run to the end', 'licensing-on-dedicated-hosts: worst of 2 seeks']);
    expect(rows[1]?.met).toBe(true);
  }, 60_000);

  it('says why a process printed nothing usable', () => {
    expect(runChild(script, ['no-such-lesson', '2'], 60_000)).toEqual({ ok: false, error: 'exit 2' });
  }, 60_000);
});
