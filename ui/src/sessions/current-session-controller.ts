import type { ReactiveControllerHost } from 'lit';
import type { GatewayClient } from '../gateway/client.js';
import { getSession, resolveSession } from '../gateway/commands.js';
import { errorMessage, isGatewayError } from '../gateway/errors.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import type { SessionEntry, SessionsChangedEvent } from '../gateway/protocol.js';
import { chatUrl, MAIN_SESSION } from '../router/routes.js';
import { sessionCollection, type SessionCollection } from './session-collection.js';

export type CurrentSessionStatus = 'loading' | 'ready' | 'missing' | 'error';

export interface CurrentSessionCallbacks {
  /** Change the URL; `replace` when the old one should not stay in history. */
  navigate(url: string, replace: boolean): void;
  /** The session on screen was deleted (elsewhere or here). */
  deleted(key: string, label: string): void;
}

/**
 * The session named by the URL, read from the shared session collection. Only a session beyond
 * the collection's loaded pages costs a `sessions.get` (its entry then follows the same events);
 * a key that is not a session is tried as a name through `sessions.resolve` before it is
 * reported missing.
 */
export class CurrentSessionController extends GatewayController {
  key = '';
  entry: SessionEntry | null = null;
  status: CurrentSessionStatus = 'loading';
  error: string | null = null;
  /** The entry was fetched because the collection does not hold it. */
  private fetched = false;
  private lookingUp = false;
  /** After a reconnect: a missing or failed session deserves another look. */
  private stale = false;
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
    this.error = null;
    this.cancelLookUp();
    this.evaluate();
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
    return [sessionCollection(client).subscribe((change) => this.onCollection(change))];
  }

  protected resync(): void {
    // The collection re-fetches itself; what it does not hold is looked up again.
    this.cancelLookUp();
    this.stale = true;
    this.evaluate();
  }

  protected override onAttach(): void {
    this.evaluate();
  }

  private get collection(): SessionCollection | null {
    return this.client ? sessionCollection(this.client) : null;
  }

  private onCollection(change: SessionsChangedEvent | null): void {
    if (change?.key === this.key && change.reason === 'deleted') this.onDeleted(change.key);
    else if (change?.key === this.key && change.entry) this.show(change.entry);
    else this.evaluate();
  }

  /** Decides from the collection, or starts a look-up when it cannot. */
  private evaluate(): void {
    const collection = this.collection;
    if (!collection || !this.key || !(collection.loaded || collection.error)) return;
    const entry = collection.get(this.key);
    if (entry) {
      this.show(entry);
      return;
    }
    if (this.lookingUp || this.fetched) return;
    if ((this.status === 'missing' || this.status === 'error') && !this.stale) return;
    void this.lookUp(collection.complete);
  }

  private show(entry: SessionEntry): void {
    this.cancelLookUp();
    this.entry = entry;
    this.fetched = this.collection?.get(entry.key) === undefined;
    this.status = 'ready';
    this.error = null;
    this.host.requestUpdate();
  }

  /** `sessions.get` (skipped when the collection holds every session), then the name. */
  private async lookUp(complete: boolean): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { key, generation } = this;
    this.lookingUp = true;
    this.stale = false;
    try {
      if (complete) await this.tryResolve(client, key, generation);
      else this.settle(generation, (await getSession(client, key)).entry);
    } catch (err) {
      if (generation !== this.generation) return;
      if (isGatewayError(err, 'NOT_FOUND') || isGatewayError(err, 'INVALID_REQUEST')) {
        await this.tryResolve(client, key, generation);
      } else {
        this.status = 'error';
        this.error = errorMessage(err);
      }
    } finally {
      if (generation === this.generation) this.lookingUp = false;
      this.host.requestUpdate();
    }
  }

  private async tryResolve(client: GatewayClient, name: string, generation: number): Promise<void> {
    try {
      const { entry } = await resolveSession(client, name);
      if (generation !== this.generation) return;
      if (entry.key !== name) this.redirect(entry.key);
      else this.settle(generation, entry);
    } catch {
      if (generation !== this.generation) return;
      this.entry = null;
      this.status = 'missing';
    }
  }

  private settle(generation: number, entry: SessionEntry): void {
    if (generation !== this.generation) return;
    this.entry = entry;
    this.fetched = true;
    this.status = 'ready';
    this.error = null;
  }

  /** A name in the URL: go to its key. Nothing more to look up until the new key arrives. */
  private redirect(key: string): void {
    this.generation++;
    this.lookingUp = true;
    this.callbacks.navigate(chatUrl(key), true);
  }

  private onDeleted(key: string): void {
    const label = this.entry?.label ?? key;
    this.cancelLookUp();
    this.entry = null;
    this.status = 'missing';
    this.host.requestUpdate();
    this.callbacks.deleted(key, label);
  }

  private cancelLookUp(): void {
    this.generation++;
    this.lookingUp = false;
    this.fetched = false;
  }
}
