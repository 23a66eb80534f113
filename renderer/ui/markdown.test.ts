import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from './markdown';

const squash = (html: string): string => html.replace(/\n/g, '');

describe('narration markdown', () => {
  it('renders bold, italic, code and links', () => {
    expect(renderInline('a **b** *c* `d`')).toBe('a <strong>b</strong> <em>c</em> <code>d</code>');
    expect(renderInline('see [Xen](https://xenproject.org/a?b=1&c=2)')).toBe(
      'see <a href="https://xenproject.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Xen</a>',
    );
  });

  it('nests: bold or italic around code, links inside lists', () => {
    expect(renderInline('tenancy never changes **to or from `default`**')).toBe('tenancy never changes <strong>to or from <code>default</code></strong>');
    expect(renderInline('*the `ring 1` myth*')).toBe('<em>the <code>ring 1</code> myth</em>');
    expect(squash(renderMarkdown('- see [Xen](https://xenproject.org) **now**\n- b'))).toBe(
      '<ul><li>see <a href="https://xenproject.org" target="_blank" rel="noopener noreferrer">Xen</a> <strong>now</strong></li><li>b</li></ul>',
    );
  });

  it('does not format inside code spans', () => {
    expect(renderInline('`**x**` **y**')).toBe('<code>**x**</code> <strong>y</strong>');
  });

  it('drops links with unsafe schemes but keeps their text', () => {
    expect(renderInline('[click](javascript:alert(1))')).not.toContain('href');
    expect(renderInline('[click](data:text/html,x)')).not.toContain('href');
    expect(renderInline('[click](data:text/html,x)')).toContain('click');
    expect(renderInline('[x](vbscript:y) [y](file:///etc/passwd)')).not.toMatch(/href/);
  });

  it('turns fact: links into citation buttons', () => {
    expect(renderInline('[idle scrubbing](fact:xen-idle-scrub) **and**')).toBe(
      '<a href="#fact-xen-idle-scrub" class="fact-cite" data-fact="xen-idle-scrub" aria-haspopup="dialog">idle scrubbing</a> <strong>and</strong>',
    );
    // Only ids of the documented shape: anything else is not a link at all.
    expect(renderInline('[x](fact:"onclick=1)')).not.toMatch(/button|href/);
  });

  it('keeps everything outside the subset as text: HTML, headings, images, autolinks', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>** `<script>` [<i>](https://x.org/"onmouseover=1)\n\n# heading\n\n![i](https://x.org/a.png) <https://x.org>');
    expect(html).not.toMatch(/<img|<b>|<script|<i>|<h1|onmouseover="|<a href="https:\/\/x.org">/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('# heading');
  });

  it('builds paragraphs and lists', () => {
    expect(squash(renderMarkdown('one\ntwo\n\n- a\n- b\n\n1. x\n2. y'))).toBe('<p>one two</p><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>'.replace('one two', 'onetwo'));
  });

  it('only ever emits the subset tags (property, hostile input)', () => {
    const hostile = fc.constantFrom('<', '>', '"', "'", '`', '*', '_', '[', ']', '(', ')', 'javascript:', 'fact:', 'https://a.b/', '\n', ' ', '- ', '1. ', 'x', '&', '<script>');
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 60 }).map((parts) => parts.join('')), fc.string({ maxLength: 80 }), (built, random) => {
        for (const text of [built, random]) {
          const html = renderMarkdown(text);
          const tags = html.match(/<\/?[a-z][^>]*>/g) ?? [];
          for (const tag of tags) {
            expect(tag).toMatch(
              /^(<\/?(p|ul|ol|li|strong|em|code|a|button|br)>|<a href="(https?:\/\/|mailto:)[^"<>]*" target="_blank" rel="noopener noreferrer">|<ol start="\d+">|<br>|<a href="#fact-[a-z0-9-]+" class="fact-cite" data-fact="[a-z0-9-]+" aria-haspopup="dialog">)$/,
            );
          }
        }
      }),
    );
  });
});
