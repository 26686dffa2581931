// @vitest-environment happy-dom
import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { renderSnippet, snippetParts } from '../src/palette/highlight.js';

function rendered(snippet: string, highlights: { start: number; length: number }[]) {
  const host = document.createElement('div');
  render(renderSnippet(snippet, highlights), host);
  return host;
}

describe('snippetParts', () => {
  it('splits the snippet at the ranges, in order', () => {
    expect(
      snippetParts('pay invoice 4711 today', [
        { start: 12, length: 4 },
        { start: 4, length: 7 },
      ]),
    ).toEqual([
      { text: 'pay ', mark: false },
      { text: 'invoice', mark: true },
      { text: ' ', mark: false },
      { text: '4711', mark: true },
      { text: ' today', mark: false },
    ]);
  });

  it('clips ranges past the ends, drops empty ones and merges overlaps', () => {
    expect(
      snippetParts('abcdef', [
        { start: -2, length: 3 },
        { start: 4, length: 10 },
        { start: 3, length: 0 },
        { start: 0, length: 2 },
      ]),
    ).toEqual([
      { text: 'ab', mark: true },
      { text: 'cd', mark: false },
      { text: 'ef', mark: true },
    ]);
    expect(
      snippetParts('abcdef', [
        { start: 1, length: 3 },
        { start: 2, length: 3 },
      ]),
    ).toEqual([
      { text: 'a', mark: false },
      { text: 'bcde', mark: true },
      { text: 'f', mark: false },
    ]);
    expect(snippetParts('plain', [])).toEqual([{ text: 'plain', mark: false }]);
  });

  it('counts UTF-16 code units, as the gateway does', () => {
    // "🙂" is two code units: the range after it starts at 3.
    expect(snippetParts('🙂 crème', [{ start: 3, length: 5 }])).toEqual([
      { text: '🙂 ', mark: false },
      { text: 'crème', mark: true },
    ]);
  });
});

describe('renderSnippet', () => {
  it('puts each range in a mark and the rest in text nodes', () => {
    const host = rendered('the late fee is due', [{ start: 4, length: 8 }]);
    const marks = host.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['late fee']);
    expect(host.textContent).toBe('the late fee is due');
  });

  it('keeps markup in a snippet as text: no element, no handler', () => {
    const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> evil';
    const at = payload.indexOf('evil');
    const host = rendered(payload, [
      { start: 0, length: 4 },
      { start: at, length: 4 },
    ]);
    expect(host.querySelector('img, script')).toBeNull();
    expect([...host.querySelectorAll('*')].map((e) => e.tagName)).toEqual(['MARK', 'MARK']);
    expect(host.querySelectorAll('mark')[0]?.textContent).toBe('<img');
    expect(host.textContent).toBe(payload);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});
