// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/sessions/cairn-create-session-dialog.js';
import type { TemplateEntry } from '../src/gateway/protocol.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, settle, text, type } from './dom.js';

const template = (key: string, name: string, more: Partial<TemplateEntry> = {}): TemplateEntry => ({
  key,
  name,
  tags: [],
  builtIn: false,
  createdAt: 1,
  updatedAt: 1,
  rev: 1,
  ...more,
});

const journal = template('daily-journal', 'Daily journal', {
  description: 'A private journal.',
  tags: ['journal', 'personal'],
  persistent: false,
  firstMessage: 'Ask me.',
  model: 'deep',
});

async function dialog(
  templates: TemplateEntry[] = [template('coding-assistant', 'Coding assistant'), journal],
) {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-create-session-dialog', { open: true }, client);
  socket.reply(socket.last('templates.list'), { templates });
  await settle(el);
  const field = <E extends HTMLElement>(selector: string) => $<E>(el, selector);
  const choose = async (key: string) => {
    const select = field<HTMLSelectElement>('#template');
    select.value = key;
    select.dispatchEvent(new Event('change'));
    await settle(el);
  };
  const submit = async () => {
    field<HTMLFormElement>('form').requestSubmit();
    await settle(el);
  };
  return { el, socket, field, choose, submit };
}

describe('cairn-create-session-dialog templates', () => {
  it('offers none (a blank session) first, then every template by name', async () => {
    const { field } = await dialog();
    const options = [...field<HTMLSelectElement>('#template').options];
    expect(options.map((o) => [o.value, text(o)])).toEqual([
      ['', 'None (blank session)'],
      ['coding-assistant', 'Coding assistant'],
      ['daily-journal', 'Daily journal'],
    ]);
    expect(field<HTMLSelectElement>('#template').value).toBe('');
    expect(text(field('#template-hint'))).toContain('A blank session');
    expect(field('#template').getAttribute('aria-describedby')).toBe('template-hint');
  });

  it('describes the chosen template and takes its persistence', async () => {
    const { field, choose } = await dialog();
    await choose('daily-journal');
    expect(text(field('#template-hint'))).toBe(
      'A private journal. Model: deep. Tags: journal, personal. Sends its first message when created.',
    );
    expect(field<HTMLInputElement>('#persistent').checked).toBe(false);
    await choose('');
    expect(field<HTMLInputElement>('#persistent').checked).toBe(true);
  });

  it('creates from the chosen template; what the form says wins', async () => {
    const { el, socket, field, choose, submit } = await dialog();
    await choose('daily-journal');
    type(field('#label'), 'Today');
    await submit();
    expect(socket.last('sessions.create').params).toEqual({
      label: 'Today',
      persistent: false,
      template: 'daily-journal',
    });
    const entry = makeEntry('today', { label: 'Today' });
    socket.reply(socket.last('sessions.create'), {
      key: 'today',
      sessionId: 's',
      entry,
      template: 'daily-journal',
    });
    await settle(el);
    expect(field<HTMLDialogElement>('dialog').open).toBe(false);
  });

  it('shows a template that is gone as a form error and stays open', async () => {
    const { el, socket, field, choose, submit } = await dialog();
    await choose('coding-assistant');
    type(field('#label'), 'Bugs');
    await submit();
    socket.fail(socket.last('sessions.create'), {
      code: 'NOT_FOUND',
      message: "No template 'coding-assistant'.",
      details: { reason: 'unknown_template' },
    });
    await settle(el);
    expect(text(field('.form-error'))).toBe("No template 'coding-assistant'.");
    expect(field<HTMLDialogElement>('dialog').open).toBe(true);
  });

  it('still creates blank sessions when the templates cannot be read', async () => {
    const { client, socket } = await connectedClient();
    const { el } = await mount('cairn-create-session-dialog', { open: true }, client);
    socket.fail(socket.last('templates.list'), { code: 'UNAVAILABLE', message: 'Down.' });
    await settle(el);
    expect(text($(el, '#template-hint'))).toBe('Templates could not be loaded: Down.');
    expect($$(el, '#template option')).toHaveLength(1);
  });
});
