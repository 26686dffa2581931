/**
 * A search snippet with its matched words marked. The snippet is plain text from the gateway: it is
 * only ever put in text nodes (Lit interpolation), never parsed as HTML, so markup typed in a
 * message shows as the characters it is.
 */
import { html, type TemplateResult } from 'lit';
import type { SearchHighlight } from '../gateway/protocol.js';

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Splits `snippet` at the highlight ranges (UTF-16 code units): out-of-range parts are clipped,
 * empty ones dropped, overlapping or touching ones merged, the order fixed.
 */
export function snippetParts(
  snippet: string,
  highlights: readonly SearchHighlight[],
): SnippetPart[] {
  const ranges = highlights
    .map((h) => [Math.max(0, h.start), Math.min(snippet.length, h.start + h.length)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) parts.push({ text: snippet.slice(at, from), mark: false });
    const last = parts.at(-1);
    if (last?.mark && from === at) last.text += snippet.slice(from, end);
    else parts.push({ text: snippet.slice(from, end), mark: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), mark: false });
  return parts;
}

/** The snippet as text nodes, each highlighted range in a `<mark>`. */
export function renderSnippet(
  snippet: string,
  highlights: readonly SearchHighlight[],
): TemplateResult {
  return html`${snippetParts(snippet, highlights).map((p) =>
    p.mark ? html`<mark>${p.text}</mark>` : p.text,
  )}`;
}
