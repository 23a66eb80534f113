import type { Fact, FactTopic } from './types';

/**
 * Renders the fact sheet as markdown (docs/facts.md). Each fact gets an HTML anchor equal to its
 * id, so `docs/facts.md#<id>` links straight to it; the output depends only on the topics, so a
 * test can check that the committed file is fresh.
 */

function sourceLine(s: Fact['sources'][number]): string {
  return `  - [${s.title}](${s.url}) — ${s.asOf}`;
}

function factSection(f: Fact): string[] {
  const lines = [`### ${f.title}`, '', `<a id="${f.id}"></a>\`${f.id}\``];
  if (f.applies) lines.push(`· applies: ${f.applies}`);
  if (f.modelAssumption) lines.push('· **model assumption** (the simulator\'s choice or an illustrative number, not a published fact)');
  lines.push('', f.statement, '', '- Sources:', ...f.sources.map(sourceLine), '');
  return lines;
}

export function factSheetMarkdown(topics: readonly FactTopic[]): string {
  const count = topics.reduce((n, t) => n + t.facts.length, 0);
  const lines = [
    '# Isolation Lab fact sheet',
    '',
    '<!-- Generated from src/facts/*.ts by `npm run facts`; edit those files, not this one. -->',
    '',
    `Every fact the lessons rely on, in the project's own words, with the public sources it rests on and the date or version it holds for (${count} facts). Lessons cite a fact by its id; facts marked **model assumption** describe the simulator's own choices or illustrative numbers.`,
    '',
    ...topics.map((t) => `- [${t.title}](#topic-${t.id}) (${t.facts.length})`),
    '',
  ];
  for (const topic of topics) {
    lines.push(`## ${topic.title}`, '', `<a id="topic-${topic.id}"></a>`, '');
    for (const fact of topic.facts) lines.push(...factSection(fact));
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
