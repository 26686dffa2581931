import { GatewayError } from './errors.js';
import { ChatWatch } from './chat-watch.js';
import { Listeners, type Listener } from './listeners.js';
import { PendingRequests, type PendingRequest } from './pending-requests.js';
import type {
  EventFrame,
  EventMap,
  EventName,
  Hello,
  MethodMap,
  MethodName,
  ServerFrame,
} from './protocol.js';

/** The part of the browser WebSocket the client uses; tests pass a fake class. */
export interface WebSocketLike {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/**
 * - `connecting`: first attempt, nothing shown yet
 * - `connected`: hello received
 * - `reconnecting`: the link dropped (or an attempt failed); retrying with backoff
 * - `unauthorized`: the gateway refused the token; waits for `setToken`
 * - `closed`: `close()` was called
 */
export type ConnectionStatus =
  'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'closed';

export interface GatewayClientOptions {
  url: string;
  getToken: () => string | null;
  socketFactory?: WebSocketFactory;
  clientInfo?: { name: string; version: string };
  requestTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** 0..1; jitter source for the backoff, replaceable in tests. */
  random?: () => number;
}

export const CLIENT_INFO = { name: 'cairn-ui', version: '0.1.0' };

export function defaultGatewayUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * The one connection to the gateway, and only transport: request/response by id with timeouts,
 * typed event subscriptions, and reconnect with exponential backoff. Requests made while
 * disconnected wait (until their timeout) for the next successful `connect`. Typed shorthands
 * for the methods are in `commands.ts`; live state built from events is in the feature folders.
 */
export class GatewayClient {
  status: ConnectionStatus = 'connecting';
  hello: Hello | null = null;
  /** Milliseconds until the next reconnect attempt, while `reconnecting`. */
  retryInMs = 0;
  lastError: GatewayError | null = null;

  private readonly opts: Required<GatewayClientOptions>;
  private readonly pending: PendingRequests;
  private readonly eventListeners = new Map<string, Listeners<never>>();
  private readonly statusListeners = new Listeners<ConnectionStatus>();
  private readonly resyncListeners = new Listeners<{ reconnect: boolean }>();
  private readonly chatWatch = new ChatWatch(
    (chat) => this.request('events.subscribe', { chat }),
    () => this.status === 'connected',
  );
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSeq = 0;
  private everConnected = false;
  private started = false;

  constructor(options: GatewayClientOptions) {
    this.opts = {
      socketFactory: (url) => new WebSocket(url),
      clientInfo: CLIENT_INFO,
      requestTimeoutMs: 15_000,
      backoffInitialMs: 500,
      backoffMaxMs: 15_000,
      random: Math.random,
      ...options,
    };
    this.pending = new PendingRequests(this.opts.requestTimeoutMs);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  start(): void {
    if (this.started) return;
    this.started = true;
    this.open();
  }

  close(): void {
    this.started = false;
    this.clearRetry();
    this.dropSocket();
    this.pending.failAll(new GatewayError('DISCONNECTED', 'Connection closed.'));
    this.setStatus('closed');
  }

  /** Skip the backoff wait (the "Retry now" button, or a new token). */
  reconnectNow(): void {
    this.started = true;
    this.clearRetry();
    this.dropSocket();
    this.open();
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    return this.statusListeners.add(listener);
  }

  /**
   * Called after every successful connect, and when an event gap shows that events were missed;
   * state derived from the server should be re-fetched. `reconnect` is false only for the first.
   */
  onResync(listener: Listener<{ reconnect: boolean }>): () => void {
    return this.resyncListeners.add(listener);
  }

  on<E extends EventName>(event: E, listener: Listener<EventMap[E]>): () => void {
    let listeners = this.eventListeners.get(event);
    if (!listeners) {
      listeners = new Listeners();
      this.eventListeners.set(event, listeners);
    }
    return listeners.add(listener as Listener<never>);
  }

  /**
   * Ask for `sessionKey`'s `chat` events: the gateway sends only those of watched sessions (none
   * while nothing is watched). Returns the function that stops watching.
   */
  watchChat(sessionKey: string): () => void {
    return this.chatWatch.watch(sessionKey);
  }

  get namedSessions(): boolean {
    return this.hello?.features.namedSessions ?? false;
  }

  // ---- requests -----------------------------------------------------------------------------

  request<M extends MethodName>(
    method: M,
    params: MethodMap[M]['params'],
  ): Promise<MethodMap[M]['result']> {
    return new Promise<MethodMap[M]['result']>((resolve, reject) => {
      const entry = this.pending.add(method, params, resolve as (payload: unknown) => void, reject);
      if (this.status === 'connected' || method === 'connect') this.send(entry);
    });
  }

  // ---- socket -------------------------------------------------------------------------------

  private open(): void {
    if (!this.everConnected && this.status !== 'reconnecting') this.setStatus('connecting');
    const socket = this.opts.socketFactory(this.opts.url);
    this.socket = socket;
    this.lastSeq = 0;
    socket.onopen = () => {
      if (this.socket === socket) void this.handshake(socket);
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket && typeof ev.data === 'string') this.handleFrame(ev.data);
    };
    socket.onclose = () => {
      if (this.socket === socket) this.handleDrop();
    };
    socket.onerror = () => {
      // A close event always follows; handled there.
    };
  }

  private async handshake(socket: WebSocketLike): Promise<void> {
    const token = this.opts.getToken();
    const client = this.opts.clientInfo;
    const chat = this.chatWatch.keys();
    try {
      const hello = await this.request(
        'connect',
        token ? { token, client, chat } : { client, chat },
      );
      if (this.socket === socket) {
        this.connected(hello);
        this.chatWatch.connected(chat);
      }
    } catch (err) {
      if (this.socket === socket) this.refused(err);
    }
  }

  private connected(hello: Hello): void {
    const reconnect = this.everConnected;
    this.hello = hello;
    this.everConnected = true;
    this.attempt = 0;
    this.lastError = null;
    this.setStatus('connected');
    for (const entry of this.pending.unsent()) this.send(entry);
    this.resyncListeners.emit({ reconnect });
  }

  private refused(err: unknown): void {
    const error = err instanceof GatewayError ? err : new GatewayError('INTERNAL', String(err));
    this.lastError = error;
    if (error.code === 'UNAUTHORIZED') {
      this.dropSocket();
      this.setStatus('unauthorized');
    } else {
      this.handleDrop();
    }
  }

  private send(entry: PendingRequest): void {
    if (!this.socket) return;
    entry.sent = true;
    try {
      this.socket.send(entry.frame);
    } catch {
      entry.sent = false;
    }
  }

  private handleFrame(data: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'res') {
      if (frame.ok) this.pending.resolve(frame.id, frame.payload);
      else this.pending.reject(frame.id, GatewayError.fromShape(frame.error));
    } else if (frame.type === 'event') {
      this.handleEvent(frame);
    }
  }

  private handleEvent(frame: EventFrame): void {
    const gap = this.lastSeq > 0 && frame.seq > this.lastSeq + 1;
    this.lastSeq = frame.seq;
    this.eventListeners.get(frame.event)?.emit(frame.payload as never);
    if (gap) this.resyncListeners.emit({ reconnect: true });
  }

  /** The socket closed or the handshake failed: fail what was in flight, schedule a retry. */
  private handleDrop(): void {
    this.dropSocket();
    // A request that reached the wire may or may not have been applied; never resend it.
    this.pending.failSent(new GatewayError('DISCONNECTED', 'Lost the connection to the gateway.'));
    if (!this.started) return;
    const base = Math.min(
      this.opts.backoffMaxMs,
      this.opts.backoffInitialMs * 2 ** Math.min(this.attempt, 16),
    );
    this.attempt++;
    this.retryInMs = Math.round(base * (0.75 + 0.5 * this.opts.random()));
    this.setStatus('reconnecting');
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, this.retryInMs);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, 'client closing');
    } catch {
      // already closed
    }
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.statusListeners.emit(status);
  }
}
