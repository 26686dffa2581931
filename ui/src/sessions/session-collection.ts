import type { GatewayClient } from '../gateway/client.js';
import { listSessions } from '../gateway/commands.js';
import { errorMessage } from '../gateway/errors.js';
import type { SessionEntry, SessionsChangedEvent } from '../gateway/protocol.js';
import { byDefaultOrder, placeEntry, removeEntry } from './session-order.js';

/** Called after every change: `change` is the event just applied, null after a fetch. */
export type CollectionListener = (change: SessionsChangedEvent | null) => void;

export interface SessionCollectionOptions {
  pageSize?: number;
  /** Delay before a re-fetch caused by an event that cannot be applied locally. */
  refreshDelayMs?: number;
}

type FetchKind = 'replace' | 'append' | 'refresh';

/** Reasons that take a session out of the list in use, and those that bring one (back) into it. */
const LEAVING: ReadonlySet<SessionsChangedEvent['reason']> = new Set([
  'deleted',
  'archived',
  'purged',
]);
const ARRIVING: ReadonlySet<SessionsChangedEvent['reason']> = new Set([
  'created',
  'unarchived',
  'restored',
]);

/**
 * The live list of sessions, most recently updated first, that the switcher and the chat header
 * share (the shape of home-assistant-js-websocket's collections): fetched once however many
 * subscribe, kept current by `sessions.changed` (created, patched, reset, unarchived and restored apply in
 * place, re-sorted; deleted, archived and purged take the session out), re-fetched after a reconnect or a gap in events. The first subscriber starts
 * it; when the last one leaves it stops listening and forgets, and the next one loads it afresh.
 *
 * It holds the newest `pageSize` sessions and grows by `loadMore`, so a store of 10,000 sessions
 * costs one page; `complete` says when it holds every session.
 */
export class SessionCollection {
  entries: SessionEntry[] = [];
  total = 0;
  loaded = false;
  loading = false;
  loadingMore = false;
  error: string | null = null;

  private readonly pageSize: number;
  private readonly refreshDelayMs: number;
  private readonly listeners = new Set<CollectionListener>();
  private unsubscribe: (() => void)[] = [];
  private nextCursor: string | undefined;
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: GatewayClient,
    options: SessionCollectionOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 50;
    this.refreshDelayMs = options.refreshDelayMs ?? 300;
  }

  get hasMore(): boolean {
    return this.nextCursor !== undefined;
  }

  /** Every session on the gateway is in `entries`. */
  get complete(): boolean {
    return this.loaded && !this.hasMore;
  }

  get(key: string): SessionEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  subscribe(listener: CollectionListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  /** The next page of older sessions. */
  loadMore(): void {
    if (!this.nextCursor || this.loading || this.loadingMore) return;
    void this.fetch('append');
  }

  /** Re-read everything loaded so far, in one request where possible, keeping what is shown. */
  refresh(): void {
    void this.fetch(this.loaded ? 'refresh' : 'replace');
  }

  private start(): void {
    this.unsubscribe = [
      this.client.on('sessions.changed', (ev) => this.onChanged(ev)),
      this.client.onResync(({ reconnect }) => {
        if (reconnect) this.refresh();
      }),
    ];
    this.refresh();
  }

  /** Nobody is listening: what it holds would go stale unseen, so it is dropped. */
  private stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.clearRefresh();
    this.generation++;
    this.entries = [];
    this.total = 0;
    this.nextCursor = undefined;
    this.loaded = this.loading = this.loadingMore = false;
    this.error = null;
  }

  private async fetch(kind: FetchKind): Promise<void> {
    const generation = kind === 'append' ? this.generation : ++this.generation;
    if (kind !== 'append') this.clearRefresh();
    const limit =
      kind === 'refresh'
        ? Math.min(200, Math.max(this.pageSize, this.entries.length))
        : this.pageSize;
    const cursor = kind === 'append' ? this.nextCursor : undefined;
    this.loading = kind === 'replace';
    this.loadingMore = kind === 'append';
    this.notify(null);
    try {
      const result = await listSessions(this.client, {
        limit,
        sort: 'updated',
        ...(cursor ? { cursor } : {}),
      });
      if (generation !== this.generation) return;
      this.entries = kind === 'append' ? this.appended(result.sessions) : result.sessions;
      this.nextCursor = result.nextCursor;
      this.total = result.total;
      this.error = null;
      this.loaded = true;
    } catch (err) {
      if (generation === this.generation) this.error = errorMessage(err);
    } finally {
      if (generation === this.generation) this.loading = this.loadingMore = false;
      this.notify(null);
    }
  }

  private appended(page: SessionEntry[]): SessionEntry[] {
    const seen = new Set(this.entries.map((e) => e.key));
    return [...this.entries, ...page.filter((e) => !seen.has(e.key))];
  }

  private onChanged(ev: SessionsChangedEvent): void {
    if (this.loaded) {
      const entry = ev.entry;
      if (LEAVING.has(ev.reason) || (entry && (entry.archived || entry.trashed))) {
        // Archived or in the trash: no longer in use, so out of the switcher and the sidebar.
        this.entries = removeEntry(this.entries, ev.key) ?? this.entries;
        if (LEAVING.has(ev.reason)) this.total = Math.max(0, this.total - 1);
      } else if (entry) {
        this.place(entry);
        if (ARRIVING.has(ev.reason)) this.total++;
      } else {
        this.scheduleRefresh(); // nothing to apply: only a re-fetch can tell
      }
    }
    this.notify(ev);
  }

  /** Puts an entry where the order says, unless that is past the last loaded one. */
  private place(entry: SessionEntry): void {
    const last = this.entries.at(-1);
    const known = this.get(entry.key) !== undefined;
    if (!known && this.hasMore && last && byDefaultOrder(entry, last) > 0) return;
    this.entries = placeEntry(this.entries, entry, byDefaultOrder);
  }

  private notify(change: SessionsChangedEvent | null): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, this.refreshDelayMs);
  }

  private clearRefresh(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }
}

const collections = new WeakMap<GatewayClient, SessionCollection>();

/** The one collection of a client, made on first use. */
export function sessionCollection(client: GatewayClient): SessionCollection {
  let collection = collections.get(client);
  if (!collection) {
    collection = new SessionCollection(client);
    collections.set(client, collection);
  }
  return collection;
}
