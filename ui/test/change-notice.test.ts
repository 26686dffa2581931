import { describe, expect, it } from 'vitest';
import { ChatController } from '../src/chat/chat-controller.js';
import { changeNotice } from '../src/chat/change-notice.js';
import type { ToastInit } from '../src/events.js';
import { connectedClient, flush, makeEntry } from './fake-socket.js';
import { FakeHost } from './fake-host.js';

describe('changeNotice', () => {
  const before = makeEntry('work', { label: 'Work', persistent: false });

  it('tells a reset, a compaction, a rename and a persistence change', () => {
    expect(changeNotice(before, { reason: 'reset', key: 'work' })).toMatch(/reset elsewhere/);
    expect(changeNotice(before, { reason: 'compacted', key: 'work' })).toMatch(/compacted/);
    const after = { ...before, label: 'Job', persistent: true };
    expect(changeNotice(before, { reason: 'patched', key: 'work', entry: after })).toBe(
      'Renamed elsewhere to “Job” (was “Work”). Made persistent elsewhere: /reset, /new and the reset policy no longer clear it.',
    );
  });

  it('says nothing for a change a reader does not need (description, counters) or without a before', () => {
    const after = { ...before, description: 'new', messageCount: 9 };
    expect(changeNotice(before, { reason: 'patched', key: 'work', entry: after })).toBeNull();
    expect(changeNotice(null, { reason: 'patched', key: 'work', entry: after })).toBeNull();
  });
});

describe('ChatController notices', () => {
  async function setup() {
    const { client, socket } = await connectedClient();
    const host = new FakeHost();
    const toasts: ToastInit[] = [];
    const chat = new ChatController(host, { switchTo: () => {}, notify: (t) => toasts.push(t) });
    host.connect();
    chat.attach(client);
    chat.setSession('work');
    socket.reply(socket.last('chat.history'), {
      sessionKey: 'work',
      sessionId: 'sid-1',
      messages: [{ seq: 1, role: 'user', text: 'hi', createdAt: 1 }],
    });
    await flush();
    chat.observeEntry(makeEntry('work', { label: 'Work', sessionId: 'sid-1' }));
    return { chat, socket, toasts };
  }

  it('adds a note and a toast for a reset elsewhere, and keeps the note over the reloaded history', async () => {
    const { chat, socket, toasts } = await setup();
    socket.event('sessions.changed', {
      reason: 'reset',
      key: 'work',
      entry: makeEntry('work', { label: 'Work', sessionId: 'sid-2' }),
    });
    socket.reply(socket.last('chat.history'), {
      sessionKey: 'work',
      sessionId: 'sid-2',
      messages: [],
    });
    await flush();
    expect(chat.visibleMessages.map((m) => m.role)).toEqual(['notice']);
    expect(toasts.map((t) => t.message)).toEqual([expect.stringMatching(/reset elsewhere/)]);
  });

  it('tells nothing for a change its own command made', async () => {
    const { chat, socket, toasts } = await setup();
    const sending = chat.send('/session rename Job');
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'work',
      entry: makeEntry('work', { label: 'Job', sessionId: 'sid-1' }),
    });
    socket.reply(socket.last('chat.send'), {
      sessionKey: 'work',
      status: 'command',
      command: { name: 'session', reply: 'Renamed to Job.' },
    });
    await sending;
    expect(toasts).toEqual([]);
    expect(chat.visibleMessages.map((m) => m.text)).toEqual([
      'hi',
      '/session rename Job',
      'Renamed to Job.',
    ]);
  });
});
