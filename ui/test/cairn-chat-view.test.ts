// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/chat/cairn-chat-view.js';
import { connectedClient, makeEntry, type FakeSocket } from './fake-socket.js';
import { $, $$, mount, press, record, settle, text, type } from './dom.js';

const requests = (socket: FakeSocket, method: string) =>
  socket.sent.filter((r) => r.method === method);

async function chatView(session = 'work', namedSessions = true) {
  const { client, socket } = await connectedClient();
  const { el, toasts } = await mount('cairn-chat-view', { session, namedSessions }, client);
  socket.reply(socket.last('commands.list'), { commands: [] });
  socket.reply(socket.last('sessions.list'), {
    sessions: [
      makeEntry('work', { label: 'Work', description: 'Client work', persistent: true }),
      makeEntry('main', { label: 'Main', persistent: false }),
    ],
    total: 2,
  });
  if (requests(socket, 'chat.history').length)
    socket.reply(socket.last('chat.history'), {
      sessionKey: session,
      sessionId: `sid-${session}`,
      messages: [
        { seq: 1, role: 'user', text: 'hi', createdAt: 1 },
        { seq: 2, role: 'assistant', text: 'Echo: hi', createdAt: 2 },
      ],
    });
  await settle(el);
  const switcher = $(el, 'cairn-session-switcher');
  const composer = $(el, 'cairn-chat-composer');
  await settle(switcher);
  return { el, socket, switcher, composer, toasts };
}

describe('cairn-chat-view', () => {
  it('shows the session from the shared collection: one sessions.list for header and switcher', async () => {
    const { el, socket, switcher } = await chatView();
    expect(requests(socket, 'sessions.list')).toHaveLength(1);
    expect(requests(socket, 'sessions.get')).toHaveLength(0);
    expect($(switcher, '.trigger').getAttribute('aria-label')).toBe(
      'Current session: Work, persistent. Switch session',
    );
    expect(text($(el, '.desc'))).toBe('Client work');
    expect($(el, '[role="log"]').getAttribute('aria-label')).toBe('Conversation in Work');
    expect($$(el, 'cairn-chat-message')).toHaveLength(2);
  });

  it("asks the gateway for its session's chat events only, and follows a session change", async () => {
    const { el, socket } = await chatView();
    expect(socket.last('events.subscribe').params).toEqual({ chat: ['work'] });
    socket.reply(socket.last('events.subscribe'), { chat: ['work'] });
    el.setAttribute('session', 'main');
    await settle(el);
    expect(socket.last('events.subscribe').params).toEqual({ chat: ['main'] });
    expect(requests(socket, 'events.subscribe')).toHaveLength(2);
  });

  it('sends what the composer submits and clears it once accepted', async () => {
    const { el, socket, composer } = await chatView();
    const box = $<HTMLTextAreaElement>(composer, 'textarea');
    type(box, 'what now?');
    await settle(composer);
    press(box, 'Enter');
    expect(socket.last('chat.send').params).toMatchObject({
      sessionKey: 'work',
      message: 'what now?',
    });
    socket.reply(socket.last('chat.send'), { runId: 'r1', status: 'started' });
    await settle(el);
    await settle(composer);
    expect(box.value).toBe('');
    expect($$(composer, 'button[aria-label="Stop the reply"]')).toHaveLength(1);
  });

  it('keeps the text when the gateway refuses it', async () => {
    const { el, socket, composer } = await chatView();
    const toasts = record('cairn-toast');
    const box = $<HTMLTextAreaElement>(composer, 'textarea');
    type(box, 'too much');
    await settle(composer);
    press(box, 'Enter');
    socket.fail(socket.last('chat.send'), { code: 'PAYLOAD_TOO_LARGE', message: 'Too long.' });
    await settle(el);
    await settle(composer);
    expect(box.value).toBe('too much');
    expect(toasts).toEqual([{ kind: 'error', message: 'Too long.' }]);
  });

  it('switches session from the switcher by pushing the URL', async () => {
    const { switcher } = await chatView();
    const navigations = record('cairn-navigate');
    switcher.dispatchEvent(
      new CustomEvent('cairn-session-select', {
        detail: { key: 'main' },
        bubbles: true,
        composed: true,
      }),
    );
    expect(navigations).toEqual([{ url: '/chat?session=main', replace: false }]);
  });

  it('says so, offers Undo and goes back to Main when the session on screen is deleted', async () => {
    const { socket, toasts } = await chatView();
    const navigations = record('cairn-navigate');
    socket.event('sessions.changed', { reason: 'deleted', key: 'work' });
    expect(toasts).toMatchObject([
      {
        kind: 'success',
        message: 'Moved “Work” to the trash. You are back on Main.',
        action: { label: 'Undo' },
      },
    ]);
    expect(navigations).toEqual([{ url: '/chat?session=main', replace: true }]);
    toasts[0]?.action?.run();
    expect(socket.last('sessions.restore').params).toEqual({ key: 'work' });
  });

  it('shows the archived banner with Unarchive, and the composer says why sending is refused', async () => {
    const { el, socket } = await chatView();
    socket.event('sessions.changed', {
      reason: 'archived',
      key: 'work',
      entry: makeEntry('work', { label: 'Work', archived: true, archivedAt: 5 }),
    });
    await settle(el);
    expect(text($(el, '.archived'))).toContain('takes no new messages');
    const composer = $(el, 'cairn-chat-composer');
    expect(composer.getAttribute('placeholder')).toContain('unarchive');
    ($(el, '.archived button') as HTMLButtonElement).click();
    expect(socket.last('sessions.unarchive').params).toEqual({ key: 'work' });
  });

  it('shows a clear message for an unknown session', async () => {
    const { el, socket } = await chatView('nope');
    socket.fail(socket.last('sessions.resolve'), { code: 'NOT_FOUND', message: 'no' });
    await settle(el);
    expect(text($(el, '.missing h2'))).toBe('No session “nope”');
    expect($(el, '.missing a').getAttribute('href')).toBe('/chat?session=main');
  });

  it('shows a plain title instead of the switcher when named sessions are off', async () => {
    const { client, socket } = await connectedClient();
    const { el } = await mount(
      'cairn-chat-view',
      { session: 'main', namedSessions: false },
      client,
    );
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('main')], total: 1 });
    await settle(el);
    expect($$(el, 'cairn-session-switcher')).toHaveLength(0);
    expect(text($(el, 'h1.title'))).toBe('Main');
  });
});
