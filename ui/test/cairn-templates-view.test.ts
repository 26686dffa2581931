// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/templates/cairn-templates-view.js';
import { draftFields } from '../src/templates/cairn-templates-view.js';
import { parseLocation } from '../src/router/routes.js';
import type { TemplateEntry } from '../src/gateway/protocol.js';
import { connectedClient } from './fake-socket.js';
import { $, $$, mount, settle, text, type } from './dom.js';

const coding: TemplateEntry = {
  key: 'coding-assistant',
  name: 'Coding assistant',
  description: 'Code.',
  systemPrompt: 'Be careful.',
  persistent: true,
  tags: ['code'],
  builtIn: true,
  createdAt: 1,
  updatedAt: 1,
  rev: 1,
};

async function view() {
  const { client, socket } = await connectedClient();
  const { el } = await mount('cairn-templates-view', {}, client);
  socket.reply(socket.last('templates.list'), { templates: [coding] });
  await settle(el);
  return { el, socket };
}

describe('cairn-templates-view', () => {
  it('is at /templates', () => {
    expect(parseLocation('/templates', '').route).toEqual({ name: 'templates' });
  });

  it('lists the templates with their descriptions and labelled buttons', async () => {
    const { el } = await view();
    const rows = $$(el, 'li');
    expect(rows).toHaveLength(1);
    expect(text(rows[0])).toContain('Coding assistant');
    expect(text(rows[0])).toContain('(built-in)');
    expect($(el, 'button[aria-label="Edit Coding assistant"]')).toBeTruthy();
  });

  it('creates a template from the form, leaving out empty fields', async () => {
    const { el, socket } = await view();
    type($(el, '#t-name'), ' Standup ');
    type($(el, '#t-tags'), 'Work, daily');
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await settle(el);
    expect(socket.last('templates.create').params).toEqual({
      name: 'Standup',
      tags: ['Work', 'daily'],
    });
  });

  it('edits: the form is filled, a rename and a cleared field are sent', async () => {
    const { el, socket } = await view();
    $<HTMLButtonElement>(el, 'button[aria-label="Edit Coding assistant"]').click();
    await settle(el);
    expect($<HTMLInputElement>(el, '#t-name').value).toBe('Coding assistant');
    type($(el, '#t-name'), 'Code helper');
    type($(el, '#t-prompt'), '');
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await settle(el);
    expect(socket.last('templates.patch').params).toMatchObject({
      name: 'coding-assistant',
      rename: 'Code helper',
      systemPrompt: null,
      persistent: true,
      tags: ['code'],
    });
  });

  it('deletes only after the confirmation', async () => {
    const { el, socket } = await view();
    $<HTMLButtonElement>(el, 'button[aria-label="Delete Coding assistant"]').click();
    await settle(el);
    expect(socket.sent.filter((r) => r.method === 'templates.delete')).toEqual([]);
    const confirm = $(el, 'cairn-confirm-dialog');
    confirm.dispatchEvent(new CustomEvent('cairn-dialog-close', { detail: { confirmed: true } }));
    await settle(el);
    expect(socket.last('templates.delete').params).toEqual({ name: 'coding-assistant' });
  });

  it('maps a draft to the protocol fields', () => {
    expect(
      draftFields({
        name: 'x',
        description: ' ',
        systemPrompt: 'p',
        model: '',
        persistent: 'no',
        tags: ' a, ,b ',
        firstMessage: '',
      }),
    ).toEqual({
      description: null,
      systemPrompt: 'p',
      model: null,
      persistent: false,
      tags: ['a', 'b'],
      firstMessage: null,
    });
  });
});
