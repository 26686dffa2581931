/** The URL is the source of truth for what is on screen; these are its pure parts. */
import { rangeQuery, readRange, type DateRange } from '../insights/date-range.js';

export type SessionFilter = 'all' | 'persistent' | 'temporary' | 'archived' | 'trash';

export type Route =
  | { name: 'chat'; session: string; target?: MessageTarget }
  | { name: 'sessions'; filter: SessionFilter; search: string; page: number; tag?: string }
  | { name: 'templates' }
  | { name: 'insights'; range: DateRange }
  | { name: 'not-found'; path: string };

export const MAIN_SESSION = 'main';

/**
 * A message to show in the chat view (`msg=<seq>`, from a search hit); `conversation` is the
 * sessionId of the earlier conversation it is in (seqs count per conversation), absent for the
 * current one.
 */
export interface MessageTarget {
  seq: number;
  conversation?: string;
}

function readTarget(query: URLSearchParams): MessageTarget | undefined {
  const raw = query.get('msg');
  const seq = Number(raw);
  if (!raw || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  const conversation = (query.get('conversation') ?? '').trim();
  return conversation ? { seq, conversation } : { seq };
}

export interface ParsedLocation {
  route: Route;
  /** Set when the address bar should be rewritten (with replaceState) to this URL. */
  canonical?: string;
}

const FILTERS: readonly SessionFilter[] = ['all', 'persistent', 'temporary', 'archived', 'trash'];

export function parseLocation(pathname: string, search: string): ParsedLocation {
  const path = pathname.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(search);
  switch (path) {
    case '/':
    case '/index.html':
      return { route: { name: 'chat', session: MAIN_SESSION }, canonical: '/chat' };
    case '/chat': {
      const session = (query.get('session') ?? '').trim();
      const target = readTarget(query);
      return {
        route: { name: 'chat', session: session || MAIN_SESSION, ...(target ? { target } : {}) },
      };
    }
    case '/sessions': {
      const raw = query.get('filter') ?? 'all';
      const filter = (FILTERS as readonly string[]).includes(raw) ? (raw as SessionFilter) : 'all';
      const page = Number(query.get('page') ?? '1');
      return {
        route: {
          name: 'sessions',
          filter,
          search: query.get('q') ?? '',
          page: Number.isSafeInteger(page) && page > 1 ? page : 1,
          ...(query.get('tag') ? { tag: query.get('tag') ?? '' } : {}),
        },
      };
    }
    case '/templates':
      return { route: { name: 'templates' } };
    case '/insights':
      return { route: { name: 'insights', range: readRange(query) } };
    default:
      return { route: { name: 'not-found', path: pathname } };
  }
}

/** `/chat` on `session`, at a message when `target` is given. */
export function chatUrl(session: string, target?: MessageTarget): string {
  const query = new URLSearchParams({ session });
  if (target) query.set('msg', String(target.seq));
  if (target?.conversation) query.set('conversation', target.conversation);
  return `/chat?${query.toString()}`;
}

/** `/sessions` with its filter, search, page (1-based) and tag in the query; defaults are left out. */
export function sessionsUrl(
  filter: SessionFilter = 'all',
  search = '',
  page = 1,
  tag = '',
): string {
  const query = new URLSearchParams();
  if (filter !== 'all') query.set('filter', filter);
  if (search) query.set('q', search);
  if (tag) query.set('tag', tag);
  if (page > 1) query.set('page', String(page));
  const qs = query.toString();
  return qs ? `/sessions?${qs}` : '/sessions';
}

/** `/insights` with its date range (`from`, `to`) in the query. */
export function insightsUrl(range: DateRange = {}): string {
  const qs = rangeQuery(range).toString();
  return qs ? `/insights?${qs}` : '/insights';
}

export function routeUrl(route: Route): string {
  switch (route.name) {
    case 'chat':
      return chatUrl(route.session, route.target);
    case 'sessions':
      return sessionsUrl(route.filter, route.search, route.page, route.tag);
    case 'templates':
      return '/templates';
    case 'insights':
      return insightsUrl(route.range);
    case 'not-found':
      return route.path;
  }
}

/** The `sessions.list` parameters of a filter: sessions in use (all, persistent, temporary), archived, or the trash. */
export function filterParams(filter: SessionFilter): {
  persistent?: boolean;
  archived?: boolean;
  trashed?: boolean;
} {
  switch (filter) {
    case 'all':
      return {};
    case 'persistent':
    case 'temporary':
      return { persistent: filter === 'persistent' };
    case 'archived':
      return { archived: true };
    case 'trash':
      return { trashed: true };
  }
}

/** Whether `entry` belongs on the list of `filter` (as `sessions.list` with `filterParams` decides). */
export function matchesFilter(
  filter: SessionFilter,
  entry: { persistent: boolean; archived: boolean; trashed: boolean },
): boolean {
  if (filter === 'trash') return entry.trashed;
  if (entry.trashed) return false;
  if (filter === 'archived') return entry.archived;
  if (entry.archived) return false;
  return filter === 'all' || entry.persistent === (filter === 'persistent');
}

export function sameRoute(a: Route, b: Route): boolean {
  return routeUrl(a) === routeUrl(b);
}
