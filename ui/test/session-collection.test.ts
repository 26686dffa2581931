import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionsChangedEvent } from '../src/gateway/protocol.js';
import { SessionCollection, sessionCollection } from '../src/sessions/session-collection.js';
import { connectedClient, flush, makeEntry, type FakeSocket } from './fake-socket.js';

const lists = (socket: FakeSocket) => socket.sent.filter((r) => r.method === 'sessions.list');
const keys = (collection: SessionCollection) => collection.entries.map((e) => e.key);
const at = (updatedAt: number) => ({ updatedAt });

/** A collection with one subscriber, its first page answered. */
async function loaded(nextCursor?: string) {
  const { client, socket, server } = await connectedClient();
  const collection = new SessionCollection(client, { pageSize: 3, refreshDelayMs: 100 });
  const changes: (SessionsChangedEvent | null)[] = [];
  const off = collection.subscribe((change) => changes.push(change));
  socket.reply(socket.last('sessions.list'), {
    sessions: [makeEntry('c', at(30)), makeEntry('b', at(20)), makeEntry('a', at(10))],
    total: nextCursor ? 10 : 3,
    ...(nextCursor ? { nextCursor } : {}),
  });
  await flush();
  return { client, socket, server, collection, changes, off };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SessionCollection', () => {
  it('is one per client, fetched once however many subscribe', async () => {
    const { client, socket } = await connectedClient();
    const shared = sessionCollection(client);
    expect(sessionCollection(client)).toBe(shared);
    const offs = [
      shared.subscribe(() => {}),
      shared.subscribe(() => {}),
      shared.subscribe(() => {}),
    ];
    expect(lists(socket)).toHaveLength(1);
    expect(socket.last('sessions.list').params).toEqual({ limit: 50, sort: 'updated' });
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('main')], total: 1 });
    await flush();
    expect(shared.loaded).toBe(true);
    expect(shared.complete).toBe(true);
    expect(shared.get('main')?.label).toBe('Main');
    for (const off of offs) off();
    expect(lists(socket)).toHaveLength(1);
  });

  it('tells every subscriber about each change it applied', async () => {
    const { socket, collection, changes } = await loaded();
    const seen: string[] = [];
    collection.subscribe((change) => seen.push(change ? change.reason : 'fetch'));
    socket.event('sessions.changed', { reason: 'deleted', key: 'b' });
    expect(changes.at(-1)).toEqual({ reason: 'deleted', key: 'b' });
    expect(seen).toEqual(['deleted']);
  });

  it('puts a created session in order and counts it', async () => {
    const { socket, collection } = await loaded();
    socket.event('sessions.changed', {
      reason: 'created',
      key: 'new',
      entry: makeEntry('new', at(40)),
    });
    expect(keys(collection)).toEqual(['new', 'c', 'b', 'a']);
    expect(collection.total).toBe(4);
  });

  it('applies a patch in place and moves the session to where its new time puts it', async () => {
    const { socket, collection } = await loaded();
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'a',
      entry: makeEntry('a', { updatedAt: 50, messageCount: 2 }),
    });
    expect(keys(collection)).toEqual(['a', 'c', 'b']);
    expect(collection.get('a')?.messageCount).toBe(2);
    expect(collection.total).toBe(3);
  });

  it('applies a reset entry (new transcript, zero messages)', async () => {
    const { socket, collection } = await loaded();
    socket.event('sessions.changed', {
      reason: 'reset',
      key: 'b',
      entry: makeEntry('b', { sessionId: 'sid-b2', messageCount: 0, updatedAt: 60 }),
    });
    expect(collection.get('b')).toMatchObject({ sessionId: 'sid-b2', messageCount: 0 });
    expect(keys(collection)).toEqual(['b', 'c', 'a']);
  });

  it('drops a deleted session and counts it', async () => {
    const { socket, collection } = await loaded();
    socket.event('sessions.changed', { reason: 'deleted', key: 'c' });
    expect(keys(collection)).toEqual(['b', 'a']);
    expect(collection.total).toBe(2);
  });

  it('drops an archived session even though the event carries its entry, and takes it back when unarchived', async () => {
    const { socket, collection } = await loaded();
    const archived = makeEntry('b', { ...at(40), archived: true, archivedAt: 40 });
    socket.event('sessions.changed', { reason: 'archived', key: 'b', entry: archived });
    expect(keys(collection)).toEqual(['c', 'a']);
    expect(collection.total).toBe(2);
    const back = makeEntry('b', at(50));
    socket.event('sessions.changed', { reason: 'unarchived', key: 'b', entry: back });
    expect(keys(collection)).toEqual(['b', 'c', 'a']);
    expect(collection.total).toBe(3);
  });

  it('puts a restored session back, but not one restored into the archive', async () => {
    const { socket, collection } = await loaded();
    const trashed = makeEntry('c', { ...at(30), trashed: true, trashedAt: 60 });
    socket.event('sessions.changed', { reason: 'deleted', key: 'c', entry: trashed });
    expect(keys(collection)).toEqual(['b', 'a']);
    socket.event('sessions.changed', {
      reason: 'restored',
      key: 'c',
      entry: makeEntry('c', at(30)),
    });
    expect(keys(collection)).toEqual(['c', 'b', 'a']);
    expect(collection.total).toBe(3);
    socket.event('sessions.changed', {
      reason: 'restored',
      key: 'z',
      entry: makeEntry('z', { ...at(90), archived: true }),
    });
    expect(keys(collection)).toEqual(['c', 'b', 'a']);
    expect(collection.total).toBe(3);
  });

  it('never re-fetches for what it can apply, such as the patch after a finished run', async () => {
    const { socket } = await loaded();
    socket.event('chat', { runId: 'r', sessionKey: 'a', seq: 1, state: 'final', text: 'hi' });
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'a',
      entry: makeEntry('a', { updatedAt: 70, messageCount: 2 }),
    });
    vi.advanceTimersByTime(1000);
    expect(lists(socket)).toHaveLength(1);
  });

  it('leaves a patched session that sorts after the loaded pages for loadMore to bring', async () => {
    const { socket, collection } = await loaded('cursor-1');
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'old',
      entry: makeEntry('old', at(5)),
    });
    expect(keys(collection)).toEqual(['c', 'b', 'a']);
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'old',
      entry: makeEntry('old', at(90)),
    });
    expect(keys(collection)).toEqual(['old', 'c', 'b', 'a']);
  });

  it('loads more with the cursor, without duplicates', async () => {
    const { socket, collection } = await loaded('cursor-1');
    expect(collection.hasMore).toBe(true);
    collection.loadMore();
    expect(collection.loadingMore).toBe(true);
    expect(socket.last('sessions.list').params).toEqual({
      limit: 3,
      sort: 'updated',
      cursor: 'cursor-1',
    });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('a', at(10)), makeEntry('z', at(1))],
      total: 4,
    });
    await flush();
    expect(keys(collection)).toEqual(['c', 'b', 'a', 'z']);
    expect(collection.complete).toBe(true);
  });

  it('re-fetches what it holds after a reconnect, quietly', async () => {
    const { server, collection } = await loaded();
    server.current.drop();
    vi.advanceTimersByTime(1000);
    server.current.accept();
    await flush();
    expect(server.current.last('sessions.list').params).toEqual({ limit: 3, sort: 'updated' });
    expect(collection.loading).toBe(false);
    expect(keys(collection)).toEqual(['c', 'b', 'a']);
    server.current.reply(server.current.last('sessions.list'), {
      sessions: [makeEntry('b', at(20))],
      total: 1,
    });
    await flush();
    expect(keys(collection)).toEqual(['b']);
  });

  it('re-fetches once for a change that carries no entry', async () => {
    const { socket } = await loaded();
    socket.event('sessions.changed', { reason: 'patched', key: 'a' });
    socket.event('sessions.changed', { reason: 'patched', key: 'b' });
    vi.advanceTimersByTime(100);
    expect(lists(socket)).toHaveLength(2);
  });

  it('stops listening when the last subscriber leaves, and loads afresh for the next', async () => {
    const { socket, collection, changes, off } = await loaded();
    off();
    socket.event('sessions.changed', {
      reason: 'created',
      key: 'd',
      entry: makeEntry('d', at(99)),
    });
    expect(changes).toHaveLength(2); // the fetch start and its answer, nothing after
    expect(collection.loaded).toBe(false);
    expect(collection.entries).toEqual([]); // nothing stale to show
    collection.subscribe(() => {});
    expect(lists(socket)).toHaveLength(2);
    expect(collection.loading).toBe(true);
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('d', at(99))], total: 4 });
    await flush();
    expect(keys(collection)).toEqual(['d']);
  });

  it('ignores the answer to a fetch made before everyone left', async () => {
    const { client, socket } = await connectedClient();
    const collection = new SessionCollection(client);
    const off = collection.subscribe(() => {});
    off();
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('stale')], total: 1 });
    await flush();
    expect(collection.loaded).toBe(false);
    expect(collection.entries).toEqual([]);
  });

  it('keeps the server error for subscribers to show', async () => {
    const { client, socket } = await connectedClient();
    const collection = new SessionCollection(client);
    collection.subscribe(() => {});
    socket.fail(socket.last('sessions.list'), { code: 'UNAVAILABLE', message: 'Store is busy.' });
    await flush();
    expect(collection.error).toBe('Store is busy.');
    expect(collection.loading).toBe(false);
    expect(collection.loaded).toBe(false);
  });
});
