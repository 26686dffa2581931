// @vitest-environment happy-dom
/** Merge… from the sessions view (selection, preview, order, Undo), Fork from here, and the fork's header link. */
import { describe, expect, it } from 'vitest';
import type { MergeOutline, SessionEntry } from '../src/gateway/protocol.js';
import '../src/chat/cairn-chat-message.js';
import '../src/chat/cairn-forked-from.js';
import '../src/sessions/table/cairn-sessions-view.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, record, settle, text } from './dom.js';

const ROWS: SessionEntry[] = [
  makeEntry('work', { label: 'Work', messageCount: 4 }),
  makeEntry('home', { label: 'Home', messageCount: 2 }),
  makeEntry('main', { label: 'Main', kind: 'main' }),
];

const OUTLINE: MergeOutline = {
  label: 'Home + Work',
  order: 'time',
  messages: 6,
  sources: [
    {
      key: 'home',
      label: 'Home',
      sessionId: 'h',
      messages: 2,
      first: { seq: 1, sourceSeq: 1, role: 'user', text: 'h1', createdAt: 1 },
      last: { seq: 4, sourceSeq: 2, role: 'assistant', text: 'Echo: h1', createdAt: 1 },
      archive: true,
    },
    { key: 'work', label: 'Work', sessionId: 'w', messages: 4, archive: true },
  ],
  conflicts: [
    {
      field: 'systemPrompt',
      values: [{ key: 'home', value: 'Be brief.' }, { key: 'work' }],
      chosen: 'Be brief.',
      resolution: "the first source's that is set",
    },
  ],
};

async function sessionsView() {
  const { client, socket } = await connectedClient();
  const { el, toasts } = await mount('cairn-sessions-view', {}, client);
  socket.reply(socket.last('sessions.list'), { sessions: ROWS, total: 3 });
  await settle(el);
  const table = $(el, 'cairn-sessions-table');
  const box = (label: string) => $<HTMLInputElement>(table, `input[aria-label="Select ${label}"]`);
  const tick = async (label: string) => {
    box(label).checked = true;
    box(label).dispatchEvent(new Event('change'));
    await settle(el);
  };
  const dialog = () => $(el, 'cairn-merge-dialog');
  return { el, socket, table, toasts, box, tick, dialog };
}

describe('Merge… in the sessions view', () => {
  it('ticks sessions (not main), previews in tick order, merges, and offers Undo', async () => {
    const { el, socket, table, toasts, tick, dialog } = await sessionsView();
    expect($$(table, 'input[aria-label="Select Main"]')).toHaveLength(0);
    await tick('Home');
    expect(text($(el, '.selection-bar span'))).toBe('1 session selected');
    await tick('Work');
    expect(text($(el, '.selection-bar span'))).toBe('2 sessions selected');

    $<HTMLButtonElement>(el, '.selection-bar button.primary').click();
    await settle(el);
    expect($<HTMLDialogElement>(dialog(), 'dialog').open).toBe(true);
    expect(socket.last('sessions.merge').params).toEqual({
      sources: ['home', 'work'],
      order: 'time',
      preview: true,
    });
    socket.reply(socket.last('sessions.merge'), { preview: true, outline: OUTLINE });
    await settle(el);
    const shown = text($(dialog(), 'dialog'));
    expect(shown).toContain('6 messages into a new session “Home + Work”');
    expect(shown).toContain('#1 h1');
    expect(shown).toContain("System prompts differ: the first source's that is set.");

    const sequential = $<HTMLInputElement>(dialog(), 'input[type="radio"]:not(:checked)');
    sequential.checked = true;
    sequential.dispatchEvent(new Event('change'));
    await settle(el);
    expect(socket.last('sessions.merge').params).toEqual({
      sources: ['home', 'work'],
      order: 'sequential',
      preview: true,
    });
    socket.reply(socket.last('sessions.merge'), {
      preview: true,
      outline: { ...OUTLINE, order: 'sequential' },
    });
    await settle(el);

    $<HTMLButtonElement>(dialog(), 'button[type="submit"]').click();
    await settle(el);
    expect(socket.last('sessions.merge').params).toEqual({
      sources: ['home', 'work'],
      order: 'sequential',
      preview: false,
    });
    socket.reply(socket.last('sessions.merge'), {
      preview: false,
      outline: OUTLINE,
      key: 'home-work',
      entry: makeEntry('home-work', { label: 'Home + Work' }),
    });
    await settle(el);
    expect($<HTMLDialogElement>(dialog(), 'dialog').open).toBe(false);
    expect($$(el, '.selection-bar')).toHaveLength(0);
    const toast = toasts.at(-1);
    expect(toast?.message).toBe(
      'Merged 2 sessions into “Home + Work” (6 messages); the sources are archived.',
    );

    toast?.action?.run();
    await settle(el);
    expect(socket.last('sessions.unmerge').params).toEqual({ key: 'home-work' });
    socket.reply(socket.last('sessions.unmerge'), {
      key: 'home-work',
      removed: 'purged',
      messagesRemoved: 6,
      restored: ['home', 'work'],
    });
    await settle(el);
    expect(toasts.at(-1)?.message).toBe(
      'Merge into “Home + Work” undone; 2 sessions are back in the list.',
    );
  });

  it('keeps Merge… refused with one session, and Cancel writes nothing', async () => {
    const { el, socket, tick, dialog } = await sessionsView();
    await tick('Work');
    const merge = $<HTMLButtonElement>(el, '.selection-bar button.primary');
    expect(merge.getAttribute('aria-disabled')).toBe('true');
    merge.click();
    await settle(el);
    expect(socket.sent.filter((r) => r.method === 'sessions.merge')).toHaveLength(0);
    await tick('Home');
    $<HTMLButtonElement>(el, '.selection-bar button.primary').click();
    await settle(el);
    $<HTMLButtonElement>(dialog(), 'button.cancel').click();
    await settle(el);
    expect(socket.sent.filter((r) => r.method === 'sessions.merge').map((r) => r.params)).toEqual([
      { sources: ['work', 'home'], order: 'time', preview: true },
    ]);
    expect(text($(el, '.selection-bar span'))).toBe('2 sessions selected');
  });
});

describe('Fork from here', () => {
  it('is offered on a stored message of the current conversation and says which seq', async () => {
    const forks = record('cairn-chat-fork');
    const message = { id: 'seq-3', seq: 3, role: 'user' as const, text: 'hi', createdAt: 1 };
    const { el } = await mount('cairn-chat-message', { message: { ...message, forkable: true } });
    $<HTMLButtonElement>(el, 'button[aria-label="Fork from here"]').click();
    expect(forks).toEqual([{ seq: 3 }]);
    el.message = { ...message, id: 'seq-3b' };
    await settle(el);
    expect($$(el, 'button[aria-label="Fork from here"]')).toHaveLength(0);
  });

  it('shows the origin in the header as a link to the message, in its conversation', async () => {
    const { client, socket } = await connectedClient();
    const { el } = await mount(
      'cairn-forked-from',
      { origin: { key: 'plans', sessionId: 'old', seq: 3 } },
      client,
    );
    expect(socket.last('sessions.get').params).toEqual({ key: 'plans' });
    socket.reply(socket.last('sessions.get'), {
      entry: makeEntry('plans', { label: 'Plans', sessionId: 'new' }),
    });
    await settle(el);
    expect(text(el.shadowRoot ?? el)).toBe('Forked from Plans #3');
    expect($(el, 'a').getAttribute('href')).toBe('/chat?session=plans&msg=3&conversation=old');
  });
});
