// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../src/sessions/cairn-session-switcher.js';
import { connectedClient, makeEntry, type FakeSocket } from './fake-socket.js';
import { $, $$, mount, press, record, settle, text, type } from './dom.js';

const lists = (socket: FakeSocket) => socket.sent.filter((r) => r.method === 'sessions.list');

async function switcher() {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-session-switcher', { currentKey: 'work' }, client);
  socket.reply(socket.last('sessions.list'), {
    sessions: [
      makeEntry('work', { label: 'Work', persistent: true, messageCount: 4 }),
      makeEntry('main', { label: 'Main', persistent: false }),
    ],
    total: 2,
  });
  await settle(el);
  const open = async () => {
    $<HTMLButtonElement>(el, '.trigger').click();
    await settle(el);
  };
  const options = () => $$(el, '[role="option"]');
  return { el, socket, open, options };
}

/** The option's label: options live in the switcher's own shadow root, not their own. */
function label(option: Element): string {
  return text(option.querySelector('.label') ?? option);
}

afterEach(() => vi.useRealTimers());

describe('cairn-session-switcher', () => {
  it('names the current session on its button', async () => {
    const { el } = await switcher();
    el.current = makeEntry('work', { label: 'Work', persistent: true });
    await settle(el);
    const trigger = $(el, '.trigger');
    expect(trigger.getAttribute('aria-label')).toBe(
      'Current session: Work, persistent. Switch session',
    );
    expect(text($(el, '.trigger cairn-persistent-badge').shadowRoot ?? trigger)).toBe('Persistent');
  });

  it('lists the shared collection, fetched once and kept live while closed and open', async () => {
    const { el, socket, open, options } = await switcher();
    expect(lists(socket)).toHaveLength(1);
    await open();
    expect(options().map(label)).toEqual(['Work', 'Main']);
    expect(text(options()[0] as Element)).toContain('work · 4 messages');
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
    socket.event('sessions.changed', {
      reason: 'created',
      key: 'home',
      entry: makeEntry('home', { label: 'Home', updatedAt: 1_800_000_000_000 }),
    });
    await settle(el);
    expect(options().map(label)).toEqual(['Home', 'Work', 'Main']);
    press($(el, 'input[type="search"]'), 'Escape');
    await open();
    expect(options().map(label)).toEqual(['Home', 'Work', 'Main']);
    expect(lists(socket)).toHaveLength(1);
  });

  it('marks persistent sessions with a badge and temporary ones with none', async () => {
    const { open, options } = await switcher();
    await open();
    const badges = options().map((o) =>
      text(o.querySelector('cairn-persistent-badge')?.shadowRoot ?? o),
    );
    expect(badges).toEqual(['Persistent', '']);
  });

  it('filters by search through the gateway, then back to the collection', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { el, socket, open, options } = await switcher();
    await open();
    const search = $<HTMLInputElement>(el, 'input[type="search"]');
    type(search, 'ma');
    vi.advanceTimersByTime(200);
    await settle(el);
    expect(socket.last('sessions.list').params).toEqual({
      limit: 30,
      sort: 'updated',
      search: 'ma',
    });
    socket.reply(socket.last('sessions.list'), { sessions: [makeEntry('main')], total: 1 });
    await settle(el);
    expect(options().map(label)).toEqual(['Main']);
    type(search, 'zzz');
    vi.advanceTimersByTime(200);
    socket.reply(socket.last('sessions.list'), { sessions: [], total: 0 });
    await settle(el);
    expect(options()).toHaveLength(0);
    expect(text($(el, '.status'))).toBe('No sessions match “zzz”.');
    type(search, '');
    vi.advanceTimersByTime(200);
    await settle(el);
    expect(options().map(label)).toEqual(['Work', 'Main']);
    expect(lists(socket)).toHaveLength(3);
  });

  it('fires cairn-session-select with the key of the option clicked, and closes', async () => {
    const { el, open, options } = await switcher();
    const selects = record('cairn-session-select');
    await open();
    (options()[1] as HTMLElement).click();
    await settle(el);
    expect(selects).toEqual([{ key: 'main' }]);
    expect($$(el, '[role="listbox"]')).toHaveLength(0);
  });

  it('selects with the keyboard: arrows move, Enter picks', async () => {
    const { el, open } = await switcher();
    const selects = record('cairn-session-select');
    await open();
    const search = $(el, 'input[type="search"]');
    press(search, 'ArrowDown');
    press(search, 'ArrowDown');
    await settle(el);
    expect(search.getAttribute('aria-activedescendant')).toBe('option-1');
    press(search, 'Enter');
    expect(selects).toEqual([{ key: 'main' }]);
  });

  it('opens the create dialog from "New session"', async () => {
    const { el, open } = await switcher();
    await open();
    const create = $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === 'New session');
    create?.click();
    await settle(el);
    expect($(el, 'cairn-create-session-dialog').hasAttribute('open')).toBe(true);
    expect($$(el, '[role="listbox"]')).toHaveLength(0);
  });
});
