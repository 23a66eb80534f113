import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinLessons, type Lesson } from '../lessons';
import { citedFacts, FACT_TOPICS, factById } from './index';
import { factSheetMarkdown } from './markdown';

const FACTS = FACT_TOPICS.flatMap((t) => t.facts);

/**
 * Notation from the project's research notes that learners must never see: section signs and
 * the notes' file name, misconception numbers, evidence tags, and paths into the simulator state.
 */
const INTERNAL_NOTATION: readonly RegExp[] = [
  /domain-facts/i,
  /§/,
  /misconception\s+M\d/i,
  /\(M\d{1,2}[),]/,
  /\[(?:S|A|C|U|I|C-reproduction)\]/,
  /`world\.|\bworld\.(?:memory|fleet|cpu|access|storage|hosts|tenants|domains)\b/,
];

function notationIn(text: string): string[] {
  return INTERNAL_NOTATION.filter((r) => r.test(text)).map((r) => r.source);
}

/** Every piece of a lesson a learner or presenter reads, labelled with where it is. */
function lessonTexts(lesson: Lesson): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['title', lesson.title],
    ['summary', lesson.summary],
  ];
  lesson.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (s.title) out.push([`${at}.title`, s.title]);
    if (s.chapter) out.push([`${at}.chapter`, s.chapter]);
    out.push([`${at}.narration`, s.narration]);
    if (s.notes) out.push([`${at}.notes`, s.notes]);
    if (s.checkpoint) {
      out.push([`${at}.checkpoint.question`, s.checkpoint.question]);
      s.checkpoint.choices?.forEach((c, j) => out.push([`${at}.checkpoint.choices[${j}]`, c]));
      if (s.checkpoint.explanation) out.push([`${at}.checkpoint.explanation`, s.checkpoint.explanation]);
    }
  });
  return out;
}

describe('fact sheet', () => {
  it('has unique kebab-case ids', () => {
    const ids = FACTS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(new Set(FACT_TOPICS.map((t) => t.id)).size).toBe(FACT_TOPICS.length);
  });

  it('gives every fact a statement and at least one public https source with a date or version', () => {
    for (const fact of FACTS) {
      expect(fact.statement.length, fact.id).toBeGreaterThan(40);
      expect(fact.sources.length, fact.id).toBeGreaterThan(0);
      for (const s of fact.sources) {
        expect(s.url, `${fact.id}: ${s.title}`).toMatch(/^https:\/\/[^\s/]+\.[^\s]+$/);
        expect(s.asOf.trim(), `${fact.id}: ${s.title}`).not.toBe('');
        expect(s.title.trim(), fact.id).not.toBe('');
      }
    }
  });

  it('states facts without internal notation', () => {
    for (const fact of FACTS) expect(notationIn(`${fact.title} ${fact.statement} ${fact.applies ?? ''}`), fact.id).toEqual([]);
  });

  it('catches the notation it is meant to catch', () => {
    for (const bad of ['(domain-facts §2.2)', 'misconception M14', 'an [S] figure', 'switch `world.memory.mode`', 'see world.fleet', 'PVH (M3)']) {
      expect(notationIn(bad), bad).not.toEqual([]);
    }
    expect(notationIn('[idle scrubbing](fact:xen-idle-scrub) in the world of Xen')).toEqual([]);
  });

  it('docs/facts.md is generated from the current facts (run `npm run facts`)', () => {
    const file = readFileSync(new URL('../../docs/facts.md', import.meta.url), 'utf8');
    expect(file).toBe(factSheetMarkdown(FACT_TOPICS));
    for (const fact of FACTS) expect(file).toContain(`<a id="${fact.id}"></a>`);
  });
});

describe.each(builtinLessons().map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('cites only facts that exist', () => {
    const missing = lessonTexts(lesson).flatMap(([where, text]) => citedFacts(text).filter((id) => !factById(id)).map((id) => `${where}: fact:${id}`));
    expect(missing).toEqual([]);
  });

  it('shows learners no internal notation', () => {
    const found = lessonTexts(lesson).flatMap(([where, text]) => notationIn(text).map((r) => `${where}: /${r}/`));
    expect(found).toEqual([]);
  });
});
