import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, getSession, listCommands, listSessions } from '../src/gateway/commands.js';
import { GatewayClient, type ConnectionStatus } from '../src/gateway/client.js';
import { GatewayError } from '../src/gateway/errors.js';
import { FakeSocketServer, flush, makeHello } from './fake-socket.js';

function setup(token: string | null = 'secret') {
  const server = new FakeSocketServer();
  const client = new GatewayClient({
    url: 'ws://gw/ws',
    getToken: () => token,
    socketFactory: server.factory,
    requestTimeoutMs: 1000,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    random: () => 0.5,
  });
  const statuses: ConnectionStatus[] = [];
  client.onStatus((s) => statuses.push(s));
  return { server, client, statuses };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('GatewayClient', () => {
  it('sends connect first with the token and client info, then exposes the hello', async () => {
    const { server, client, statuses } = setup();
    client.start();
    const socket = server.current;
    expect(socket.url).toBe('ws://gw/ws');
    socket.open();
    const connect = socket.last();
    expect(connect.method).toBe('connect');
    expect(connect.params).toEqual({
      token: 'secret',
      client: { name: 'cairn-ui', version: '0.1.0' },
      chat: [],
    });
    socket.reply(connect, makeHello());
    await flush();
    expect(client.status).toBe('connected');
    expect(client.hello?.provider.name).toBe('echo');
    expect(client.namedSessions).toBe(true);
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('omits the token when there is none', () => {
    const { server, client } = setup(null);
    client.start();
    server.current.open();
    expect(server.current.last('connect').params).toEqual({
      client: { name: 'cairn-ui', version: '0.1.0' },
      chat: [],
    });
  });

  it('holds requests made before the hello and sends them after it', async () => {
    const { server, client } = setup();
    client.start();
    const pending = listSessions(client, { sort: 'updated' });
    server.current.open();
    expect(server.current.sent.map((r) => r.method)).toEqual(['connect']);
    server.current.reply(server.current.last('connect'), makeHello());
    await flush();
    const list = server.current.last('sessions.list');
    expect(list.params).toEqual({ sort: 'updated' });
    server.current.reply(list, { sessions: [], total: 0 });
    await expect(pending).resolves.toEqual({ sessions: [], total: 0 });
  });

  it('matches responses to requests by id, whatever the order', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const a = getSession(client, 'a');
    const b = getSession(client, 'b');
    const [reqA, reqB] = server.current.sent.slice(1);
    if (!reqA || !reqB) throw new Error('both requests should be sent');
    expect(reqA.id).not.toBe(reqB.id);
    server.current.reply(reqB, { entry: { key: 'b' } });
    server.current.reply(reqA, { entry: { key: 'a' } });
    await expect(a).resolves.toEqual({ entry: { key: 'a' } });
    await expect(b).resolves.toEqual({ entry: { key: 'b' } });
  });

  it('rejects with a GatewayError carrying the server code, message and details', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const create = createSession(client, { label: 'Work' });
    server.current.fail(server.current.last('sessions.create'), {
      code: 'CONFLICT',
      message: 'label taken',
      details: { field: 'label' },
    });
    const err = await create.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'label taken', field: 'label' });
  });

  it('times out a request that gets no answer', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const get = getSession(client, 'main');
    const result = get.catch((e: unknown) => e);
    vi.advanceTimersByTime(1000);
    expect(await result).toMatchObject({ code: 'TIMEOUT' });
  });

  it('delivers events to subscribers and stops after unsubscribe', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const seen: string[] = [];
    const off = client.on('sessions.changed', (p) => seen.push(`${p.reason}:${p.key}`));
    server.current.event('sessions.changed', { reason: 'created', key: 'work' });
    server.current.event('chat', {
      runId: 'r',
      sessionKey: 'main',
      seq: 1,
      state: 'delta',
      text: 'x',
    });
    off();
    server.current.event('sessions.changed', { reason: 'deleted', key: 'work' });
    expect(seen).toEqual(['created:work']);
  });

  it('reconnects with exponential backoff, fails in-flight requests and resyncs', async () => {
    const { server, client, statuses } = setup();
    const resyncs: boolean[] = [];
    client.onResync(({ reconnect }) => resyncs.push(reconnect));
    client.start();
    server.current.accept();
    await flush();
    const inflight = getSession(client, 'main').catch((e: unknown) => e);
    server.current.drop();
    expect(await inflight).toMatchObject({ code: 'DISCONNECTED' });
    expect(client.status).toBe('reconnecting');
    expect(client.retryInMs).toBe(100);

    vi.advanceTimersByTime(99);
    expect(server.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(2);
    server.current.drop(); // the attempt fails
    expect(client.retryInMs).toBe(200);
    vi.advanceTimersByTime(200);
    expect(server.sockets).toHaveLength(3);
    server.current.accept();
    await flush();
    expect(client.status).toBe('connected');
    expect(resyncs).toEqual([false, true]);
    expect(statuses).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'reconnecting',
      'connected',
    ]);

    // a successful connect resets the backoff
    server.current.drop();
    expect(client.retryInMs).toBe(100);
  });

  it('caps the backoff', async () => {
    const { server, client } = setup();
    client.start();
    for (let i = 0; i < 8; i++) {
      server.current.drop();
      vi.advanceTimersByTime(client.retryInMs);
    }
    expect(client.retryInMs).toBe(1000);
  });

  it('stops retrying and reports unauthorized when connect is refused', async () => {
    const { server, client } = setup();
    client.start();
    server.current.open();
    server.current.fail(server.current.last('connect'), {
      code: 'UNAUTHORIZED',
      message: 'bad token',
    });
    await flush();
    expect(client.status).toBe('unauthorized');
    expect(client.lastError?.message).toBe('bad token');
    expect(server.current.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);

    client.reconnectNow();
    expect(server.sockets).toHaveLength(2);
    server.current.accept();
    await flush();
    expect(client.status).toBe('connected');
  });

  it('asks for a resync when an event sequence number is skipped', async () => {
    const { server, client } = setup();
    const resyncs: boolean[] = [];
    client.start();
    server.current.accept();
    await flush();
    client.onResync(({ reconnect }) => resyncs.push(reconnect));
    server.current.event('sessions.changed', { reason: 'created', key: 'a' }, 1);
    server.current.event('sessions.changed', { reason: 'created', key: 'b' }, 2);
    expect(resyncs).toEqual([]);
    server.current.event('sessions.changed', { reason: 'created', key: 'd' }, 4);
    expect(resyncs).toEqual([true]);
  });

  it('ignores frames from a socket it already replaced', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const old = server.current;
    client.reconnectNow();
    const seen: string[] = [];
    client.on('sessions.changed', (p) => seen.push(p.key));
    old.event('sessions.changed', { reason: 'created', key: 'ghost' });
    expect(seen).toEqual([]);
    expect(old.closed).toBe(true);
  });

  it('close() rejects pending requests and stays closed', async () => {
    const { server, client } = setup();
    client.start();
    const pending = listCommands(client).catch((e: unknown) => e);
    client.close();
    expect(await pending).toMatchObject({ code: 'DISCONNECTED' });
    expect(client.status).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);
  });
});
