import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInline, renderMarkdown } from './markdown';

describe('narration markdown', () => {
  it('renders bold, italic, code and links', () => {
    expect(renderInline('a **b** *c* `d`')).toBe('a <strong>b</strong> <em>c</em> <code>d</code>');
    expect(renderInline('see [Xen](https://xenproject.org/a?b=1&c=2)')).toBe(
      'see <a href="https://xenproject.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Xen</a>',
    );
  });

  it('does not format inside code spans', () => {
    expect(renderInline('`**x**` **y**')).toBe('<code>**x**</code> <strong>y</strong>');
  });

  it('drops links with unsafe schemes but keeps their text', () => {
    expect(renderInline('[click](javascript:alert(1))')).not.toContain('href');
    expect(renderInline('[click](data:text/html,x)')).toBe('click');
  });

  it('escapes HTML everywhere, including inside markup', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>** `<script>` [<i>](https://x.org/"onmouseover=1)');
    expect(html).not.toMatch(/<img|<b>|<script|<i>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('https://x.org/&quot;onmouseover=1');
  });

  it('builds paragraphs and lists', () => {
    expect(renderMarkdown('one\ntwo\n\n- a\n- b\n\n1. x\n2. y')).toBe(
      '<p>one two</p><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>',
    );
  });

  it('never lets a raw angle bracket or quote through (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const html = renderMarkdown(text);
        // Every tag in the output is one the renderer itself produces.
        const tags = html.match(/<\/?[a-z]+[^>]*>/g) ?? [];
        for (const tag of tags) expect(tag).toMatch(/^<\/?(p|ul|ol|li|strong|em|code|a)( href="[^"<>]*" target="_blank" rel="noopener noreferrer")?>$/);
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
