import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GatewayClient } from './client.js';

/**
 * Base for per-feature controllers: gets the client through `attach` (from a context consumer in
 * the element, or directly in tests), keeps event subscriptions only while the host is connected,
 * and re-fetches on resync (reconnect or missed events).
 */
export abstract class GatewayController implements ReactiveController {
  protected client: GatewayClient | null = null;
  private unsubscribe: (() => void)[] = [];
  private connected = false;

  constructor(protected readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  attach(client: GatewayClient): void {
    if (this.client === client) return;
    this.teardown();
    this.client = client;
    if (this.connected) this.setup();
    this.onAttach();
  }

  hostConnected(): void {
    this.connected = true;
    if (this.client && this.unsubscribe.length === 0) this.setup();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.teardown();
  }

  /** Event subscriptions; each returns its unsubscribe function. */
  protected abstract subscribe(client: GatewayClient): (() => void)[];
  /** Re-fetch after reconnect or a gap in events. */
  protected abstract resync(): void;
  /** First fetch once a client is available. */
  protected onAttach(): void {}

  private setup(): void {
    if (!this.client) return;
    this.unsubscribe = [
      ...this.subscribe(this.client),
      this.client.onResync(({ reconnect }) => {
        if (reconnect) this.resync();
      }),
    ];
  }

  private teardown(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
