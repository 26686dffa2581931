import { GatewayError } from './errors.js';

export interface PendingRequest {
  readonly id: string;
  readonly method: string;
  readonly frame: string;
  /** Handed to the socket; if the link drops now, nobody knows whether the gateway applied it. */
  sent: boolean;
}

interface Entry extends PendingRequest {
  resolve: (payload: unknown) => void;
  reject: (err: GatewayError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Requests waiting for their response, by id, each with its own timeout. */
export class PendingRequests {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  add(
    method: string,
    params: unknown,
    resolve: (payload: unknown) => void,
    reject: (err: GatewayError) => void,
  ): PendingRequest {
    const id = String(this.nextId++);
    const timer = setTimeout(() => {
      this.entries.delete(id);
      reject(new GatewayError('TIMEOUT', `The gateway did not answer ${method} in time.`));
    }, this.timeoutMs);
    const frame = JSON.stringify({ type: 'req', id, method, params });
    const entry: Entry = { id, method, frame, sent: false, resolve, reject, timer };
    this.entries.set(id, entry);
    return entry;
  }

  /** Those not yet handed to a socket (made while disconnected). */
  unsent(): PendingRequest[] {
    return [...this.entries.values()].filter((e) => !e.sent);
  }

  resolve(id: string, payload: unknown): void {
    this.take(id)?.resolve(payload);
  }

  reject(id: string, error: GatewayError): void {
    this.take(id)?.reject(error);
  }

  /** The link dropped: what reached the wire fails (it is never resent); the rest keeps waiting. */
  failSent(error: GatewayError): void {
    for (const entry of [...this.entries.values()]) if (entry.sent) this.reject(entry.id, error);
  }

  failAll(error: GatewayError): void {
    for (const id of [...this.entries.keys()]) this.reject(id, error);
  }

  private take(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }
}
