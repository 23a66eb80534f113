/**
 * A tiny markdown subset for lesson narration: **bold**, *italic*, `code`, [links](https://…),
 * "- " / "1. " lists and blank-line paragraphs. Lesson files are untrusted, so every piece of
 * text is HTML-escaped BEFORE any markup is added, and links keep only http(s)/mailto targets.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Inline markup on one line of text; code spans are taken out first so nothing formats inside them. */
export function renderInline(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => {
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return formatEscaped(escapeHtml(part));
    })
    .join('');
}

function formatEscaped(html: string): string {
  return html
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
      SAFE_URL.test(url) ? `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>` : label,
    )
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\n]+)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>');
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

/** Renders narration to an HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(source: string): string {
  const blocks: Block[] = [];
  let current = null as Block | null;
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') {
      current = null;
    } else if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      const item = ((bullet ?? numbered) as RegExpExecArray)[1] as string;
      if (current?.kind !== kind) blocks.push((current = { kind, items: [] }));
      current.items.push(item);
    } else if (current?.kind === 'p') {
      current.lines.push(line.trim());
    } else {
      blocks.push((current = { kind: 'p', lines: [line.trim()] }));
    }
  }
  return blocks
    .map((block) =>
      block.kind === 'p'
        ? `<p>${block.lines.map(renderInline).join(' ')}</p>`
        : `<${block.kind}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${block.kind}>`,
    )
    .join('');
}
