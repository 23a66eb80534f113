import MarkdownIt from 'markdown-it';

/**
 * Narration markdown, rendered by markdown-it restricted to the documented subset: **bold**,
 * *italic*, `code`, [links](https://…), "- " / "1. " lists and paragraphs, nested freely
 * ("**to or from `default`**"). Lesson files are untrusted: raw HTML is off (shown as text),
 * every other block and inline rule (headings, images, tables, autolinks…) is off, and links keep
 * only http(s) and mailto targets — plus `fact:<id>`, a citation of the fact sheet, which becomes
 * a button that opens the fact (fact-popover.ts).
 */

const SAFE_URL = /^(https?:\/\/|mailto:)/i;
const FACT_URL = /^fact:([a-z0-9][a-z0-9-]*)$/;

function createRenderer() {
  const md = new MarkdownIt('zero', { html: false, linkify: false, typographer: false });
  md.enable(['emphasis', 'backticks', 'link', 'list', 'escape', 'entity', 'newline']);
  // Everything else keeps its text: an unsafe link is dropped here, and rendered as its label.
  md.validateLink = (url) => SAFE_URL.test(url) || FACT_URL.test(url);
  // A fact citation opens the fact in the app instead of navigating (fact-popover.ts cancels the
  // navigation). It stays an inline link, not a <button>: a button is an atomic box, so a long
  // citation would break out onto a line of its own and leave the sentence's "." stranded.
  md.core.ruler.push('fact_citations', (state) => {
    for (const block of state.tokens) {
      const children = block.children ?? [];
      for (const token of children) {
        if (token.type === 'link_open') {
          const href = String(token.attrGet('href') ?? '');
          const fact = FACT_URL.exec(href)?.[1];
          if (fact) {
            token.attrs = [
              ['href', `#fact-${fact}`],
              ['class', 'fact-cite'],
              ['data-fact', fact],
              ['aria-haspopup', 'dialog'],
            ];
            token.meta = { fact };
          } else {
            token.attrSet('target', '_blank');
            token.attrSet('rel', 'noopener noreferrer');
          }
        }
      }
    }
    return true;
  });
  return md;
}

const renderer = createRenderer();

/** Renders narration to an HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(source: string): string {
  return renderer.render(source).trim();
}

/** One line of inline markup (no paragraph around it). */
export function renderInline(source: string): string {
  return renderer.renderInline(source);
}
