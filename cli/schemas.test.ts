import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSchemas } from './json-schemas';
import { isolab } from './test-io';

describe('isolab schemas', () => {
  it('keeps the committed schemas/ files equal to a fresh export (run `npm run schemas` after a schema change)', () => {
    for (const [name, text] of Object.entries(exportSchemas())) {
      expect(readFileSync(join(process.cwd(), 'schemas', name), 'utf8'), `schemas/${name} is stale`).toBe(text);
    }
  });

  it('exports the lesson schema for input files: defaults make fields optional, unknown fields are refused', () => {
    const schema = JSON.parse(exportSchemas()['lesson.schema.json'] as string) as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required).toContain('world');
    expect(schema.required).not.toContain('formatVersion');
    expect(schema.required).not.toContain('steps');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('$schema');
  });

  it('writes both files to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolab-schemas-'));
    const r = await isolab(['schemas', '--out', dir]);
    expect(r.code).toBe(0);
    for (const [name, text] of Object.entries(exportSchemas())) expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  });
});
