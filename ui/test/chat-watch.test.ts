import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayClient } from '../src/gateway/client.js';
import { FakeSocketServer, flush } from './fake-socket.js';

function setup() {
  const server = new FakeSocketServer();
  const client = new GatewayClient({
    url: 'ws://gw/ws',
    getToken: () => 'secret',
    socketFactory: server.factory,
    requestTimeoutMs: 1000,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    random: () => 0.5,
  });
  return { server, client };
}

const subscribes = (server: FakeSocketServer) =>
  server.current.sent.filter((r) => r.method === 'events.subscribe');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('GatewayClient.watchChat', () => {
  it('connects asking for the watched sessions only, and narrows as views come and go', async () => {
    const { server, client } = setup();
    const stopMain = client.watchChat('main');
    client.start();
    server.current.accept();
    await flush();
    expect(server.current.last('connect').params).toMatchObject({ chat: ['main'] });
    expect(subscribes(server)).toHaveLength(0);

    const stopWork = client.watchChat('work');
    await flush();
    const first = server.current.last('events.subscribe');
    expect(first.params).toEqual({ chat: ['main', 'work'] });

    // A change while a subscribe is in flight waits for its answer: never two at once.
    stopMain();
    await flush();
    expect(subscribes(server)).toHaveLength(1);
    server.current.reply(first, { chat: ['main', 'work'] });
    await flush();
    expect(subscribes(server)).toHaveLength(2);
    expect(server.current.last('events.subscribe').params).toEqual({ chat: ['work'] });

    server.current.reply(server.current.last('events.subscribe'), { chat: ['work'] });
    await flush();
    stopWork();
    stopWork(); // a second stop does nothing
    await flush();
    expect(server.current.last('events.subscribe').params).toEqual({ chat: [] });
  });

  it('counts two views of one session, and carries the set into the next connect', async () => {
    const { server, client } = setup();
    client.start();
    server.current.accept();
    await flush();
    const a = client.watchChat('work');
    const b = client.watchChat('work');
    await flush();
    server.current.reply(server.current.last('events.subscribe'), { chat: ['work'] });
    await flush();
    a();
    await flush();
    expect(subscribes(server)).toHaveLength(1);

    server.current.drop();
    await vi.advanceTimersByTimeAsync(200);
    server.current.accept();
    await flush();
    expect(server.current.last('connect').params).toMatchObject({ chat: ['work'] });
    b();
    await flush();
    expect(server.current.last('events.subscribe').params).toEqual({ chat: [] });
  });
});
