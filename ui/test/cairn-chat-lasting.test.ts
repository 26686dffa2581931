// @vitest-environment happy-dom
/** Issue 14 in the chat view: summary dividers, failed turns with Retry, incomplete replies, context meter. */
import { describe, expect, it } from 'vitest';
import '../src/chat/cairn-chat-view.js';
import type { SessionEntry, TranscriptMessage } from '../src/gateway/protocol.js';
import { connectedClient, makeEntry, type FakeSocket } from './fake-socket.js';
import { $, $$, mount, settle, text } from './dom.js';

const requests = (socket: FakeSocket, method: string) =>
  socket.sent.filter((r) => r.method === method);

async function chatView(history: TranscriptMessage[], entry: Partial<SessionEntry> = {}) {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-chat-view', { session: 'work' }, client);
  socket.reply(socket.last('commands.list'), { commands: [] });
  socket.reply(socket.last('sessions.list'), {
    sessions: [makeEntry('work', { label: 'Work', ...entry })],
    total: 1,
  });
  socket.reply(socket.last('chat.history'), {
    sessionKey: 'work',
    sessionId: 'sid-work',
    messages: history,
  });
  await settle(el);
  return { el, socket };
}

/** The item at `i` (negative from the end); fails the test when there is none. */
function at<T>(list: T[], i: number): T {
  const item = list.at(i);
  if (item === undefined) throw new Error(`no item ${i} of ${list.length}`);
  return item;
}

const msg = (seq: number, role: TranscriptMessage['role'], text: string, extra = {}) =>
  ({ seq, role, text, createdAt: seq, ...extra }) as TranscriptMessage;

const compacted = [
  msg(1, 'user', 'first question'),
  msg(2, 'assistant', 'first answer'),
  msg(3, 'user', 'second question'),
  msg(4, 'assistant', 'second answer'),
  msg(5, 'summary', 'The user asked two questions.', { coversFrom: 1, coversTo: 4 }),
  msg(6, 'user', 'third question'),
  msg(7, 'assistant', 'third answer'),
];

/** The text of each message element directly in `root`'s shadow root. */
const shown = (root: Element) =>
  $$(root, 'cairn-chat-message').map((m) => text($(m, '.text, .markdown')));

describe('summary divider', () => {
  it('hides the covered messages and the summary behind a collapsed divider', async () => {
    const { el } = await chatView(compacted);
    expect(shown(el)).toEqual(['third question', 'third answer']);
    const summaries = $$(el, 'cairn-chat-summary');
    expect(summaries).toHaveLength(1);
    const summary = at(summaries, 0);
    const toggle = $<HTMLButtonElement>(summary, 'button');
    expect(text(toggle)).toBe('Earlier messages summarised (4 messages)');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(summary.shadowRoot?.textContent ?? '').not.toContain('The user asked two questions.');
    expect(shown(summary)).toEqual([]);
    // The divider stands where the covered messages were: before the recent turns.
    const rows = [...$(el, '.inner').children].map((c) => c.localName);
    expect(rows).toEqual(['cairn-chat-summary', 'cairn-chat-message', 'cairn-chat-message']);
  });

  it('expands to the summary text and the original messages, and collapses again', async () => {
    const { el } = await chatView(compacted);
    const summary = $(el, 'cairn-chat-summary');
    const toggle = $<HTMLButtonElement>(summary, 'button');
    toggle.click();
    await settle(summary);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(text($(summary, '.summary .text'))).toBe('The user asked two questions.');
    expect(shown(summary)).toEqual([
      'first question',
      'first answer',
      'second question',
      'second answer',
    ]);
    toggle.click();
    await settle(summary);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(shown(summary)).toEqual([]);
  });

  it('reloads the history and says so when the open session is compacted elsewhere', async () => {
    const { el, socket } = await chatView(compacted.filter((m) => m.role !== 'summary'));
    expect($$(el, 'cairn-chat-summary')).toHaveLength(0);
    const before = requests(socket, 'chat.history').length;
    socket.event('sessions.changed', { reason: 'compacted', key: 'other' });
    expect(requests(socket, 'chat.history')).toHaveLength(before);
    socket.event('sessions.changed', {
      reason: 'compacted',
      key: 'work',
      entry: makeEntry('work', { label: 'Work' }),
    });
    expect(requests(socket, 'chat.history')).toHaveLength(before + 1);
    socket.reply(socket.last('chat.history'), {
      sessionKey: 'work',
      sessionId: 'sid-work',
      messages: compacted,
    });
    await settle(el);
    expect($$(el, 'cairn-chat-summary')).toHaveLength(1);
    expect(shown(el)).toEqual([
      'third question',
      'third answer',
      'This conversation was compacted elsewhere: earlier messages are summarised for the model and stay readable here.',
    ]);
  });
});

describe('failed turns', () => {
  const failedHistory = [
    msg(1, 'user', 'hello'),
    msg(2, 'assistant', 'hi'),
    msg(3, 'user', 'tell me everything'),
    msg(4, 'error', 'request (180 tokens) exceeds the available context size (128 tokens)', {
      reason: 'context_overflow',
    }),
  ];

  it("shows the provider's message, the reason in words, and marks the question unanswered", async () => {
    const { el } = await chatView(failedHistory);
    const rows = $$(el, 'cairn-chat-message');
    const failure = at(rows, 3);
    expect(text($(failure, '.reason'))).toBe("Failed: The model's context window was full.");
    expect(text($(failure, '.provider'))).toBe(
      'request (180 tokens) exceeds the available context size (128 tokens)',
    );
    expect($$(at(rows, 2), '.unanswered')).toHaveLength(1);
    expect(text($(at(rows, 2), '.unanswered-mark'))).toBe('Not answered: this turn failed');
    expect($$(at(rows, 0), '.unanswered')).toHaveLength(0);
  });

  it('retries the latest failed turn with chat.retry and streams the reply', async () => {
    const { el, socket } = await chatView(failedHistory);
    const failure = at($$(el, 'cairn-chat-message'), 3);
    const retry = $$<HTMLButtonElement>(failure, 'button').filter((b) => text(b) === 'Retry');
    expect(retry).toHaveLength(1);
    at(retry, 0).click();
    expect(socket.last('chat.retry').params).toEqual({ sessionKey: 'work' });
    socket.reply(socket.last('chat.retry'), {
      sessionKey: 'work',
      runId: 'r9',
      status: 'started',
    });
    await settle(el);
    const composer = $(el, 'cairn-chat-composer');
    await settle(composer);
    expect($$(composer, 'button[aria-label="Stop the reply"]')).toHaveLength(1);
    expect($$(at($$(el, 'cairn-chat-message'), 3), 'button')).toHaveLength(0);
    socket.event('chat', { runId: 'r9', sessionKey: 'work', seq: 1, state: 'delta', text: 'Sure' });
    await settle(el);
    expect(shown(el).at(-1)).toBe('Sure');
    const histories = requests(socket, 'chat.history').length;
    socket.event('chat', {
      runId: 'r9',
      sessionKey: 'work',
      seq: 2,
      state: 'final',
      text: 'Sure.',
    });
    await settle(el);
    expect(shown(el).at(-1)).toBe('Sure.');
    // The answered question is no longer marked; the transcript is re-read from the gateway.
    expect($$(at($$(el, 'cairn-chat-message'), 2), '.unanswered')).toHaveLength(0);
    expect(requests(socket, 'chat.history')).toHaveLength(histories + 1);
  });

  it('offers Retry only on the latest failed turn, live from the chat error event', async () => {
    const { el, socket } = await chatView(failedHistory);
    socket.event('chat', {
      runId: 'r2',
      sessionKey: 'work',
      seq: 1,
      state: 'error',
      text: 'connect ECONNREFUSED 127.0.0.1:8080',
      reason: 'unavailable',
    });
    await settle(el);
    const failures = $$(el, 'cairn-chat-message').filter(
      (m) => m.getAttribute('role-name') === 'error',
    );
    expect(failures).toHaveLength(2);
    expect(text($(at(failures, 1), '.reason'))).toBe('Failed: The model server is unreachable.');
    expect($$(at(failures, 0), 'button')).toHaveLength(0);
    expect($$(at(failures, 1), 'button').map((b) => text(b))).toEqual(['Retry']);
  });

  it('marks an incomplete reply, from history and when the stream breaks live', async () => {
    const { el, socket } = await chatView([
      msg(1, 'user', 'long story'),
      msg(2, 'assistant', 'Once upon', { incomplete: true }),
      msg(3, 'user', 'again'),
      msg(4, 'assistant', 'Done.'),
    ]);
    const rows = $$(el, 'cairn-chat-message');
    expect(text($(at(rows, 1), '.incomplete'))).toBe(
      '(incomplete — the connection to the model broke)',
    );
    expect($$(at(rows, 3), '.incomplete')).toHaveLength(0);
    socket.event('chat', { runId: 'r5', sessionKey: 'work', seq: 1, state: 'delta', text: 'Par' });
    socket.event('chat', { runId: 'r5', sessionKey: 'work', seq: 2, state: 'error', text: '' });
    await settle(el);
    const live = $$(el, 'cairn-chat-message');
    expect(text($(at(live, -2), '.markdown'))).toBe('Par');
    expect($$(at(live, -2), '.incomplete')).toHaveLength(1);
    expect(text($(at(live, -1), '.reason'))).toBe('Failed: The model failed to answer.');
  });

  it('says a reply was interrupted when the gateway writing it died, and when another one still writes it', async () => {
    const { el, socket } = await chatView([
      msg(1, 'user', 'long story'),
      msg(2, 'assistant', 'Once upon', { incomplete: true, reason: 'interrupted' }),
      msg(3, 'user', 'again'),
      msg(4, 'assistant', 'Once', { incomplete: true, reason: 'streaming' }),
    ]);
    const rows = $$(el, 'cairn-chat-message');
    expect(text($(at(rows, 1), '.incomplete'))).toBe(
      '(interrupted — the gateway writing it stopped; this is what it had saved)',
    );
    expect(text($(at(rows, 3), '.incomplete'))).toBe('(still being written)');
    socket.event('chat', {
      runId: 'r9',
      sessionKey: 'work',
      seq: 2147483647,
      state: 'error',
      text: '',
      reason: 'interrupted',
    });
    await settle(el);
    const failure = $$(el, 'cairn-chat-message').filter(
      (m) => m.getAttribute('role-name') === 'error',
    );
    expect(text($(at(failure, -1), '.reason'))).toBe(
      'Failed: The gateway writing the reply stopped (a crash or a kill); send again to go on.',
    );
  });
});

describe('context meter', () => {
  const meter = (el: Element) => $$(el, 'cairn-context-meter').flatMap((m) => $$(m, '.meter'));

  it('shows the share of the window with the numbers in its label', async () => {
    const { el } = await chatView([], { contextTokens: 3100, contextWindow: 10000 });
    const m = at(meter(el), 0);
    expect(text(m)).toBe('31% of context');
    expect(m.getAttribute('aria-label')).toBe(
      'Context: 3,100 of 10,000 tokens used by the last prompt (31%)',
    );
    expect(m.getAttribute('title')).toBe(m.getAttribute('aria-label'));
    expect(m.classList.contains('warn')).toBe(false);
  });

  it('updates live from the collection and warns above 80%', async () => {
    const { el, socket } = await chatView([], { contextTokens: 8000, contextWindow: 10000 });
    expect(at(meter(el), 0).classList.contains('warn')).toBe(false);
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'work',
      entry: makeEntry('work', { label: 'Work', contextTokens: 8100, contextWindow: 10000 }),
    });
    await settle(el);
    await settle($(el, 'cairn-context-meter'));
    expect(text(at(meter(el), 0))).toBe('81% of context');
    expect(at(meter(el), 0).classList.contains('warn')).toBe(true);
  });

  it('is hidden while the window or the prompt size is unknown', async () => {
    expect(meter((await chatView([])).el)).toHaveLength(0);
    expect(meter((await chatView([], { contextTokens: 50 })).el)).toHaveLength(0);
    expect(meter((await chatView([], { contextWindow: 128 })).el)).toHaveLength(0);
  });
});
