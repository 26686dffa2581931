// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/chat/cairn-model-picker.js';
import { adoptStored, type DisplayMessage } from '../src/chat/display-message.js';
import type { ModelSummary } from '../src/gateway/protocol.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, record, settle, text } from './dom.js';

const models: ModelSummary[] = [
  { name: 'fast', provider: 'openai', model: 'gpt-4o-mini', default: true, offline: false },
  { name: 'local', provider: 'openai', model: 'qwen', default: false, offline: false },
  { name: 'echo', provider: 'echo', model: 'echo-1', default: false, offline: true },
];

async function picker(entry = makeEntry('work'), list = models) {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-model-picker', { entry, models: list }, client);
  return { el, socket };
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('cairn-model-picker', () => {
  it('offers the default and every model, the session’s choice selected, as a labelled select', async () => {
    const { el } = await picker(makeEntry('work', { model: 'local', effectiveModel: 'local' }));
    const select = $<HTMLSelectElement>(el, 'select');
    expect(select.getAttribute('aria-label')).toBe('Model for this session');
    expect($$<HTMLOptionElement>(el, 'option').map((o) => text(o))).toEqual([
      'Default (fast)',
      'fast',
      'local',
      'echo (offline echo)',
    ]);
    expect(select.value).toBe('local');
  });

  it('patches the session when a model is picked, and null for the default', async () => {
    const { el, socket } = await picker();
    const select = $<HTMLSelectElement>(el, 'select');
    expect(select.value).toBe('');

    choose(select, 'echo');
    expect(socket.last('sessions.patch').params).toEqual({ key: 'work', model: 'echo' });
    await settle(el);
    expect(select.disabled).toBe(true);
    socket.reply(socket.last('sessions.patch'), { entry: makeEntry('work', { model: 'echo' }) });
    await settle(el);
    expect(select.disabled).toBe(false);

    choose(select, '');
    expect(socket.last('sessions.patch').params).toEqual({ key: 'work', model: null });
  });

  it('puts the choice back and raises a toast when the gateway refuses it', async () => {
    const { el, socket } = await picker(makeEntry('work', { model: 'fast' }));
    const toasts = record('cairn-toast');
    const select = $<HTMLSelectElement>(el, 'select');

    choose(select, 'local');
    socket.fail(socket.last('sessions.patch'), {
      code: 'INVALID_REQUEST',
      message: 'No model is named it.',
    });
    await settle(el);

    expect(select.value).toBe('fast');
    expect(toasts).toEqual([{ kind: 'error', message: 'No model is named it.' }]);
  });

  it('says when the pinned model is no longer configured and which one answers', async () => {
    const { el } = await picker(makeEntry('work', { model: 'gone', effectiveModel: 'fast' }));

    expect(text($(el, '[role="status"]'))).toBe('gone is no longer configured: fast answers');
    const select = $<HTMLSelectElement>(el, 'select');
    expect(select.value).toBe('gone');
    expect(select.selectedOptions[0]?.textContent?.trim()).toBe('gone (not configured)');
  });

  it('says so with one model left, too', async () => {
    const { el } = await picker(
      makeEntry('work', { model: 'gone', effectiveModel: 'echo' }),
      models.slice(2),
    );

    expect(text($(el, '[role="status"]'))).toBe('gone is no longer configured: echo answers');
  });

  it('shows the one model as text when there is nothing to pick', async () => {
    const { el } = await picker(makeEntry('main', { effectiveModel: 'echo' }), models.slice(2));

    expect($$(el, 'select')).toHaveLength(0);
    expect(text($(el, 'span'))).toBe('Model: echo');
  });
});

describe('adoptStored', () => {
  it('puts a stored notice of the run before its reply', () => {
    const shown: DisplayMessage[] = [
      { id: 'u', runId: 'r1', role: 'user', text: 'hi', createdAt: 1 },
      { id: 'run-r1', runId: 'r1', role: 'assistant', text: 'hello', createdAt: 2 },
    ];
    const adopted = adoptStored(shown, 'r1', [
      { seq: 5, role: 'user', text: 'hi', createdAt: 1, runId: 'r1' },
      { seq: 6, role: 'notice', text: 'gone is no longer configured', createdAt: 1, runId: 'r1' },
      { seq: 7, role: 'assistant', text: 'hello', createdAt: 2, runId: 'r1' },
    ]);

    expect(adopted.map((m) => [m.seq, m.role])).toEqual([
      [5, 'user'],
      [6, 'notice'],
      [7, 'assistant'],
    ]);
  });
});
