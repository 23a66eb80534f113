/**
 * Makes untrusted text safe to echo on one terminal line: control characters (C0, DEL, C1),
 * line and paragraph separators and bidirectional overrides are shown as visible escapes
 * (`\n`, `\x1b`, `\u{202e}`), and a backslash is doubled so an escape cannot be faked. Ordinary
 * text, including non-Latin letters and emoji, is left alone.
 */
export function printable(text: string, maxLength = 500): string {
  let out = '';
  for (const char of text) {
    if (out.length >= maxLength) return `${out}…`;
    out += escapeChar(char);
  }
  return out;
}

/** `printable` in double quotes (quotes inside are escaped too), for naming a value in a message. */
export function quoted(text: string, maxLength = 200): string {
  return `"${printable(text, maxLength).replace(/"/g, '\\"')}"`;
}

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, '0')}`;
  // Line/paragraph separators, bidi embeddings, overrides and isolates, and the BOM/zero-width no-break.
  if (code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff || code === 0x200e || code === 0x200f) {
    return `\\u{${code.toString(16)}}`;
  }
  return char;
}
