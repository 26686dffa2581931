/**
 * Replies as Markdown: marked (GFM: tables, lists, fenced code) turned into HTML, then DOMPurify.
 * HTML typed inside a message is escaped (shown as text), links open in a new tab without an
 * opener or referrer (web and mail links only), images are links (never loaded), and fenced code gets a Copy button and, once the lazily loaded highlighter
 * is in (see `loadHighlighter`), syntax colours.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { Highlighter } from './highlighter.js';

let highlighter: Highlighter | null = null;
let loading: Promise<void> | null = null;

/** Loads the highlighter chunk once; resolves when code can be coloured. */
export function loadHighlighter(): Promise<void> {
  loading ??= import('./highlighter.js').then((m) => {
    highlighter = m.highlighter;
  });
  return loading;
}

export const highlighterLoaded = (): boolean => highlighter !== null;

/** True when the text has a fenced code block (worth loading the highlighter for). */
export const hasCodeFence = (text: string): boolean => /^ {0,3}(```|~~~)/m.test(text);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Web and mail links only (and in-page or relative ones): no `javascript:`, `data:` and the like. */
const safeUrl = (href: string): string | null =>
  /^(https?:|mailto:|#|\/(?!\/))/i.test(href.trim()) ? href.trim() : null;

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link({ href, title, tokens }) {
      const inner = this.parser.parseInline(tokens);
      const url = safeUrl(href);
      if (!url) return inner;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(url)}"${titled} target="_blank" rel="noopener noreferrer">${inner}</a>`;
    },
    // A reply's image would be fetched as soon as it shows, telling its server what the model was
    // made to put in the URL: images are links to click instead.
    image({ href, text }) {
      const url = safeUrl(href);
      const label = escapeHtml(text || href);
      return url
        ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">[image: ${label}]</a>`
        : `[image: ${label}]`;
    },
    code: ({ text, lang }) => {
      const language = (lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      const coloured = highlighter?.highlight(text, language) ?? null;
      const label = escapeHtml(language || 'text');
      return (
        `<div class="code-block"><div class="code-head"><span class="code-lang">${label}</span>` +
        `<button type="button" class="copy" data-copy aria-label="Copy ${label} code">Copy</button></div>` +
        `<pre><code class="hljs${language ? ` language-${label}` : ''}">` +
        `${coloured ?? escapeHtml(text)}</code></pre></div>`
      );
    },
  },
});

/** Markdown → sanitised HTML (in one wrapping div), safe for `unsafeHTML`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return DOMPurify.sanitize(`<div>${html}</div>`, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe'],
    FORBID_ATTR: ['style'],
  });
}
