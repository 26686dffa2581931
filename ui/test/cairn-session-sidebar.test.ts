// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/sessions/cairn-session-sidebar.js';
import { readSidebar, SIDEBAR_STORAGE_KEY, storeSidebar } from '../src/app/sidebar-preference.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, record, settle, text } from './dom.js';

async function sidebar(nextCursor?: string) {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-session-sidebar', { currentKey: 'notes' }, client);
  socket.reply(socket.last('sessions.list'), {
    sessions: [
      makeEntry('scratch', { label: 'Scratch', persistent: false, updatedAt: 5 }),
      makeEntry('notes', { label: 'Notes', persistent: true, updatedAt: 4 }),
      makeEntry('main', { label: 'Main', persistent: false, updatedAt: 3 }),
      makeEntry('work', { label: 'Work', persistent: true, updatedAt: 2 }),
    ],
    total: 5,
    ...(nextCursor ? { nextCursor } : {}),
  });
  await settle(el);
  return { el, socket };
}

/** Each group's heading and its links' labels. */
const groups = (el: Element) =>
  $$(el, 'ul').map((ul) => [
    text($(el, `#${ul.getAttribute('aria-labelledby') ?? ''}`)),
    ...[...ul.querySelectorAll('.label')].map((l) => text(l)),
  ]);

describe('cairn-session-sidebar', () => {
  it('lists persistent sessions first, then the others, each most recent first', async () => {
    const { el } = await sidebar();
    expect(groups(el)).toEqual([
      ['Persistent', 'Notes', 'Work'],
      ['Recent', 'Scratch', 'Main'],
    ]);
    const current = $$<HTMLAnchorElement>(el, 'a[aria-current="page"]');
    expect(current.map((a) => a.getAttribute('href'))).toEqual(['/chat?session=notes']);
    expect($(el, 'nav').getAttribute('aria-label')).toBe('Sessions sidebar');
  });

  it('follows changes live and loads more on "Show more"', async () => {
    const { el, socket } = await sidebar('c1');
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'scratch',
      entry: makeEntry('scratch', { label: 'Scratch', persistent: true, updatedAt: 5 }),
    });
    await settle(el);
    expect(groups(el)[0]).toEqual(['Persistent', 'Scratch', 'Notes', 'Work']);
    $<HTMLButtonElement>(el, 'button.more').click();
    expect(socket.last('sessions.list').params).toMatchObject({ cursor: 'c1' });
  });

  it('opens a session created from its New session button', async () => {
    const { el, socket } = await sidebar();
    const navigations = record('cairn-navigate');
    $<HTMLButtonElement>(el, '.top button').click();
    await settle(el);
    const dialog = $(el, 'cairn-create-session-dialog');
    $<HTMLInputElement>(dialog, '#label').value = 'Garden';
    $<HTMLFormElement>(dialog, 'form').requestSubmit();
    socket.reply(socket.last('sessions.create'), {
      key: 'garden',
      sessionId: 'sid-garden',
      entry: makeEntry('garden', { label: 'Garden' }),
    });
    await settle(el);
    expect(navigations).toEqual([{ url: '/chat?session=garden' }]);
  });
});

describe('sidebar preference', () => {
  it('is off until turned on, then remembered', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    };
    expect(readSidebar(storage)).toBe(false);
    storeSidebar(storage, true);
    expect(stored.get(SIDEBAR_STORAGE_KEY)).toBe('open');
    expect(readSidebar(storage)).toBe(true);
    storeSidebar(storage, false);
    expect(readSidebar(storage)).toBe(false);
  });

  it('falls back to off when storage refuses', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readSidebar(refusing)).toBe(false);
    expect(() => storeSidebar(refusing, true)).not.toThrow();
  });
});
