import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule (ARCHITECTURE §1) is enforced by ESLint; these tests prove the rule bites,
 * so a config change cannot silently switch it off.
 */
async function lint(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', () => {
  it('keeps src free of electron, pixi.js, Node built-ins, the DOM and wall-clock randomness', async () => {
    const code = [
      "import { app } from 'electron';",
      "import { Application } from 'pixi.js';",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      'export const leaks = [app, Application, readFileSync, path, window.innerWidth, Math.random(), Date.now()];',
    ].join('\n');
    const messages = await lint(code, 'src/model/leaky.ts');
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(4);
    expect(messages.some((m) => m.startsWith('no-restricted-globals'))).toBe(true);
    expect(messages.filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(2);
  });

  it('keeps renderer free of electron and Node', async () => {
    const messages = await lint("import { ipcRenderer } from 'electron';\nimport fs from 'fs';\nexport const x = [ipcRenderer, fs];\n", 'renderer/ui/leaky.ts');
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(2);
  });

  it('lets src import its own modules and immer/zod', async () => {
    const messages = await lint("import { produce } from 'immer';\nimport { z } from 'zod';\nexport const x = [produce, z];\n", 'src/model/fine.ts');
    expect(messages).toEqual([]);
  });
});
