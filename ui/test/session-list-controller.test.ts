import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionListController } from '../src/sessions/session-list-controller.js';
import { connectedClient, flush, makeEntry } from './fake-socket.js';
import { FakeHost } from './fake-host.js';

async function setup(mode: 'pages' | 'append' = 'pages') {
  const { client, socket, server } = await connectedClient();
  const host = new FakeHost();
  const list = new SessionListController(host, { mode, pageSize: 2, refreshDelayMs: 100 });
  host.connect();
  list.attach(client);
  list.activate();
  return { list, socket, server, host };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SessionListController', () => {
  it('loads the first page most-recent-first', async () => {
    const { list, socket } = await setup();
    expect(list.loading).toBe(true);
    const req = socket.last('sessions.list');
    expect(req.params).toEqual({ limit: 2, sort: 'updated' });
    socket.reply(req, { sessions: [makeEntry('a'), makeEntry('b')], total: 5, nextCursor: 'c1' });
    await flush();
    expect(list.loading).toBe(false);
    expect(list.entries.map((e) => e.key)).toEqual(['a', 'b']);
    expect(list.total).toBe(5);
    expect(list.hasNext).toBe(true);
    expect(list.hasPrevious).toBe(false);
  });

  it('passes filter and search as persistent/search params', async () => {
    const { list, socket } = await setup();
    list.setQuery({ filter: 'temporary', search: '  proj ' });
    expect(socket.last('sessions.list').params).toEqual({
      limit: 2,
      sort: 'updated',
      persistent: false,
      search: 'proj',
    });
    list.setQuery({ filter: 'persistent', search: '' });
    expect(socket.last('sessions.list').params).toEqual({
      limit: 2,
      sort: 'updated',
      persistent: true,
    });
  });

  it('pages forward with nextCursor and back with the remembered cursor', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a'), makeEntry('b')],
      total: 5,
      nextCursor: 'c1',
    });
    await flush();
    expect([list.page, list.pageCount]).toEqual([1, 3]);
    list.next();
    await flush();
    expect(socket.last('sessions.list').params).toMatchObject({ cursor: 'c1' });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('c'), makeEntry('d')],
      total: 5,
      nextCursor: 'c2',
    });
    await flush();
    expect(list.offset).toBe(2);
    list.next();
    await flush();
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('e')], total: 5 });
    await flush();
    expect(list.hasNext).toBe(false);
    expect([list.offset, list.page]).toEqual([4, 3]);
    list.previous();
    await flush();
    expect(socket.last('sessions.list').params).toMatchObject({ cursor: 'c1' });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('c'), makeEntry('d')],
      total: 5,
      nextCursor: 'c2',
    });
    await flush();
    list.previous();
    await flush();
    expect(socket.last('sessions.list').params).not.toHaveProperty('cursor');
  });

  it('jumps to a page it has not seen by walking there, and keeps the cursors it learnt', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a'), makeEntry('b')],
      total: 400,
      nextCursor: 'p1',
    });
    await flush();
    const before = socket.sent.length;
    list.goTo(150);
    await flush();
    // Pages of 2: a walk request skips 100 pages (200 rows), from page 2 (cursor p1) on.
    expect(socket.last('sessions.list').params).toEqual({
      limit: 200,
      sort: 'updated',
      cursor: 'p1',
    });
    socket.reply(socket.last('sessions.list'), { sessions: [], total: 400, nextCursor: 'p101' });
    await flush();
    expect(socket.last('sessions.list').params).toEqual({
      limit: 96,
      sort: 'updated',
      cursor: 'p101',
    });
    socket.reply(socket.last('sessions.list'), { sessions: [], total: 400, nextCursor: 'p150' });
    await flush();
    expect(socket.last('sessions.list').params).toEqual({
      limit: 2,
      sort: 'updated',
      cursor: 'p150',
    });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('x'), makeEntry('y')],
      total: 400,
      nextCursor: 'p151',
    });
    await flush();
    expect([list.page, list.offset, list.loading]).toEqual([150, 298, false]);
    expect(list.entries.map((e) => e.key)).toEqual(['x', 'y']);
    expect(socket.sent.length - before).toBe(3);
    list.goTo(102);
    await flush();
    expect(socket.last('sessions.list').params).toEqual({
      limit: 2,
      sort: 'updated',
      cursor: 'p101',
    });
  });

  it('shows the last page when asked for one past the end', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a'), makeEntry('b')],
      total: 5,
      nextCursor: 'p1',
    });
    await flush();
    list.goTo(40);
    await flush();
    expect(socket.last('sessions.list').params).toMatchObject({ limit: 76, cursor: 'p1' });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('c'), makeEntry('d'), makeEntry('e')],
      total: 5,
    });
    await flush();
    // Three rows after page 1: the last page is page 3, two pages on from p1.
    expect(socket.last('sessions.list').params).toMatchObject({ limit: 2, cursor: 'p1' });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('c'), makeEntry('d')],
      total: 5,
      nextCursor: 'p2',
    });
    await flush();
    expect(socket.last('sessions.list').params).toMatchObject({ limit: 2, cursor: 'p2' });
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('e')], total: 5 });
    await flush();
    expect([list.page, list.hasNext]).toEqual([3, false]);
  });

  it('appends pages in append mode without duplicates', async () => {
    const { list, socket } = await setup('append');
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a'), makeEntry('b')],
      total: 3,
      nextCursor: 'c1',
    });
    await flush();
    list.loadMore();
    expect(list.loadingMore).toBe(true);
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('b'), makeEntry('c')],
      total: 3,
    });
    await flush();
    expect(list.entries.map((e) => e.key)).toEqual(['a', 'b', 'c']);
    expect(list.loadingMore).toBe(false);
    const sent = socket.sent.length;
    list.loadMore(); // no cursor left
    expect(socket.sent.length).toBe(sent);
  });

  it('ignores an answer to a superseded query', async () => {
    const { list, socket } = await setup();
    const first = socket.last('sessions.list');
    list.setQuery({ search: 'x' });
    const second = socket.last('sessions.list');
    socket.reply(second, { sessions: [makeEntry('x')], total: 1 });
    socket.reply(first, { sessions: [makeEntry('a')], total: 9 });
    await flush();
    expect(list.entries.map((e) => e.key)).toEqual(['x']);
    expect(list.total).toBe(1);
  });

  it('applies patches and deletions from sessions.changed in place', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a'), makeEntry('b')],
      total: 2,
    });
    await flush();
    const sent = socket.sent.length;
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'a',
      entry: makeEntry('a', { label: 'Alpha' }),
    });
    expect(list.entries[0]?.label).toBe('Alpha');
    socket.event('sessions.changed', { reason: 'deleted', key: 'b' });
    expect(list.entries.map((e) => e.key)).toEqual(['a']);
    expect(list.total).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(socket.sent.length).toBe(sent); // no polling, no re-fetch needed
  });

  it('drops an entry that no longer matches the filter', async () => {
    const { list, socket } = await setup();
    list.setQuery({ filter: 'persistent' });
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('a')], total: 1 });
    await flush();
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'a',
      entry: makeEntry('a', { persistent: false }),
    });
    expect(list.entries).toEqual([]);
    expect(list.total).toBe(0);
  });

  it('re-fetches the current page once after a burst of creations', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('a')], total: 1 });
    await flush();
    const before = socket.sent.filter((r) => r.method === 'sessions.list').length;
    socket.event('sessions.changed', { reason: 'created', key: 'n1', entry: makeEntry('n1') });
    socket.event('sessions.changed', { reason: 'created', key: 'n2', entry: makeEntry('n2') });
    vi.advanceTimersByTime(100);
    expect(socket.sent.filter((r) => r.method === 'sessions.list').length).toBe(before + 1);
    expect(list.loading).toBe(false); // a quiet refresh: no skeleton
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('n2'), makeEntry('n1')],
      total: 3,
    });
    await flush();
    expect(list.entries.map((e) => e.key)).toEqual(['n2', 'n1']);
  });

  it('re-fetches after a reconnect', async () => {
    const { socket, server } = await setup();
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('a')], total: 1 });
    await flush();
    socket.drop();
    vi.advanceTimersByTime(1000);
    server.current.accept();
    await flush();
    expect(server.current.last('sessions.list').params).toEqual({ limit: 2, sort: 'updated' });
  });

  it('stays idle until activated', async () => {
    const { client, socket } = await connectedClient();
    const host = new FakeHost();
    const list = new SessionListController(host, { mode: 'append' });
    host.connect();
    list.attach(client);
    expect(socket.sent.filter((r) => r.method === 'sessions.list')).toEqual([]);
  });

  it('shows the server error message', async () => {
    const { list, socket } = await setup();
    socket.fail(socket.last('sessions.list'), {
      code: 'FEATURE_DISABLED',
      message: 'Named sessions are off.',
    });
    await flush();
    expect(list.error).toBe('Named sessions are off.');
    expect(list.loading).toBe(false);
  });

  it('applies the counts a finished run announces in place, without a re-fetch', async () => {
    const { list, socket } = await setup();
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('a')], total: 1 });
    await flush();
    const lists = () => socket.sent.filter((r) => r.method === 'sessions.list').length;
    const before = lists();
    socket.event('chat', { runId: 'r', sessionKey: 'a', seq: 1, state: 'delta', text: 'x' });
    socket.event('chat', { runId: 'r', sessionKey: 'a', seq: 2, state: 'final', text: 'x' });
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'a',
      entry: makeEntry('a', { messageCount: 2, updatedAt: 1_800_000_000_000 }),
    });
    vi.advanceTimersByTime(1000);
    expect(lists()).toBe(before);
    expect(list.entries[0]).toMatchObject({ messageCount: 2, updatedAt: 1_800_000_000_000 });
  });
});
