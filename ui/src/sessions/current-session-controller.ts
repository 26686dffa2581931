import type { ReactiveControllerHost } from 'lit';
import { getSession, resolveSession } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage, isGatewayError } from '../gateway/errors.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import type { SessionEntry, SessionsChangedEvent } from '../gateway/protocol.js';
import { chatUrl, MAIN_SESSION } from '../router/routes.js';

export type CurrentSessionStatus = 'loading' | 'ready' | 'missing' | 'error';

export interface CurrentSessionCallbacks {
  /** Change the URL; `replace` when the old one should not stay in history. */
  navigate(url: string, replace: boolean): void;
  /** The session on screen was deleted (elsewhere or here). */
  deleted(key: string, label: string): void;
}

/**
 * The session named by the URL: its entry, kept live from `sessions.changed`. A key that is not
 * a session is tried as a name through `sessions.resolve` before it is reported missing.
 */
export class CurrentSessionController extends GatewayController {
  key = '';
  entry: SessionEntry | null = null;
  status: CurrentSessionStatus = 'loading';
  error: string | null = null;
  private generation = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: CurrentSessionCallbacks,
  ) {
    super(host);
  }

  setKey(key: string): void {
    if (key === this.key) return;
    this.key = key;
    this.entry = null;
    this.status = 'loading';
    void this.load();
  }

  /** Go to another session; pushes history so Back returns here. */
  switchSession(key: string): void {
    if (key !== this.key) this.callbacks.navigate(chatUrl(key), false);
  }

  /** Leave a deleted or unknown session for `main`, without keeping it in history. */
  fallBackToMain(): void {
    this.callbacks.navigate(chatUrl(MAIN_SESSION), true);
  }

  protected subscribe(client: GatewayClient): (() => void)[] {
    return [client.on('sessions.changed', (ev) => this.onChanged(ev))];
  }

  protected resync(): void {
    void this.load(true);
  }

  protected override onAttach(): void {
    if (this.key) void this.load();
  }

  private async load(quiet = false): Promise<void> {
    const client = this.client;
    if (!client || !this.key) return;
    const generation = ++this.generation;
    const key = this.key;
    if (!quiet) {
      this.status = 'loading';
      this.host.requestUpdate();
    }
    try {
      const { entry } = await getSession(client, key);
      if (generation !== this.generation) return;
      this.entry = entry;
      this.status = 'ready';
      this.error = null;
    } catch (err) {
      if (generation !== this.generation) return;
      if (isGatewayError(err, 'NOT_FOUND') || isGatewayError(err, 'INVALID_REQUEST')) {
        await this.tryResolve(client, key, generation);
      } else {
        this.status = 'error';
        this.error = errorMessage(err);
      }
    }
    this.host.requestUpdate();
  }

  private async tryResolve(client: GatewayClient, name: string, generation: number): Promise<void> {
    try {
      const { entry } = await resolveSession(client, name);
      if (generation !== this.generation) return;
      if (entry.key !== name) {
        this.callbacks.navigate(chatUrl(entry.key), true);
        return;
      }
      this.entry = entry;
      this.status = 'ready';
    } catch {
      if (generation !== this.generation) return;
      this.entry = null;
      this.status = 'missing';
    }
  }

  private onChanged(ev: SessionsChangedEvent): void {
    if (ev.key !== this.key) return;
    if (ev.reason === 'deleted') {
      const label = this.entry?.label ?? ev.key;
      this.entry = null;
      this.status = 'missing';
      this.host.requestUpdate();
      this.callbacks.deleted(ev.key, label);
      return;
    }
    if (ev.entry) {
      this.entry = ev.entry;
      this.status = 'ready';
      this.host.requestUpdate();
    }
  }
}
