// @vitest-environment happy-dom
/** Message actions: the time with its full date, token counts, Copy, and Retry on a lone question. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../src/chat/cairn-chat-message.js';
import { tokenText } from '../src/chat/message-meta.js';
import type { DisplayMessage } from '../src/chat/display-message.js';
import { fullDate, messageTime } from '../src/util/format.js';
import { $, $$, mount, record, settle, text } from './dom.js';

const at = Date.UTC(2025, 2, 12, 14, 5, 33);
const reply: DisplayMessage = {
  id: 'seq-2',
  seq: 2,
  role: 'assistant',
  text: 'Use **ls**.',
  createdAt: at,
  inputTokens: 1204,
  outputTokens: 312,
};

afterEach(() => vi.restoreAllMocks());

describe('message meta', () => {
  it('shows the time short, with the full date for hover and focus, and the token counts', async () => {
    const { el } = await mount('cairn-chat-message', { message: reply });
    const when = $(el, 'time.when');
    expect(text(when)).toBe(messageTime(at));
    expect(when.getAttribute('data-full')).toBe(fullDate(at));
    expect(when.getAttribute('datetime')).toBe('2025-03-12T14:05:33.000Z');
    expect(when.tabIndex).toBe(0);
    expect(text($(el, '.tokens'))).toBe(`312 tokens (prompt ${(1204).toLocaleString()})`);
  });

  it('says nothing of tokens it does not know, and shows no line while pending or streaming', async () => {
    expect(tokenText({ ...reply, inputTokens: undefined, outputTokens: 1 })).toBe('1 token');
    expect(tokenText({ id: 'seq-1', role: 'user', text: 'hi', createdAt: 1 })).toBeNull();
    const { el } = await mount('cairn-chat-message', { message: { ...reply, streaming: true } });
    expect($$(el, '.meta')).toHaveLength(0);
    el.message = { id: 'local-1', role: 'user', text: 'hi', createdAt: 1, pending: true };
    await settle(el);
    expect($$(el, '.meta')).toHaveLength(0);
  });

  it('copies the message text as written (the Markdown source) and says so', async () => {
    const writes: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (t: string) => {
      writes.push(t);
    });
    const { el } = await mount('cairn-chat-message', { message: reply });
    const copy = $<HTMLButtonElement>(el, 'button[aria-label="Copy reply"]');
    copy.click();
    await settle(el);
    expect(writes).toEqual(['Use **ls**.']);
    expect(text(copy)).toBe('Copied');
    expect(copy.getAttribute('aria-label')).toBe('Copied');
  });

  it('offers Retry under a stored question left without a reply', async () => {
    const retries = record('cairn-chat-retry');
    const { el } = await mount('cairn-chat-message', {
      message: {
        id: 'seq-5',
        seq: 5,
        role: 'user',
        text: 'hello?',
        createdAt: at,
        retryable: true,
      },
    });
    expect(text($(el, '.no-reply'))).toBe('No reply');
    $<HTMLButtonElement>(el, 'button.retry').click();
    expect(retries).toHaveLength(1);
    expect($$(el, 'button[aria-label="Copy message"]')).toHaveLength(1);
  });

  it('offers Regenerate under the last reply, and marks a replaced one', async () => {
    const regenerations = record('cairn-chat-regenerate');
    const { el } = await mount('cairn-chat-message', { message: { ...reply, regenerable: true } });
    const regenerate = $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === 'Regenerate');
    regenerate?.click();
    expect(regenerations).toHaveLength(1);
    el.message = { ...reply, superseded: true };
    await settle(el);
    expect($$<HTMLButtonElement>(el, 'button').map((b) => text(b))).toEqual(['Copy']);
    expect(text($(el, '.superseded-mark'))).toBe('Replaced by the reply below');
  });

  it('keeps notes without the line, their time in a tooltip', async () => {
    const { el } = await mount('cairn-chat-message', {
      message: { id: 'local-1', role: 'notice', text: 'Switched.', createdAt: at },
    });
    expect($$(el, '.meta')).toHaveLength(0);
    expect($(el, '.bubble').getAttribute('title')).toBeTruthy();
  });
});
