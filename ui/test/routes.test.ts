import { describe, expect, it } from 'vitest';
import { RouterController } from '../src/router/router.js';
import {
  chatUrl,
  filterParams,
  matchesFilter,
  parseLocation,
  routeUrl,
  sessionsUrl,
} from '../src/router/routes.js';
import { adoptToken, TOKEN_STORAGE_KEY } from '../src/gateway/token.js';
import { FakeBrowser, FakeHost } from './fake-host.js';

describe('parseLocation', () => {
  it('sends / to /chat on main', () => {
    expect(parseLocation('/', '')).toEqual({
      route: { name: 'chat', session: 'main' },
      canonical: '/chat',
    });
  });
  it('reads the session from the query, defaulting to main', () => {
    expect(parseLocation('/chat', '?session=work').route).toEqual({
      name: 'chat',
      session: 'work',
    });
    expect(parseLocation('/chat/', '').route).toEqual({ name: 'chat', session: 'main' });
    expect(parseLocation('/chat', '?session=').route).toEqual({ name: 'chat', session: 'main' });
  });
  it('reads a message to show (msg=<seq>, and its earlier conversation), ignoring bad ones', () => {
    expect(parseLocation('/chat', '?session=work&msg=42').route).toEqual({
      name: 'chat',
      session: 'work',
      target: { seq: 42 },
    });
    expect(parseLocation('/chat', '?session=work&msg=7&conversation=sid-0').route).toEqual({
      name: 'chat',
      session: 'work',
      target: { seq: 7, conversation: 'sid-0' },
    });
    for (const bad of ['0', '-3', '1.5', 'x', ''])
      expect(parseLocation('/chat', `?session=work&msg=${bad}`).route).toEqual({
        name: 'chat',
        session: 'work',
      });
    expect(chatUrl('work', { seq: 7, conversation: 'sid-0' })).toBe(
      '/chat?session=work&msg=7&conversation=sid-0',
    );
    expect(routeUrl({ name: 'chat', session: 'work', target: { seq: 42 } })).toBe(
      '/chat?session=work&msg=42',
    );
  });
  it('reads the sessions view filter and search, ignoring unknown filters', () => {
    expect(parseLocation('/sessions', '?filter=persistent&q=pro').route).toEqual({
      name: 'sessions',
      filter: 'persistent',
      search: 'pro',
      page: 1,
    });
    expect(parseLocation('/sessions', '?filter=bogus').route).toEqual({
      name: 'sessions',
      filter: 'all',
      search: '',
      page: 1,
    });
  });
  it('reads the sessions page, 1 for anything but a whole number above 1', () => {
    const page = (search: string) => {
      const route = parseLocation('/sessions', search).route;
      return route.name === 'sessions' ? route.page : null;
    };
    expect(page('?page=7')).toBe(7);
    for (const bad of ['', '?page=0', '?page=-3', '?page=2.5', '?page=x', '?page=1e400'])
      expect(page(bad)).toBe(1);
    expect(sessionsUrl('persistent', 'pro', 3)).toBe('/sessions?filter=persistent&q=pro&page=3');
    expect(sessionsUrl('all', '', 1)).toBe('/sessions');
  });
  it('reports unknown paths', () => {
    expect(parseLocation('/nope', '').route).toEqual({ name: 'not-found', path: '/nope' });
  });
  it('round-trips through routeUrl', () => {
    for (const url of [
      chatUrl('project-x'),
      sessionsUrl('temporary', 'a b'),
      sessionsUrl('all', '', 4),
      sessionsUrl(),
    ]) {
      const u = new URL(url, 'http://x');
      expect(routeUrl(parseLocation(u.pathname, u.search).route)).toBe(url);
    }
  });
  it('encodes odd session keys safely', () => {
    expect(chatUrl('a&b=c')).toBe('/chat?session=a%26b%3Dc');
  });
  it('maps filters to the sessions.list params', () => {
    expect(filterParams('all')).toEqual({});
    expect(filterParams('persistent')).toEqual({ persistent: true });
    expect(filterParams('temporary')).toEqual({ persistent: false });
    expect(filterParams('archived')).toEqual({ archived: true });
    expect(filterParams('trash')).toEqual({ trashed: true });
  });
  it('keeps the Archived and Trash filters in the URL', () => {
    expect(sessionsUrl('trash')).toBe('/sessions?filter=trash');
    expect(parseLocation('/sessions', '?filter=archived').route).toMatchObject({
      filter: 'archived',
    });
    expect(parseLocation('/sessions', '?filter=trash').route).toMatchObject({ filter: 'trash' });
  });
  it('matches entries to filters as the gateway lists them', () => {
    const inUse = { persistent: true, archived: false, trashed: false };
    const archived = { ...inUse, archived: true };
    const trashed = { ...archived, trashed: true };
    expect(matchesFilter('all', inUse)).toBe(true);
    expect(matchesFilter('temporary', inUse)).toBe(false);
    expect(matchesFilter('all', archived)).toBe(false);
    expect(matchesFilter('archived', archived)).toBe(true);
    expect(matchesFilter('archived', trashed)).toBe(false);
    expect(matchesFilter('trash', trashed)).toBe(true);
    expect(matchesFilter('trash', inUse)).toBe(false);
  });
});

describe('RouterController', () => {
  it('canonicalises / on load without adding history', () => {
    const browser = new FakeBrowser('/');
    const router = new RouterController(new FakeHost(), browser);
    expect(router.route).toEqual({ name: 'chat', session: 'main' });
    expect(browser.url).toBe('/chat');
    expect(browser.length).toBe(1);
  });

  it('pushes history on navigate and follows back/forward', () => {
    const browser = new FakeBrowser('/chat?session=main');
    const host = new FakeHost();
    const router = new RouterController(host, browser);
    host.connect();
    router.navigate(chatUrl('work'));
    expect(router.route).toEqual({ name: 'chat', session: 'work' });
    expect(browser.length).toBe(2);
    browser.back();
    expect(router.route).toEqual({ name: 'chat', session: 'main' });
    browser.forward();
    expect(router.route).toEqual({ name: 'chat', session: 'work' });
    expect(host.updates).toBe(3);
  });

  it('keeps the session across a reload (a new router on the same URL)', () => {
    const browser = new FakeBrowser('/chat?session=work');
    expect(new RouterController(new FakeHost(), browser).route).toEqual({
      name: 'chat',
      session: 'work',
    });
  });

  it('replaces instead of pushing when asked, and ignores same-URL pushes', () => {
    const browser = new FakeBrowser('/chat?session=gone');
    const router = new RouterController(new FakeHost(), browser);
    router.navigate(chatUrl('main'), { replace: true });
    expect(browser.length).toBe(1);
    router.navigate(chatUrl('main'));
    expect(browser.length).toBe(1);
  });

  it('stops listening to popstate when the host disconnects', () => {
    const browser = new FakeBrowser('/chat');
    const host = new FakeHost();
    const router = new RouterController(host, browser);
    host.connect();
    router.navigate('/sessions');
    host.disconnect();
    browser.back();
    expect(router.route.name).toBe('sessions');
  });
});

describe('adoptToken', () => {
  function env(url: string) {
    const browser = new FakeBrowser(url);
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    return {
      browser,
      store,
      env: { location: browser.location, history: browser.history, storage },
    };
  }

  it('moves #token= into storage and strips it from the URL', () => {
    const { browser, store, env: e } = env('/chat?session=work#token=abc123');
    expect(adoptToken(e)).toBe('abc123');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(browser.url).toBe('/chat?session=work');
  });

  it('keeps other fragment parts', () => {
    const { browser, env: e } = env('/#token=t&x=1');
    adoptToken(e);
    expect(browser.url).toBe('/#x=1');
  });

  it('falls back to the stored token and leaves the URL alone', () => {
    const { browser, store, env: e } = env('/sessions');
    store.set(TOKEN_STORAGE_KEY, 'saved');
    expect(adoptToken(e)).toBe('saved');
    expect(browser.url).toBe('/sessions');
  });

  it('returns null when there is no token anywhere', () => {
    expect(adoptToken(env('/').env)).toBeNull();
  });
});
