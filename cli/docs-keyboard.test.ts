import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyMapRows } from '../renderer/ui/actions';
import { withKeyMap } from '../renderer/ui/keymap-doc';

/** Beside the CLI docs check: the renderer's tests may not read files (lint keeps Node out of renderer/). */
describe('docs/keyboard.md', () => {
  it('shows exactly the key map the app uses (npm run docs:keyboard regenerates it)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'keyboard.md'), 'utf8');
    expect(withKeyMap(doc), 'docs/keyboard.md is stale: run `npm run docs:keyboard`').toBe(doc);
    // Every row the ? overlay shows (help-overlay.ts renders keyMapRows) is in the document.
    for (const row of keyMapRows()) expect(doc).toContain(`| ${row.description} |`);
  });
});
