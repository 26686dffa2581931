import type { ReactiveControllerHost } from 'lit';
import { listSessions } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import type {
  ListSessionsParams,
  ListSessionsResult,
  SessionEntry,
  SessionSort,
  SessionsChangedEvent,
} from '../gateway/protocol.js';
import { filterParams, matchesFilter, type SessionFilter } from '../router/routes.js';
import { removeEntry, replaceEntry } from './session-order.js';
import { freshCursors, walkToPage, type PageCursors } from './session-pages.js';

export interface SessionQuery {
  filter: SessionFilter;
  search: string;
  sort: SessionSort;
  /** Only sessions with this tag ('' for any). */
  tag: string;
}

export interface SessionListOptions {
  /** `pages`: numbered pages over keyset cursors (sessions view). `append`: load more (dropdown). */
  mode: 'pages' | 'append';
  pageSize?: number;
  query?: Partial<SessionQuery>;
  /** Delay before a re-fetch triggered by events that cannot be applied locally. */
  refreshDelayMs?: number;
}

/**
 * One query of `sessions.list` (the table's filtered, searched page; the switcher's search
 * results), kept live from `sessions.changed`: patches, resets and deletions of the entries it
 * shows apply in place; a creation, or a change to a session it does not show, causes one
 * (debounced) re-fetch of what is on screen. The unfiltered list lives in `SessionCollection`.
 */
export class SessionListController extends GatewayController {
  entries: SessionEntry[] = [];
  total = 0;
  loading = false;
  loadingMore = false;
  loaded = false;
  error: string | null = null;
  query: SessionQuery;
  /** How many days the trash keeps a session (from the last list; 0: until purged by hand). */
  trashDays: number | undefined;

  readonly mode: SessionListOptions['mode'];
  readonly pageSize: number;
  /** Cursor of each page learnt so far; `cursors.get(pageIndex)` fetched the current page. */
  private cursors: PageCursors = freshCursors();
  /** The page shown (0-based), and the one asked for (shown once loaded). */
  private pageIndex = 0;
  private wantedIndex = 0;
  private nextCursor: string | undefined;
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly refreshDelayMs: number;
  private active = false;

  constructor(host: ReactiveControllerHost, options: SessionListOptions) {
    super(host);
    this.mode = options.mode;
    this.pageSize = options.pageSize ?? 50;
    this.refreshDelayMs = options.refreshDelayMs ?? 300;
    this.query = { filter: 'all', search: '', sort: 'updated', tag: '', ...options.query };
  }

  get hasNext(): boolean {
    return this.nextCursor !== undefined;
  }
  get hasPrevious(): boolean {
    return this.pageIndex > 0;
  }
  /** Position of the first row on this page (0-based), for "51–100 of 10,000". */
  get offset(): number {
    return this.pageIndex * this.pageSize;
  }
  /** The page shown, 1-based. */
  get page(): number {
    return this.pageIndex + 1;
  }
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / this.pageSize));
  }

  /** Start (or restart) loading; lists that are not shown (closed dropdown) stay idle. */
  activate(): void {
    this.active = true;
    this.reload();
  }

  deactivate(): void {
    this.active = false;
  }

  /** Shows `query`, on page `page` (1-based) in `pages` mode; the first page otherwise. */
  setQuery(query: Partial<SessionQuery>, page = 1): void {
    const next = { ...this.query, ...query };
    const same =
      next.filter === this.query.filter &&
      next.search === this.query.search &&
      next.sort === this.query.sort &&
      next.tag === this.query.tag;
    const index = this.mode === 'pages' ? Math.max(0, page - 1) : 0;
    // Already shown, or on its way (the first render sets the query it loads).
    if (same && index === this.wantedIndex && (this.loaded || this.loading)) return;
    this.query = next;
    this.wantedIndex = index;
    if (same) void this.fetchPage(index);
    else this.reload();
  }

  /** The page asked for of the current query, learning its cursors afresh. */
  reload(): void {
    this.cursors = freshCursors();
    void this.fetchPage(this.wantedIndex);
  }

  next(): void {
    if (this.nextCursor && !this.loading) this.goTo(this.page + 1);
  }

  previous(): void {
    if (this.pageIndex > 0 && !this.loading) this.goTo(this.page - 1);
  }

  /** Page `page` (1-based): from its known cursor, or walking there from the nearest page before it. */
  goTo(page: number): void {
    this.wantedIndex = Math.max(0, page - 1);
    void this.fetchPage(this.wantedIndex);
  }

  loadMore(): void {
    if (this.mode !== 'append' || !this.nextCursor || this.loading || this.loadingMore) return;
    void this.fetch('append');
  }

  /** Re-fetch what is on screen without resetting position or showing a skeleton. */
  refresh(): void {
    void this.fetch('refresh');
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.clearRefresh();
  }

  protected subscribe(client: GatewayClient): (() => void)[] {
    // A finished run is announced as `patched` with the new counts: applied in place like any patch.
    return [client.on('sessions.changed', (ev) => this.onChanged(ev))];
  }

  protected resync(): void {
    if (this.active) this.refresh();
  }

  protected override onAttach(): void {
    if (this.active) this.reload();
  }

  private params(cursor: string | undefined, limit: number): ListSessionsParams {
    const params: ListSessionsParams = {
      limit,
      sort: this.query.sort,
      ...filterParams(this.query.filter),
    };
    const search = this.query.search.trim();
    if (search) params.search = search;
    if (this.query.tag) params.tags = [this.query.tag];
    if (cursor) params.cursor = cursor;
    return params;
  }

  /** Page `index` (0-based) in `pages` mode (clamped to the last page); the first in `append` mode. */
  private async fetchPage(index: number): Promise<void> {
    const client = this.client;
    if (this.mode === 'append' || index === 0 || !client || !this.active) {
      this.pageIndex = 0;
      return this.fetch('replace');
    }
    const generation = ++this.generation;
    this.clearRefresh();
    this.loading = true;
    this.host.requestUpdate();
    const current = () => generation === this.generation;
    try {
      const list = (cursor: string | undefined, limit: number) =>
        listSessions(client, this.params(cursor, limit));
      const start = await walkToPage(list, this.cursors, index, this.pageSize, current);
      if (!start || !current()) return;
      const result = await list(start.cursor, this.pageSize);
      if (!current()) return;
      this.pageIndex = this.wantedIndex = start.index;
      this.apply('replace', result);
    } catch (err) {
      if (current()) this.error = errorMessage(err);
    } finally {
      if (current()) this.loading = false;
      this.host.requestUpdate();
    }
  }

  private async fetch(kind: 'replace' | 'append' | 'refresh'): Promise<void> {
    const client = this.client;
    if (!client || !this.active) return;
    const generation = kind === 'append' ? this.generation : ++this.generation;
    if (kind !== 'append') this.clearRefresh(); // this fetch answers whatever the timer waited for
    let cursor = this.cursors.get(this.pageIndex);
    let limit = this.pageSize;
    if (kind === 'append') cursor = this.nextCursor;
    // An append-mode refresh re-reads everything loaded so far, in one request where possible.
    if (kind === 'refresh' && this.mode === 'append')
      limit = Math.min(200, Math.max(this.pageSize, this.entries.length));
    if (kind === 'replace') this.loading = true;
    if (kind === 'append') this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const result = await listSessions(client, this.params(cursor, limit));
      if (generation !== this.generation) return;
      this.apply(kind, result);
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = errorMessage(err);
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.loadingMore = false;
      }
      this.host.requestUpdate();
    }
  }

  private apply(kind: 'replace' | 'append' | 'refresh', result: ListSessionsResult): void {
    if (kind === 'append') {
      const seen = new Set(this.entries.map((e) => e.key));
      this.entries = [...this.entries, ...result.sessions.filter((e) => !seen.has(e.key))];
    } else {
      this.entries = result.sessions;
    }
    this.nextCursor = result.nextCursor;
    if (this.mode === 'pages' && result.nextCursor)
      this.cursors.set(this.pageIndex + 1, result.nextCursor);
    this.total = result.total;
    this.trashDays = result.trashDays;
    this.error = null;
    this.loaded = true;
    // A page emptied by deletions elsewhere: step back rather than show an empty middle page.
    if (this.mode === 'pages' && this.entries.length === 0 && this.pageIndex > 0) {
      this.wantedIndex = this.pageIndex - 1;
      void this.fetchPage(this.wantedIndex);
    }
  }

  private matches(entry: SessionEntry): boolean {
    return (
      matchesFilter(this.query.filter, entry) &&
      (!this.query.tag || entry.tags.includes(this.query.tag))
    );
  }

  private onChanged(ev: SessionsChangedEvent): void {
    if (!this.active || !this.loaded) return;
    const known = this.entries.some((e) => e.key === ev.key);
    const gone = !ev.entry && (ev.reason === 'deleted' || ev.reason === 'purged');
    if (!known || ev.reason === 'created' || (!ev.entry && !gone)) {
      // Not on this page: it may belong here now, or the total moved; only the gateway knows.
      this.scheduleRefresh();
      return;
    }
    if (!gone && ev.entry && this.matches(ev.entry)) {
      // A pin moves the session to the other part of the default order: only the gateway knows where.
      if (this.entries.some((e) => e.key === ev.key && e.pinned !== ev.entry?.pinned))
        this.scheduleRefresh();
      this.entries = replaceEntry(this.entries, ev.entry) ?? this.entries;
    } else {
      this.entries = removeEntry(this.entries, ev.key) ?? this.entries;
      this.total = Math.max(0, this.total - 1);
    }
    this.host.requestUpdate();
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
