// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SessionEntry } from '../src/gateway/protocol.js';
import { parseLocation, sessionsUrl } from '../src/router/routes.js';
import { byDefaultOrder, persistentFirst } from '../src/sessions/session-order.js';
import { normalizeTag } from '../src/sessions/tags/tag-rules.js';
import '../src/sessions/tags/cairn-tag-editor.js';
import '../src/sessions/table/cairn-sessions-view.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, press, record, settle, text, type } from './dom.js';

describe('tag rules', () => {
  it('normalises as the gateway does and refuses what is not a tag', () => {
    expect(normalizeTag('  Project X ')).toBe('project-x');
    expect(normalizeTag('Ärger_2.0')).toBe('ärger_2.0');
    expect(normalizeTag('a/b')).toBeNull();
    expect(normalizeTag('-x')).toBeNull();
    expect(normalizeTag('x'.repeat(33))).toBeNull();
  });
});

describe('pinned order', () => {
  it('puts pinned sessions first, each part by update time', () => {
    const old = makeEntry('old', { updatedAt: 1, pinned: true });
    const fresh = makeEntry('fresh', { updatedAt: 3 });
    const mid = makeEntry('mid', { updatedAt: 2, persistent: false });
    expect([fresh, mid, old].sort(byDefaultOrder).map((e) => e.key)).toEqual([
      'old',
      'fresh',
      'mid',
    ]);
    const groups = persistentFirst([old, fresh, mid]);
    expect(groups.pinned.map((e) => e.key)).toEqual(['old']);
    expect(groups.persistent.map((e) => e.key)).toEqual(['fresh']);
    expect(groups.others.map((e) => e.key)).toEqual(['mid']);
  });
});

describe('the tag filter in the URL', () => {
  it('round-trips through /sessions?tag=', () => {
    expect(sessionsUrl('all', '', 1, 'work')).toBe('/sessions?tag=work');
    expect(sessionsUrl('archived', 'x', 2, 'a b')).toBe(
      '/sessions?filter=archived&q=x&tag=a+b&page=2',
    );
    expect(parseLocation('/sessions', '?tag=work').route).toEqual({
      name: 'sessions',
      filter: 'all',
      search: '',
      page: 1,
      tag: 'work',
    });
  });
});

describe('cairn-tag-editor', () => {
  async function editor(tags: string[] = ['home']) {
    const { el } = await mount('cairn-tag-editor', { tags, label: 'Work' });
    const changes = record('cairn-tags-change', el);
    const input = $<HTMLInputElement>(el, 'input');
    return { el, input, changes };
  }

  it('adds a normalised chip on Enter and on a comma', async () => {
    const { input, changes } = await editor();
    type(input, 'Project X');
    press(input, 'Enter');
    type(input, 'urgent,');
    expect(changes).toEqual([{ tags: ['home', 'project-x'] }, { tags: ['home', 'urgent'] }]);
    expect(input.value).toBe('');
  });

  it('removes a chip with its × button and the last one with Backspace in the empty input', async () => {
    const { el, input, changes } = await editor(['home', 'work']);
    $<HTMLButtonElement>(el, 'button[aria-label="Remove tag home from Work"]').click();
    press(input, 'Backspace');
    expect(changes).toEqual([{ tags: ['work'] }, { tags: ['home'] }]);
  });

  it('says why a tag is refused and keeps what was typed', async () => {
    const { el, input, changes } = await editor();
    type(input, 'a/b');
    press(input, 'Enter');
    await settle(el);
    expect(changes).toEqual([]);
    expect(text($(el, '[role="alert"]'))).toContain('“a/b” is not a valid tag');
    expect(input.value).toBe('a/b');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('is read-only for a session in the trash', async () => {
    const { el } = await mount('cairn-tag-editor', { tags: ['x'], label: 'Old', readonly: true });
    expect($$(el, 'input, button')).toHaveLength(0);
    expect(text(el.shadowRoot ?? el)).toBe('x');
  });
});

describe('cairn-sessions-view with tags and pins', () => {
  const ROWS: SessionEntry[] = [
    makeEntry('work', { label: 'Work', pinned: true, tags: ['office'] }),
    makeEntry('home', { label: 'Home', tags: [] }),
  ];

  async function view(tag = '') {
    const { client, socket } = await connectedClient();
    const { el } = await mount('cairn-sessions-view', { tag }, client);
    socket.reply(socket.last('sessions.list'), { sessions: ROWS, total: 2 });
    socket.reply(socket.last('tags.list'), { tags: [{ tag: 'office', count: 1 }] });
    await settle(el);
    const table = $(el, 'cairn-sessions-table');
    await settle(table);
    return { el, socket, table };
  }

  it('lists by the tag in the URL and offers the tags in use as a filter', async () => {
    const { el, socket } = await view('office');
    expect(socket.last('sessions.list').params).toEqual({
      limit: 50,
      sort: 'updated',
      tags: ['office'],
    });
    const bar = $(el, 'cairn-sessions-filter-bar');
    await settle(bar);
    const select = $<HTMLSelectElement>(bar, 'select');
    expect($$<HTMLOptionElement>(bar, 'option').map((o) => text(o))).toEqual([
      'Any tag',
      'office (1)',
    ]);
    const navigations = record('cairn-navigate');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    expect(navigations).toEqual([{ url: '/sessions' }]);
  });

  it('shows a pin icon and chips, pins from the row, and edits tags', async () => {
    const { socket, table } = await view();
    const work = $$(table, 'tbody tr')[0];
    expect(work?.querySelector('[aria-label="Pinned"]')).not.toBeNull();
    const pin = $<HTMLButtonElement>(table, 'button[aria-label="Pin Home"]');
    expect(pin.getAttribute('aria-pressed')).toBe('false');
    expect($(table, 'button[aria-label="Pin Work"]').getAttribute('aria-pressed')).toBe('true');
    pin.click();
    expect(socket.last('sessions.patch').params).toEqual({ key: 'home', pinned: true });
    const editor = $$(table, 'cairn-tag-editor')[1];
    if (!editor) throw new Error('no tag editor');
    await settle(editor);
    const input = $<HTMLInputElement>(editor, 'input');
    type(input, 'Family');
    press(input, 'Enter');
    expect(socket.last('sessions.patch').params).toEqual({ key: 'home', tags: ['family'] });
  });
});
