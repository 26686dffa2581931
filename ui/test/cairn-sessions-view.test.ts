// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionEntry } from '../src/gateway/protocol.js';
import '../src/sessions/table/cairn-sessions-view.js';
import { connectedClient, makeEntry, type FakeSocket } from './fake-socket.js';
import { $, $$, mount, press, record, settle, text, type } from './dom.js';

const ROWS: SessionEntry[] = [
  makeEntry('work', { label: 'Work', persistent: true, messageCount: 12, rev: 3 }),
  makeEntry('scratch', { label: 'Scratch', persistent: false, messageCount: 2, rev: 7 }),
  makeEntry('main', { label: 'Main', persistent: false }),
];

async function sessionsView(
  page: { nextCursor?: string; total?: number } = {},
  props: { namedSessions?: boolean } = {},
) {
  const { client, socket } = await connectedClient();
  const { el, toasts } = await mount('cairn-sessions-view', props, client);
  socket.reply(socket.last('sessions.list'), { sessions: ROWS, total: page.total ?? 3, ...page });
  await settle(el);
  const table = $(el, 'cairn-sessions-table');
  const rows = () => $$(table, 'tbody tr');
  /** The row of a label in ROWS, found by its key (the label cell turns into a form on Rename). */
  const row = (label: string) => {
    const key = ROWS.find((e) => e.label === label)?.key;
    const found = rows().find((r) => text(r.querySelector('code') ?? r) === key);
    if (!found) throw new Error(`no row ${label}`);
    return found;
  };
  const button = (name: string) => $<HTMLButtonElement>(table, `button[aria-label="${name}"]`);
  const refresh = () => settle(el).then(() => settle(table));
  return { el, socket, table, rows, row, button, toasts, refresh };
}

const requests = (socket: FakeSocket, method: string) =>
  socket.sent.filter((r) => r.method === method);

/** The confirmation dialog's own shadow root. */
function confirmDialog(el: Element) {
  const dialog = $(el, 'cairn-confirm-dialog');
  return {
    open: () => $<HTMLDialogElement>(dialog, 'dialog').open,
    heading: () => text($(dialog, 'h2')),
    confirm: () => $<HTMLButtonElement>(dialog, 'button[type="submit"]').click(),
  };
}

afterEach(() => vi.useRealTimers());

describe('cairn-sessions-view', () => {
  it('shows one row per session, most recent first, with its columns', async () => {
    const { el, socket, rows, row } = await sessionsView();
    expect(requests(socket, 'sessions.list').map((r) => r.params)).toEqual([
      { limit: 50, sort: 'updated' },
    ]);
    expect(text($(el, 'h1'))).toBe('Sessions 3');
    expect(rows()).toHaveLength(3);
    const cells = [...row('Work').querySelectorAll('td')].map(text);
    expect(cells.slice(0, 5)).toEqual(['Work', 'work', '', '', '12']);
    expect(row('Work').querySelector('a')?.getAttribute('href')).toBe('/chat?session=work');
    const toggle = row('Work').querySelector<HTMLInputElement>('input[role="switch"]');
    expect(toggle?.checked).toBe(true);
    expect(toggle?.getAttribute('aria-label')).toBe('Persistent: Work');
    expect(row('Scratch').querySelector<HTMLInputElement>('input[role="switch"]')?.checked).toBe(
      false,
    );
  });

  it('shows the persistent badge or Temporary in the Persistent column', async () => {
    const { row } = await sessionsView();
    const badge = (label: string) =>
      text(row(label).querySelector('cairn-persistent-badge')?.shadowRoot ?? row(label));
    expect(badge('Work')).toBe('Persistent');
    expect(badge('Scratch')).toBe('Temporary');
  });

  it('changes the filter through the URL and queries the gateway with it', async () => {
    const { el, socket } = await sessionsView();
    const navigations = record('cairn-navigate');
    const bar = $(el, 'cairn-sessions-filter-bar');
    const persistent = $$<HTMLButtonElement>(bar, '.segmented button').find(
      (b) => text(b) === 'Persistent',
    );
    persistent?.click();
    expect(navigations).toEqual([{ url: '/sessions?filter=persistent' }]);
    el.filter = 'persistent';
    await settle(el);
    expect(socket.last('sessions.list').params).toEqual({
      limit: 50,
      sort: 'updated',
      persistent: true,
    });
    await settle(bar);
    expect(persistent?.getAttribute('aria-pressed')).toBe('true');
  });

  it('puts a search in the URL once typing pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { el } = await sessionsView();
    const navigations = record('cairn-navigate');
    const search = $<HTMLInputElement>($(el, 'cairn-sessions-filter-bar'), 'input[type="search"]');
    type(search, 'wo');
    type(search, 'work ');
    vi.advanceTimersByTime(250);
    expect(navigations).toEqual([{ url: '/sessions?q=work', replace: true }]);
  });

  it('renames in place: Rename opens a field, Save patches the label', async () => {
    const { socket, row, button, toasts, refresh } = await sessionsView();
    button('Rename Scratch').click();
    await refresh();
    const field = row('Scratch').querySelector<HTMLInputElement>('.rename input');
    expect(field?.value).toBe('Scratch');
    if (!field) return;
    type(field, ' Notes ');
    field.form?.requestSubmit();
    expect(socket.last('sessions.patch').params).toEqual({ key: 'scratch', label: 'Notes' });
    socket.reply(socket.last('sessions.patch'), { entry: { ...ROWS[1], label: 'Notes' } });
    await refresh();
    expect(toasts[0]?.message).toBe('Renamed “Scratch” to “Notes”.');
    expect(row('Scratch').querySelector('.rename')).toBeNull();
  });

  it('refuses an empty name without asking the gateway', async () => {
    const { socket, row, button, refresh } = await sessionsView();
    button('Rename Work').click();
    await refresh();
    const field = row('Work').querySelector<HTMLInputElement>('.rename input');
    if (!field) throw new Error('no rename field');
    type(field, '   ');
    field.form?.requestSubmit();
    await refresh();
    expect(requests(socket, 'sessions.patch')).toEqual([]);
    expect(text(row('Work').querySelector('[role="alert"]') ?? row('Work'))).toBe(
      'The name cannot be empty.',
    );
    press(field, 'Escape');
    await refresh();
    expect(row('Work').querySelector('.rename')).toBeNull();
  });

  it('toggles Persistent with the row’s revision', async () => {
    const { socket, row } = await sessionsView();
    const toggle = row('Scratch').querySelector<HTMLInputElement>('input[role="switch"]');
    toggle?.click();
    expect(socket.last('sessions.patch').params).toEqual({
      key: 'scratch',
      persistent: true,
      expectedRev: 7,
    });
  });

  it('resets after confirmation, and never a persistent session', async () => {
    const { el, socket, button, toasts, refresh } = await sessionsView();
    button('Reset Work').click();
    await refresh();
    expect(button('Reset Work').getAttribute('aria-disabled')).toBe('true');
    expect(confirmDialog(el).open()).toBe(false);

    button('Reset Scratch').click();
    await refresh();
    const dialog = confirmDialog(el);
    expect(dialog.open()).toBe(true);
    expect(dialog.heading()).toBe('Reset “Scratch”?');
    dialog.confirm();
    expect(requests(socket, 'sessions.reset').map((r) => r.params)).toEqual([{ key: 'scratch' }]);
    socket.reply(socket.last('sessions.reset'), {
      entry: { ...ROWS[1], messageCount: 0 },
      previousSessionId: 'old',
    });
    await refresh();
    expect(toasts[0]?.message).toBe('Started a fresh transcript in “Scratch”.');

    // The toast's Undo takes the reset back.
    expect(toasts[0]?.action?.label).toBe('Undo');
    toasts[0]?.action?.run();
    expect(socket.last('sessions.undoReset').params).toEqual({ key: 'scratch' });
    socket.reply(socket.last('sessions.undoReset'), { entry: ROWS[1], previousSessionId: 'new' });
    await refresh();
    expect(toasts[1]?.message).toBe('Back to the previous conversation of “Scratch”.');
  });

  it('deletes after confirmation; Main cannot be deleted', async () => {
    const { el, socket, button, rows, refresh } = await sessionsView();
    expect(button('Delete Main').getAttribute('aria-disabled')).toBe('true');
    button('Delete Main').click();
    await refresh();
    expect(confirmDialog(el).open()).toBe(false);

    button('Delete Work').click();
    await refresh();
    expect(confirmDialog(el).heading()).toBe('Delete “Work”?');
    confirmDialog(el).confirm();
    expect(socket.last('sessions.delete').params).toEqual({ key: 'work' });
    socket.reply(socket.last('sessions.delete'), { key: 'work', deleted: true });
    socket.event('sessions.changed', { reason: 'deleted', key: 'work' });
    await refresh();
    expect(rows()).toHaveLength(2);
    expect(text($(el, 'h1'))).toBe('Sessions 2');
  });

  it('follows sessions.changed in place, without a re-fetch', async () => {
    const { socket, row, refresh } = await sessionsView();
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'scratch',
      entry: { ...ROWS[1], persistent: true, messageCount: 4 },
    });
    await refresh();
    expect(text(row('Scratch').querySelectorAll('td')[4] ?? row('Scratch'))).toBe('4');
    expect(row('Scratch').querySelector<HTMLInputElement>('input[role="switch"]')?.checked).toBe(
      true,
    );
    expect(requests(socket, 'sessions.list')).toHaveLength(1);
  });

  it('asks for pages through the URL and shows the page the URL names', async () => {
    const { el, socket } = await sessionsView({ nextCursor: 'c1', total: 120 });
    const navigations = record('cairn-navigate');
    const pager = $(el, 'cairn-pager');
    await settle(pager);
    expect(text($(pager, '[aria-live]'))).toBe('1–3 of 120');
    const page = (name: string) => $<HTMLButtonElement>(pager, `button[aria-label="${name}"]`);
    expect(page('Page 1').getAttribute('aria-current')).toBe('page');
    page('Page 2').click();
    expect(navigations).toEqual([{ url: '/sessions?page=2' }]);

    el.page = 2;
    await settle(el);
    expect(socket.last('sessions.list').params).toEqual({
      limit: 50,
      sort: 'updated',
      cursor: 'c1',
    });
    socket.reply(socket.last('sessions.list'), {
      sessions: [makeEntry('old')],
      total: 120,
      nextCursor: 'c2',
    });
    await settle(el);
    await settle(pager);
    expect(text($(pager, '[aria-live]'))).toBe('51–51 of 120');
    expect(page('Page 2').getAttribute('aria-current')).toBe('page');

    el.page = 1;
    await settle(el);
    expect(socket.last('sessions.list').params).toEqual({ limit: 50, sort: 'updated' });
  });

  it('opens on the page in the URL, and corrects a page past the end', async () => {
    const { client, socket } = await connectedClient();
    const navigations = record('cairn-navigate');
    const { el } = await mount('cairn-sessions-view', { filter: 'temporary', page: 9 }, client);
    // A walk from page 1: four pages at a time (200 rows), filter kept.
    expect(socket.last('sessions.list').params).toEqual({
      limit: 200,
      sort: 'updated',
      persistent: false,
    });
    socket.reply(socket.last('sessions.list'), {
      sessions: Array.from({ length: 120 }, (_, i) => makeEntry(`s${i}`)),
      total: 120,
    });
    await settle(el);
    expect(socket.last('sessions.list').params).toMatchObject({ limit: 100 });
    socket.reply(socket.last('sessions.list'), { sessions: [], total: 120, nextCursor: 'p3' });
    await settle(el);
    expect(socket.last('sessions.list').params).toMatchObject({ limit: 50, cursor: 'p3' });
    socket.reply(socket.last('sessions.list'), { sessions: ROWS, total: 120 });
    await settle(el);
    expect(navigations).toEqual([{ url: '/sessions?filter=temporary&page=3', replace: true }]);
  });

  it('has no New Session button nor toggles when named sessions are off', async () => {
    const { el, table } = await sessionsView({}, { namedSessions: false });
    expect($$(el, '.toolbar button')).toHaveLength(0);
    expect($$(table, 'input[role="switch"]')).toHaveLength(0);
    expect($$(table, 'tbody tr')).toHaveLength(3);
  });
});
