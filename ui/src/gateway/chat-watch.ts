/**
 * Which sessions' `chat` events this connection asks the gateway for: the sessions some view shows
 * (counted, so two views of one session need both to stop). The set goes out with `connect` and, when
 * it changes while connected, as `events.subscribe`, one request at a time (the gateway runs requests
 * concurrently, so two in flight could land in the wrong order); a change made meanwhile is sent once
 * the request in flight has answered.
 */
export class ChatWatch {
  private readonly counts = new Map<string, number>();
  /** The set the gateway has (or will have once the request in flight lands), as a sorted key list. */
  private applied = '';
  private inFlight = false;
  private queued = false;

  constructor(
    private readonly subscribe: (chat: string[]) => Promise<unknown>,
    private readonly isConnected: () => boolean,
  ) {}

  /** Watch `key`; returns the function that stops (safe to call twice). */
  watch(key: string): () => void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.changed();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
      this.changed();
    };
  }

  /** The watched keys, sorted: what `connect` carries. */
  keys(): string[] {
    return [...this.counts.keys()].sort();
  }

  /** A connect carrying `keys()` succeeded: that is what the gateway has now. */
  connected(sent: string[]): void {
    this.applied = sent.join('\n');
    this.inFlight = false;
    this.changed();
  }

  private changed(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const keys = this.keys();
    const wanted = keys.join('\n');
    if (this.inFlight || !this.isConnected() || wanted === this.applied) return;
    this.inFlight = true;
    try {
      await this.subscribe(keys);
      this.applied = wanted;
    } catch {
      // Disconnected or refused: the next connect carries the set again.
    } finally {
      this.inFlight = false;
    }
    if (this.keys().join('\n') !== this.applied) this.changed();
  }
}
