// `npm run docs:keyboard`: rewrites the key map in docs/keyboard.md from renderer/ui/actions.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withKeyMap } from '../renderer/ui/keymap-doc';

const file = join(import.meta.dirname, '..', 'docs', 'keyboard.md');
const before = readFileSync(file, 'utf8');
const after = withKeyMap(before);
writeFileSync(file, after);
console.log(after === before ? 'docs/keyboard.md: up to date' : 'docs/keyboard.md: key map rewritten');
