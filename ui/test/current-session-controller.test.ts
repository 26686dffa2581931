import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListSessionsResult } from '../src/gateway/protocol.js';
import { CurrentSessionController } from '../src/sessions/current-session-controller.js';
import { connectedClient, flush, makeEntry } from './fake-socket.js';
import { FakeHost } from './fake-host.js';

/** The shared collection's first page: `main` only, with more sessions beyond it. */
const FIRST_PAGE: ListSessionsResult = {
  sessions: [makeEntry('main')],
  total: 60,
  nextCursor: 'c',
};

async function setup(key: string, firstPage: ListSessionsResult = FIRST_PAGE) {
  const { client, socket, server } = await connectedClient();
  const host = new FakeHost();
  const navigations: [string, boolean][] = [];
  const deleted: string[] = [];
  const current = new CurrentSessionController(host, {
    navigate: (url, replace) => navigations.push([url, replace]),
    deleted: (k, label) => deleted.push(`${k}/${label}`),
  });
  host.connect();
  current.attach(client);
  current.setKey(key);
  socket.reply(socket.last('sessions.list'), firstPage);
  await flush();
  return { current, socket, server, navigations, deleted };
}

const sent = (socket: { sent: { method: string }[] }, method: string) =>
  socket.sent.filter((r) => r.method === method).length;

describe('CurrentSessionController', () => {
  it('loads the entry for the key', async () => {
    const { current, socket } = await setup('work');
    expect(current.status).toBe('loading');
    socket.reply(socket.last('sessions.get'), { entry: makeEntry('work') });
    await flush();
    expect(current.status).toBe('ready');
    expect(current.entry?.label).toBe('Work');
  });

  it('resolves a name in the URL and redirects to its key', async () => {
    const { socket, navigations } = await setup('Project');
    socket.fail(socket.last('sessions.get'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(socket.last('sessions.resolve').params).toEqual({ name: 'Project' });
    socket.reply(socket.last('sessions.resolve'), { entry: makeEntry('project-x') });
    await flush();
    expect(navigations).toEqual([['/chat?session=project-x', true]]);
  });

  it('reports an unknown key as missing', async () => {
    const { current, socket } = await setup('nope');
    socket.fail(socket.last('sessions.get'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    socket.fail(socket.last('sessions.resolve'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(current.status).toBe('missing');
    expect(current.entry).toBeNull();
  });

  it('follows patches and reports deletion of the current session', async () => {
    const { current, socket, deleted } = await setup('work');
    socket.reply(socket.last('sessions.get'), { entry: makeEntry('work') });
    await flush();
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'work',
      entry: makeEntry('work', { label: 'Job', persistent: false }),
    });
    expect(current.entry).toMatchObject({ label: 'Job', persistent: false });
    socket.event('sessions.changed', { reason: 'deleted', key: 'other' });
    expect(deleted).toEqual([]);
    socket.event('sessions.changed', { reason: 'deleted', key: 'work' });
    expect(deleted).toEqual(['work/Job']);
    expect(current.status).toBe('missing');
  });

  it('switches by pushing and falls back to main by replacing', async () => {
    const { current, navigations } = await setup('work');
    current.switchSession('home');
    current.switchSession('work'); // already there
    current.fallBackToMain();
    expect(navigations).toEqual([
      ['/chat?session=home', false],
      ['/chat?session=main', true],
    ]);
  });

  it('shows other errors with the server message', async () => {
    const { current, socket } = await setup('work');
    socket.fail(socket.last('sessions.get'), { code: 'UNAVAILABLE', message: 'Store is busy.' });
    await flush();
    expect(current.status).toBe('error');
    expect(current.error).toBe('Store is busy.');
  });

  it('reads a session the collection holds without asking for it', async () => {
    const { current, socket } = await setup('work', {
      sessions: [makeEntry('work'), makeEntry('main')],
      total: 60,
      nextCursor: 'c',
    });
    expect(current.status).toBe('ready');
    expect(current.entry?.label).toBe('Work');
    expect(sent(socket, 'sessions.get')).toBe(0);
    expect(sent(socket, 'sessions.list')).toBe(1);
  });

  it('with every session loaded, tries an unknown key as a name straight away', async () => {
    const { current, socket } = await setup('nope', { sessions: [makeEntry('main')], total: 1 });
    expect(sent(socket, 'sessions.get')).toBe(0);
    expect(socket.last('sessions.resolve').params).toEqual({ name: 'nope' });
    socket.fail(socket.last('sessions.resolve'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(current.status).toBe('missing');
  });

  it('follows the collection: a rename of the current session shows without a request', async () => {
    const { current, socket } = await setup('work', { sessions: [makeEntry('work')], total: 1 });
    const before = socket.sent.length;
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'work',
      entry: makeEntry('work', { label: 'Job' }),
    });
    expect(current.entry?.label).toBe('Job');
    expect(socket.sent.length).toBe(before);
  });
});

describe('CurrentSessionController after a reconnect', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a session deleted while away as missing, without the deletion toast', async () => {
    const { current, server, deleted } = await setup('work', {
      sessions: [makeEntry('work'), makeEntry('main')],
      total: 2,
    });
    expect(current.status).toBe('ready');
    server.current.drop();
    vi.advanceTimersByTime(1000);
    server.current.accept();
    await flush();
    const socket = server.current;
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('main')], total: 1 });
    await flush();
    socket.fail(socket.last('sessions.resolve'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(current.status).toBe('missing');
    expect(deleted).toEqual([]);
  });
});
