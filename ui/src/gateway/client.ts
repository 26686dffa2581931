import { GatewayError } from './errors.js';
import type {
  ChatAbortParams,
  ChatAbortResult,
  ChatHistoryParams,
  ChatHistoryResult,
  ChatSendParams,
  ChatSendResult,
  CommandInfo,
  CreateSessionParams,
  CreateSessionResult,
  DeleteSessionResult,
  EntryResult,
  EventMap,
  EventName,
  Hello,
  ListSessionsParams,
  ListSessionsResult,
  MethodMap,
  MethodName,
  PatchSessionParams,
  ResetSessionResult,
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

interface Pending {
  method: string;
  resolve: (payload: unknown) => void;
  reject: (err: GatewayError) => void;
  timer: ReturnType<typeof setTimeout>;
  frame: string;
  sent: boolean;
}

type Listener<T> = (value: T) => void;

export const CLIENT_INFO = { name: 'cairn-ui', version: '0.1.0' };

export function defaultGatewayUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * The one connection to the gateway: request/response by id with timeouts, typed event
 * subscriptions, and reconnect with exponential backoff. Requests made while disconnected wait
 * (until their timeout) for the next successful `connect`.
 */
export class GatewayClient {
  status: ConnectionStatus = 'connecting';
  hello: Hello | null = null;
  /** Milliseconds until the next reconnect attempt, while `reconnecting`. */
  retryInMs = 0;
  lastError: GatewayError | null = null;

  private readonly opts: Required<GatewayClientOptions>;
  private socket: WebSocketLike | null = null;
  private nextId = 1;
  private pending = new Map<string, Pending>();
  private eventListeners = new Map<string, Set<Listener<never>>>();
  private statusListeners = new Set<Listener<ConnectionStatus>>();
  private resyncListeners = new Set<Listener<{ reconnect: boolean }>>();
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
    this.failAll(new GatewayError('DISCONNECTED', 'Connection closed.'));
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
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Called after every successful connect, and when an event gap shows that events were missed;
   * state derived from the server should be re-fetched. `reconnect` is false only for the first.
   */
  onResync(listener: Listener<{ reconnect: boolean }>): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  on<E extends EventName>(event: E, listener: Listener<EventMap[E]>): () => void {
    let set = this.eventListeners.get(event);
    if (!set) {
      set = new Set();
      this.eventListeners.set(event, set);
    }
    const stored = listener as Listener<never>;
    set.add(stored);
    return () => set.delete(stored);
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
      const id = String(this.nextId++);
      const frame = JSON.stringify({ type: 'req', id, method, params });
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('TIMEOUT', `The gateway did not answer ${method} in time.`));
      }, this.opts.requestTimeoutMs);
      const entry: Pending = {
        method,
        resolve: resolve as (payload: unknown) => void,
        reject,
        timer,
        frame,
        sent: false,
      };
      this.pending.set(id, entry);
      if (this.status === 'connected' || method === 'connect') this.sendPending(entry);
    });
  }

  createSession(params: CreateSessionParams): Promise<CreateSessionResult> {
    return this.request('sessions.create', params);
  }
  listSessions(params: ListSessionsParams = {}): Promise<ListSessionsResult> {
    return this.request('sessions.list', params);
  }
  getSession(key: string): Promise<EntryResult> {
    return this.request('sessions.get', { key });
  }
  resolveSession(name: string): Promise<EntryResult> {
    return this.request('sessions.resolve', { name });
  }
  patchSession(params: PatchSessionParams): Promise<EntryResult> {
    return this.request('sessions.patch', params);
  }
  resetSession(key: string): Promise<ResetSessionResult> {
    return this.request('sessions.reset', { key });
  }
  deleteSession(key: string): Promise<DeleteSessionResult> {
    return this.request('sessions.delete', { key });
  }
  sendChat(params: ChatSendParams): Promise<ChatSendResult> {
    return this.request('chat.send', params);
  }
  chatHistory(params: ChatHistoryParams): Promise<ChatHistoryResult> {
    return this.request('chat.history', params);
  }
  abortChat(params: ChatAbortParams): Promise<ChatAbortResult> {
    return this.request('chat.abort', params);
  }
  async listCommands(): Promise<CommandInfo[]> {
    return (await this.request('commands.list', {})).commands;
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
    const params = token
      ? { token, client: this.opts.clientInfo }
      : { client: this.opts.clientInfo };
    try {
      const hello = await this.request('connect', params);
      if (this.socket !== socket) return;
      const reconnect = this.everConnected;
      this.hello = hello;
      this.everConnected = true;
      this.attempt = 0;
      this.lastError = null;
      this.setStatus('connected');
      for (const entry of this.pending.values()) if (!entry.sent) this.sendPending(entry);
      this.emitResync(reconnect);
    } catch (err) {
      if (this.socket !== socket) return;
      const error = err instanceof GatewayError ? err : new GatewayError('INTERNAL', String(err));
      this.lastError = error;
      if (error.code === 'UNAUTHORIZED') {
        this.dropSocket();
        this.setStatus('unauthorized');
      } else {
        this.handleDrop();
      }
    }
  }

  private sendPending(entry: Pending): void {
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
      const entry = this.pending.get(frame.id);
      if (!entry) return;
      this.pending.delete(frame.id);
      clearTimeout(entry.timer);
      if (frame.ok) entry.resolve(frame.payload);
      else entry.reject(GatewayError.fromShape(frame.error));
    } else if (frame.type === 'event') {
      const gap = this.lastSeq > 0 && frame.seq > this.lastSeq + 1;
      this.lastSeq = frame.seq;
      const listeners = this.eventListeners.get(frame.event);
      if (listeners)
        for (const listener of [...listeners]) (listener as Listener<unknown>)(frame.payload);
      if (gap) this.emitResync(true);
    }
  }

  /** The socket closed or the handshake failed: fail what was in flight, schedule a retry. */
  private handleDrop(): void {
    this.dropSocket();
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      // A request that reached the wire may or may not have been applied; never resend it.
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(new GatewayError('DISCONNECTED', 'Lost the connection to the gateway.'));
    }
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

  private failAll(error: GatewayError): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  private emitResync(reconnect: boolean): void {
    for (const listener of [...this.resyncListeners]) listener({ reconnect });
  }
}
