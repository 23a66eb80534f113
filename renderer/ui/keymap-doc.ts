import { keyMapMarkdown } from './actions';

/** docs/keyboard.md carries the key map between these markers; `npm run docs:keyboard` rewrites it. */
export const KEYMAP_START = '<!-- key map: generated from renderer/ui/actions.ts by `npm run docs:keyboard`; do not edit by hand -->';
export const KEYMAP_END = '<!-- end of generated key map -->';

/** The document with its generated block replaced by the current key map. */
export function withKeyMap(doc: string): string {
  const start = doc.indexOf(KEYMAP_START);
  const end = doc.indexOf(KEYMAP_END);
  if (start < 0 || end < start) throw new Error('docs/keyboard.md lacks the generated key map markers');
  return `${doc.slice(0, start)}${KEYMAP_START}\n\n${keyMapMarkdown()}\n\n${doc.slice(end)}`;
}
