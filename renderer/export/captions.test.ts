import { describe, expect, it } from 'vitest';
import { FACT_TOPICS } from '../../src/facts';
import { captionText, citedFactTitles, factFootnote, wrapCaption } from './captions';

const measure = (s: string): number => s.length;

describe('captions', () => {
  it('strips the markdown subset to plain text', () => {
    expect(captionText('A **bold** and *soft* `code` [link](https://x)')).toBe('A bold and soft code link');
  });

  it('wraps the whole narration, never cutting it to "…"', () => {
    const text = 'one two three four five six seven eight nine ten';
    const lines = wrapCaption(text, 9, measure);
    expect(lines.join(' ')).toBe(text);
    expect(lines.every((l) => l.length <= 9)).toBe(true);
    expect(lines.some((l) => l.includes('…'))).toBe(false);
    expect(wrapCaption('a b', 9, measure)).toEqual(['a b']);
  });

  it('breaks a word wider than the line between characters, losing none', () => {
    const lines = wrapCaption('see hypervisor-enforced isolation', 8, measure);
    expect(lines.every((l) => l.length <= 8)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe('seehypervisor-enforcedisolation');
  });

  it('names cited facts in a footnote (the sheet title, else the link text, never the id)', () => {
    const narration = 'Xen [scrubs freed pages](fact:no-such-fact-id) and [again](fact:no-such-fact-id), then [more](fact:other-missing).';
    expect(citedFactTitles(narration)).toEqual(['scrubs freed pages', 'more']);
    expect(factFootnote(narration)).toBe('Sources: scrubs freed pages · more (fact sheet)');
    expect(factFootnote('no citations [here](https://example.org)')).toBe('');
    const fact = FACT_TOPICS[0]?.facts[0];
    if (fact) expect(factFootnote(`See [this](fact:${fact.id}).`)).toBe(`Source: ${fact.title} (fact sheet)`);
  });
});
