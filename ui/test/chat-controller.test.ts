import { describe, expect, it } from 'vitest';
import { ChatController } from '../src/chat/chat-controller.js';
import { CommandListController } from '../src/chat/command-list-controller.js';
import type { ToastInit } from '../src/events.js';
import { connectedClient, flush } from './fake-socket.js';
import { FakeHost } from './fake-host.js';

async function setup(session = 'main') {
  const { client, socket } = await connectedClient();
  const host = new FakeHost();
  const switches: string[] = [];
  const toasts: ToastInit[] = [];
  const chat = new ChatController(host, {
    switchTo: (key) => switches.push(key),
    notify: (t) => toasts.push(t),
  });
  host.connect();
  chat.attach(client);
  chat.setSession(session);
  socket.reply(socket.last('chat.history'), {
    sessionKey: session,
    sessionId: 'sid-1',
    messages: [
      { seq: 1, role: 'user', text: 'hi', createdAt: 1 },
      { seq: 2, role: 'assistant', text: 'hello', createdAt: 2 },
    ],
  });
  await flush();
  return { chat, socket, switches, toasts };
}

const texts = (chat: ChatController) => chat.visibleMessages.map((m) => `${m.role}:${m.text}`);

describe('ChatController', () => {
  it('loads the session history and the command list', async () => {
    const { chat, socket } = await setup('work');
    expect(socket.last('chat.history').params).toEqual({ sessionKey: 'work', limit: 100 });
    expect(texts(chat)).toEqual(['user:hi', 'assistant:hello']);
    expect(chat.sessionId).toBe('sid-1');
  });

  it('lists the slash commands once, and lives without them', async () => {
    const { client, socket } = await connectedClient();
    const host = new FakeHost();
    const list = new CommandListController(host);
    host.connect();
    list.attach(client);
    socket.reply(socket.last('commands.list'), {
      commands: [{ name: 'help', usage: '/help', summary: 'Help' }],
    });
    await flush();
    expect(list.commands.map((c) => c.name)).toEqual(['help']);
    const failing = new CommandListController(host);
    const other = await connectedClient();
    failing.attach(other.client);
    other.socket.fail(other.socket.last('commands.list'), { code: 'UNAVAILABLE', message: 'x' });
    await flush();
    expect(failing.commands).toEqual([]);
  });

  it('sends, streams deltas and settles on the final text', async () => {
    const { chat, socket } = await setup();
    const sending = chat.send('  what now? ');
    expect(chat.messages.at(-1)).toMatchObject({ role: 'user', text: 'what now?', pending: true });
    const req = socket.last('chat.send');
    expect(req.params).toMatchObject({ sessionKey: 'main', message: 'what now?' });
    expect(typeof req.params['idempotencyKey']).toBe('string');
    socket.reply(req, { runId: 'r1', status: 'started' });
    expect(await sending).toBe(true);
    expect(chat.streaming).toBe(true);
    socket.event('chat', { runId: 'r1', sessionKey: 'main', seq: 1, state: 'delta', text: 'Hel' });
    socket.event('chat', { runId: 'r1', sessionKey: 'main', seq: 2, state: 'delta', text: 'lo' });
    expect(chat.visibleMessages.at(-1)).toMatchObject({ text: 'Hello', streaming: true });
    socket.event('chat', {
      runId: 'r1',
      sessionKey: 'main',
      seq: 3,
      state: 'final',
      text: 'Hello!',
    });
    expect(chat.streaming).toBe(false);
    expect(texts(chat).slice(-2)).toEqual(['user:what now?', 'assistant:Hello!']);
    expect(chat.messages.some((m) => m.pending)).toBe(false);
  });

  it('takes the stored rows of its own run after the end: seq, time and token counts', async () => {
    const { chat, socket } = await setup();
    void chat.send('count me');
    socket.reply(socket.last('chat.send'), { runId: 'r5', status: 'started' });
    await flush();
    socket.event('chat', { runId: 'r5', sessionKey: 'main', seq: 1, state: 'final', text: 'ok' });
    const tail = socket.last('chat.history');
    expect(tail.params).toEqual({ sessionKey: 'main', limit: 10 });
    socket.reply(tail, {
      sessionKey: 'main',
      sessionId: 'sid-1',
      messages: [
        { seq: 2, role: 'assistant', text: 'hello', createdAt: 2 },
        { seq: 3, role: 'user', text: 'count me', createdAt: 30, runId: 'r5' },
        {
          seq: 4,
          role: 'assistant',
          text: 'ok',
          createdAt: 40,
          runId: 'r5',
          inputTokens: 12,
          outputTokens: 1,
        },
      ],
    });
    await flush();
    expect(chat.messages.slice(-2)).toMatchObject([
      { id: 'seq-3', seq: 3, role: 'user', createdAt: 30 },
      { id: 'seq-4', seq: 4, role: 'assistant', inputTokens: 12, outputTokens: 1 },
    ]);
    expect(texts(chat)).toEqual(['user:hi', 'assistant:hello', 'user:count me', 'assistant:ok']);
  });

  it('copes with deltas and final arriving before the send reply', async () => {
    const { chat, socket } = await setup();
    const sending = chat.send('quick');
    socket.event('chat', { runId: 'r9', sessionKey: 'main', seq: 1, state: 'delta', text: 'a' });
    socket.event('chat', { runId: 'r9', sessionKey: 'main', seq: 2, state: 'final', text: 'ab' });
    socket.reply(socket.last('chat.send'), { runId: 'r9', status: 'started' });
    await sending;
    expect(chat.streaming).toBe(false);
    expect(texts(chat).at(-1)).toBe('assistant:ab');
  });

  it('ignores chat events of other sessions', async () => {
    const { chat, socket } = await setup();
    socket.event('chat', { runId: 'x', sessionKey: 'work', seq: 1, state: 'delta', text: 'nope' });
    expect(chat.streaming).toBe(false);
  });

  it('follows a switch action, telling its reply as a toast and leaving no note behind', async () => {
    const { chat, socket, switches, toasts } = await setup();
    const before = texts(chat);
    const sending = chat.send('/session switch work');
    socket.reply(socket.last('chat.send'), {
      status: 'command',
      command: {
        name: 'session',
        reply: 'Switched to Work.',
        action: { type: 'switch', key: 'work' },
      },
    });
    expect(await sending).toBe(true);
    expect(texts(chat)).toEqual(before);
    expect(switches).toEqual(['work']);
    expect(toasts).toEqual([{ kind: 'info', message: 'Switched to Work.' }]);
  });

  it('shows a command that stays in the session and its reply as notes', async () => {
    const { chat, socket, switches } = await setup();
    const sending = chat.send('/session switch main');
    socket.reply(socket.last('chat.send'), {
      status: 'command',
      command: {
        name: 'session switch',
        reply: "Already in 'Main' (main).",
        action: { type: 'switch', key: 'main' },
      },
    });
    expect(await sending).toBe(true);
    expect(texts(chat).slice(-2)).toEqual([
      'command:/session switch main',
      "notice:Already in 'Main' (main).",
    ]);
    expect(switches).toEqual([]);
  });

  it('keeps the text and explains when a reply is still streaming', async () => {
    const { chat, socket, toasts } = await setup();
    const sending = chat.send('again');
    socket.fail(socket.last('chat.send'), {
      code: 'CONFLICT',
      message: 'run active',
      details: { reason: 'run_active' },
    });
    expect(await sending).toBe(false);
    expect(texts(chat)).toEqual(['user:hi', 'assistant:hello']);
    expect(toasts[0]?.kind).toBe('error');
    expect(toasts[0]?.message).toMatch(/still streaming/);
  });

  it('shows other server errors verbatim', async () => {
    const { chat, socket, toasts } = await setup();
    const sending = chat.send('x'.repeat(10));
    socket.fail(socket.last('chat.send'), {
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Message too long.',
    });
    await sending;
    expect(toasts[0]?.message).toBe('Message too long.');
  });

  it('stops a run and keeps the partial reply marked as stopped', async () => {
    const { chat, socket } = await setup();
    void chat.send('long story');
    socket.reply(socket.last('chat.send'), { runId: 'r2', status: 'started' });
    await flush();
    socket.event('chat', { runId: 'r2', sessionKey: 'main', seq: 1, state: 'delta', text: 'Once' });
    void chat.abort();
    expect(socket.last('chat.abort').params).toEqual({ sessionKey: 'main', runId: 'r2' });
    socket.reply(socket.last('chat.abort'), { aborted: true, runIds: ['r2'] });
    socket.event('chat', { runId: 'r2', sessionKey: 'main', seq: 2, state: 'aborted', text: '' });
    expect(chat.streaming).toBe(false);
    expect(chat.messages.at(-1)).toMatchObject({ role: 'assistant', text: 'Once', stopped: true });
  });

  it('turns a run error into an error row with its reason', async () => {
    const { chat, socket } = await setup();
    socket.event('chat', {
      runId: 'r3',
      sessionKey: 'main',
      seq: 1,
      state: 'error',
      text: 'Model unreachable.',
      reason: 'unavailable',
    });
    expect(chat.messages.at(-1)).toMatchObject({
      role: 'error',
      text: 'Model unreachable.',
      reason: 'unavailable',
    });
  });

  it('says why a retry was refused and offers Retry again', async () => {
    const { chat, socket, toasts } = await setup();
    void chat.send('will it work?');
    socket.reply(socket.last('chat.send'), { runId: 'r4', status: 'started' });
    await flush();
    socket.event('chat', { runId: 'r4', sessionKey: 'main', seq: 1, state: 'error', text: 'x' });
    expect(chat.items.at(-1)).toMatchObject({ kind: 'message', message: { retryable: true } });
    const retrying = chat.retry();
    expect(chat.items.at(-1)).toMatchObject({ kind: 'message', message: { retryable: false } });
    socket.fail(socket.last('chat.retry'), {
      code: 'CONFLICT',
      message: 'busy',
      details: { reason: 'run_active' },
    });
    expect(await retrying).toBe(false);
    expect(toasts.at(-1)?.message).toBe(
      'A reply is still streaming in this session. Wait for it or press Stop.',
    );
    expect(chat.items.at(-1)).toMatchObject({ kind: 'message', message: { retryable: true } });
  });

  it('asks the gateway to regenerate the last reply, then reloads the rewritten transcript', async () => {
    const { chat, socket } = await setup();
    expect(chat.items.at(-1)).toMatchObject({ message: { text: 'hello', regenerable: true } });
    const retrying = chat.retry(true);
    expect(socket.last('chat.retry').params).toEqual({ sessionKey: 'main', regenerate: true });
    socket.reply(socket.last('chat.retry'), { sessionKey: 'main', status: 'started', runId: 'g1' });
    expect(await retrying).toBe(true);
    expect(chat.streaming).toBe(true);
    const loads = socket.sent.filter((r) => r.method === 'chat.history').length;
    socket.event('chat', { runId: 'g1', sessionKey: 'main', seq: 1, state: 'final', text: 'hi!' });
    expect(socket.sent.filter((r) => r.method === 'chat.history').length).toBe(loads + 1);
    expect(socket.last('chat.history').params).toEqual({ sessionKey: 'main', limit: 100 });
  });

  it('reloads history when the session is reset or another client finishes a run', async () => {
    const { socket } = await setup();
    const count = () => socket.sent.filter((r) => r.method === 'chat.history').length;
    const before = count();
    socket.event('sessions.changed', { reason: 'reset', key: 'main' });
    expect(count()).toBe(before + 1);
    socket.event('sessions.changed', { reason: 'reset', key: 'other' });
    expect(count()).toBe(before + 1);
    socket.event('chat', {
      runId: 'foreign',
      sessionKey: 'main',
      seq: 1,
      state: 'final',
      text: 'hi',
    });
    expect(count()).toBe(before + 2);
  });

  it('switching session clears the old conversation and loads the new one', async () => {
    const { chat, socket } = await setup();
    chat.setSession('work');
    expect(chat.messages).toEqual([]);
    expect(chat.loading).toBe(true);
    expect(socket.last('chat.history').params).toMatchObject({ sessionKey: 'work' });
  });

  describe('a message to show (msg=<seq>)', () => {
    const rows = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({
        seq: from + i,
        role: 'user' as const,
        text: `m${from + i}`,
        createdAt: from + i,
      }));

    it('loads earlier pages until the message is there, then marks it', async () => {
      const { client, socket } = await connectedClient();
      const host = new FakeHost();
      const chat = new ChatController(host, { switchTo: () => {}, notify: () => {} });
      host.connect();
      chat.attach(client);
      chat.setSession('work');
      chat.setTarget({ seq: 5 });
      expect(chat.targetState).toBe('seeking');
      socket.reply(socket.last('chat.history'), {
        sessionKey: 'work',
        sessionId: 'sid-1',
        messages: rows(651, 750),
      });
      await flush();
      // One page reaching the message when it can (at most 500 a page).
      expect(socket.last('chat.history').params).toEqual({
        sessionKey: 'work',
        sessionId: 'sid-1',
        before: 651,
        limit: 500,
      });
      socket.reply(socket.last('chat.history'), {
        sessionKey: 'work',
        sessionId: 'sid-1',
        messages: rows(151, 650),
      });
      await flush();
      expect(socket.last('chat.history').params).toMatchObject({ before: 151, limit: 166 });
      socket.reply(socket.last('chat.history'), {
        sessionKey: 'work',
        sessionId: 'sid-1',
        messages: rows(1, 150),
      });
      await flush();
      expect(chat.targetState).toBe('found');
      const marked = chat.items.flatMap((i) =>
        i.kind === 'message' && i.message.highlighted ? [i.message.seq] : [],
      );
      expect(marked).toEqual([5]);
    });

    it('says when the message is in an earlier conversation, without loading pages', async () => {
      const { chat, socket } = await setup('work');
      const sent = socket.sent.length;
      chat.setTarget({ seq: 1, conversation: 'sid-0' });
      await flush();
      expect(chat.targetState).toBe('earlier');
      expect(socket.sent.length).toBe(sent);
      expect(chat.items.some((i) => i.kind === 'message' && i.message.highlighted)).toBe(false);
      chat.setTarget({ seq: 2, conversation: 'sid-1' });
      await flush();
      expect(chat.targetState).toBe('found');
    });

    it('says when the message is not there, and forgets the target when the URL does', async () => {
      const { chat } = await setup('work');
      chat.setTarget({ seq: 9 });
      await flush();
      expect(chat.targetState).toBe('missing');
      chat.setTarget(undefined);
      expect(chat.targetState).toBeNull();
    });
  });
});
