import { describe, expect, it } from 'vitest';
import { missingToolsReason, requireTools, type Tool, type ToolEnvironment } from './require-tool';

const present: Tool = { path: '/there', install: 'package here' };
const absent: Tool = { path: '/not-there', install: 'package gone' };

function environment(ci: boolean): ToolEnvironment & { warnings: string[] } {
  const warnings: string[] = [];
  return { ci, exists: (path) => path === '/there', warn: (message) => warnings.push(message), warnings };
}

describe('requireTools', () => {
  it('answers true and says nothing when every tool is there', () => {
    const env = environment(true);
    expect(requireTools('suite', [present], env)).toBe(true);
    expect(env.warnings).toEqual([]);
  });

  it('skips locally, printing which tool is missing and how to get it', () => {
    const env = environment(false);
    expect(requireTools('export tests', [present, absent], env)).toBe(false);
    expect(env.warnings).toEqual(['export tests skipped: missing /not-there (package gone)']);
  });

  it('fails on CI instead of skipping', () => {
    const env = environment(true);
    expect(() => requireTools('export tests', [absent], env)).toThrow('export tests cannot run on CI: missing /not-there (package gone)');
    expect(env.warnings).toEqual([]);
  });

  it('names every missing tool', () => {
    expect(missingToolsReason([absent, { path: '/gone-too', install: 'other' }], () => false)).toBe('missing /not-there (package gone), /gone-too (other)');
    expect(missingToolsReason([present], () => true)).toBeNull();
  });
});
