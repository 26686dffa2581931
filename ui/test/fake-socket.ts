import type { WebSocketLike } from '../src/gateway/client.js';
import type { ErrorShape, Hello } from '../src/gateway/protocol.js';

interface SentRequest {
  id: string;
  method: string;
  params: Record<string, unknown>;
}

class FakeCloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  readonly wasClean = true;
  constructor(code: number, reason: string) {
    super('close');
    this.code = code;
    this.reason = reason;
  }
}

/** A hand-written stand-in for the browser WebSocket: records frames, lets a test answer them. */
export class FakeSocket implements WebSocketLike {
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  readonly sent: SentRequest[] = [];
  closed = false;
  private seq = 0;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.closed) throw new Error('send on closed socket');
    this.sent.push(JSON.parse(data) as SentRequest);
  }

  close(): void {
    this.closed = true;
  }

  // ---- test side ----
  open(): void {
    this.onopen?.(new Event('open'));
  }

  drop(code = 1006): void {
    this.closed = true;
    this.onclose?.(new FakeCloseEvent(code, ''));
  }

  receive(frame: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  last(method?: string): SentRequest {
    const list = method ? this.sent.filter((r) => r.method === method) : this.sent;
    const req = list[list.length - 1];
    if (!req) throw new Error(`no request ${method ?? ''} sent`);
    return req;
  }

  reply(req: SentRequest, payload: unknown): void {
    this.receive({ type: 'res', id: req.id, ok: true, payload });
  }

  fail(req: SentRequest, error: ErrorShape): void {
    this.receive({ type: 'res', id: req.id, ok: false, error });
  }

  event(event: string, payload: unknown, seq?: number): void {
    this.seq = seq ?? this.seq + 1;
    this.receive({ type: 'event', event, payload, seq: this.seq });
  }

  /** Open and answer `connect` with a hello. */
  accept(hello: Hello = makeHello()): void {
    this.open();
    this.reply(this.last('connect'), hello);
  }
}

export function makeHello(overrides: Partial<Hello> = {}): Hello {
  return {
    protocol: 1,
    server: { version: '0.1.0' },
    features: {
      methods: ['sessions.list', 'chat.send'],
      events: ['sessions.changed', 'chat'],
      namedSessions: true,
    },
    provider: { name: 'echo', model: 'echo-1', offline: true },
    ...overrides,
  };
}

/** A socket factory that remembers every socket it made. */
export class FakeSocketServer {
  readonly sockets: FakeSocket[] = [];
  readonly factory = (url: string): FakeSocket => {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  };
  get current(): FakeSocket {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) throw new Error('no socket yet');
    return socket;
  }
}

/** Let pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

import { GatewayClient } from '../src/gateway/client.js';
import type { SessionEntry } from '../src/gateway/protocol.js';

/** A client already past `connect`, with its fake socket. */
export async function connectedClient(
  hello: Hello = makeHello(),
): Promise<{ client: GatewayClient; server: FakeSocketServer; socket: FakeSocket }> {
  const server = new FakeSocketServer();
  const client = new GatewayClient({
    url: 'ws://gw/ws',
    getToken: () => 't',
    socketFactory: server.factory,
    random: () => 0.5,
  });
  client.start();
  server.current.accept(hello);
  await flush();
  return { client, server, socket: server.current };
}

export function makeEntry(key: string, overrides: Partial<SessionEntry> = {}): SessionEntry {
  return {
    key,
    sessionId: `sid-${key}`,
    label: key.charAt(0).toUpperCase() + key.slice(1),
    persistent: true,
    userCreated: key !== 'main',
    kind: key === 'main' ? 'main' : 'named',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    messageCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    rev: 1,
    archived: false,
    trashed: false,
    pinned: false,
    tags: [],
    ...overrides,
  };
}
