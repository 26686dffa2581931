// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import '../src/app/cairn-token-screen.js';
import '../src/chat/cairn-chat-message.js';
import '../src/ui/cairn-pager.js';
import { $, $$, mount, record, settle, text, type } from './dom.js';

describe('cairn-token-screen', () => {
  it('submits the pasted token, trimmed', async () => {
    const { el } = await mount('cairn-token-screen');
    const tokens = record('cairn-token-submit');
    type($<HTMLInputElement>(el, '#token'), '  s3cret \n');
    $<HTMLFormElement>(el, 'form').requestSubmit();
    expect(tokens).toEqual([{ token: 's3cret' }]);
  });

  it('says why a stored token was refused', async () => {
    const { el } = await mount('cairn-token-screen', { hadToken: true, reason: 'Bad token.' });
    expect(text($(el, 'h2'))).toBe('That token was not accepted');
    expect(text($(el, '[role="alert"]'))).toBe('Bad token.');
  });
});

describe('cairn-chat-message', () => {
  it('renders markup as text, with who said it for screen readers', async () => {
    const { el } = await mount('cairn-chat-message', {
      message: { id: 'seq-1', role: 'user', text: '<b>bold?</b>', createdAt: 1 },
    });
    expect(el.getAttribute('role-name')).toBe('user');
    expect($$(el, 'b')).toHaveLength(0);
    expect(text($(el, '.text'))).toBe('<b>bold?</b>');
    expect(text($(el, '.visually-hidden'))).toBe('You:');
  });

  it('marks a streaming reply busy with a cursor, and a stopped one as stopped', async () => {
    const { el } = await mount('cairn-chat-message', {
      message: { id: 'run-1', role: 'assistant', text: 'Hel', createdAt: 1, streaming: true },
    });
    expect($(el, '.bubble').getAttribute('aria-busy')).toBe('true');
    expect($$(el, '.cursor')).toHaveLength(1);
    el.message = { id: 'run-1', role: 'assistant', text: 'Hel', createdAt: 1, stopped: true };
    await el.updateComplete;
    expect(text($(el, '.tag'))).toBe('(stopped)');
  });
});

describe('cairn-chat-message markdown', () => {
  it('renders a reply as Markdown with a Copy button on its code', async () => {
    const { el } = await mount('cairn-chat-message', {
      message: {
        id: 'seq-2',
        role: 'assistant',
        text: '**bold** <b>raw</b>\n\n```sh\necho hi\n```',
        createdAt: 1,
      },
    });
    expect(text($(el, '.markdown strong'))).toBe('bold');
    expect($$(el, '.markdown b')).toHaveLength(0);
    expect(text($(el, '.markdown'))).toContain('<b>raw</b>');
    expect($$(el, 'button[data-copy]')).toHaveLength(1);
  });

  it('does not render again for an equal message (only a streaming reply re-parses)', async () => {
    const message = { id: 'seq-3', role: 'assistant' as const, text: '*hi*', createdAt: 1 };
    const { el } = await mount('cairn-chat-message', { message });
    const render = vi.spyOn(el, 'render');
    el.message = { ...message };
    await el.updateComplete;
    expect(render).not.toHaveBeenCalled();
    el.message = { ...message, text: '*hi* there' };
    await el.updateComplete;
    expect(render).toHaveBeenCalledTimes(1);
  });
});

describe('cairn-pager', () => {
  const names = (el: Element) =>
    $$<HTMLButtonElement>(el, 'button').map((b) => b.getAttribute('aria-label') ?? text(b));

  it('shows the range, the page numbers around the current one, and asks for pages', async () => {
    const { el } = await mount('cairn-pager', {
      offset: 50,
      count: 50,
      total: 1000,
      page: 2,
      pageCount: 20,
      hasPrevious: true,
      hasNext: true,
    });
    const pages = record('cairn-page');
    expect(text($(el, '[aria-live]'))).toBe('51–100 of 1,000');
    expect(names(el)).toEqual([
      '← Previous',
      'Page 1',
      'Page 2',
      'Page 3',
      'Page 20',
      'Next →',
      'Go',
    ]);
    expect($(el, 'button[aria-current="page"]').getAttribute('aria-label')).toBe('Page 2');
    expect($$(el, '.gap')).toHaveLength(1);
    for (const name of ['Next →', '← Previous', 'Page 20', 'Page 2'])
      $$<HTMLButtonElement>(el, 'button')
        .find((b) => (b.getAttribute('aria-label') ?? text(b)) === name)
        ?.click();
    expect(pages).toEqual([{ page: 3 }, { page: 1 }, { page: 20 }]);
  });

  it('jumps to a page typed in, and says which pages there are otherwise', async () => {
    const { el } = await mount('cairn-pager', { count: 50, total: 1000, page: 1, pageCount: 20 });
    const pages = record('cairn-page');
    const input = $<HTMLInputElement>(el, 'input[name="page"]');
    const form = $<HTMLFormElement>(el, 'form');
    type(input, '25');
    form.requestSubmit();
    await settle(el);
    expect(pages).toEqual([]);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(text($(el, '#jump-hint'))).toBe('Enter a page from 1 to 20.');
    type(input, '7');
    form.requestSubmit();
    expect(pages).toEqual([{ page: 7 }]);
  });

  it('disables what is not there', async () => {
    const { el } = await mount('cairn-pager', { count: 3, total: 3 });
    expect($$<HTMLButtonElement>(el, 'button').map((b) => b.disabled)).toEqual([true, false, true]);
    expect($$(el, 'form')).toHaveLength(0);
  });
});
