// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/sessions/cairn-create-session-dialog.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, mount, record, settle, text, type } from './dom.js';

async function dialog() {
  const { client, socket } = await connectedClient();
  const { el, toasts } = await mount('cairn-create-session-dialog', { open: true }, client);
  const field = <E extends HTMLElement>(selector: string) => $<E>(el, selector);
  const submit = async () => {
    field<HTMLFormElement>('form').requestSubmit();
    await settle(el);
  };
  return { el, socket, toasts, field, submit };
}

describe('cairn-create-session-dialog', () => {
  it('opens as a modal with the name field focused', async () => {
    const { el, field } = await dialog();
    expect(field<HTMLDialogElement>('dialog').open).toBe(true);
    expect(el.shadowRoot?.activeElement).toBe(field('#label'));
    expect(field<HTMLInputElement>('#persistent').checked).toBe(true);
  });

  it('asks for a name before asking the gateway', async () => {
    const { socket, field, submit } = await dialog();
    type(field('#label'), '   ');
    await submit();
    expect(socket.sent.filter((r) => r.method === 'sessions.create')).toEqual([]);
    expect(text(field('#label-error'))).toBe('Give the session a name.');
    expect(field('#label').getAttribute('aria-invalid')).toBe('true');
  });

  it('creates with the trimmed name, the description and the persistent choice', async () => {
    const { el, socket, toasts, field, submit } = await dialog();
    const created = record('cairn-session-created');
    const closed = record('cairn-dialog-close');
    type(field('#label'), '  Project X ');
    type(field('#description'), ' Client work ');
    field<HTMLInputElement>('#persistent').click();
    await submit();
    expect(socket.last('sessions.create').params).toEqual({
      label: 'Project X',
      persistent: false,
      description: 'Client work',
    });
    expect(text(field('button[type="submit"]'))).toBe('Creating…');
    const entry = makeEntry('project-x', { label: 'Project X', persistent: false });
    socket.reply(socket.last('sessions.create'), { key: entry.key, sessionId: 's', entry });
    await settle(el);
    expect(created).toEqual([{ entry }]);
    expect(closed).toEqual([{ confirmed: true }]);
    expect(toasts.map((t) => t.message)).toEqual(['Created session “Project X”.']);
    expect(field<HTMLDialogElement>('dialog').open).toBe(false);
  });

  it('leaves out an empty description', async () => {
    const { socket, field, submit } = await dialog();
    type(field('#label'), 'Home');
    await submit();
    expect(socket.last('sessions.create').params).toEqual({ label: 'Home', persistent: true });
  });

  it('shows a taken name under the name field and stays open', async () => {
    const { el, socket, field, submit } = await dialog();
    const closed = record('cairn-dialog-close');
    type(field('#label'), 'Work');
    await submit();
    socket.fail(socket.last('sessions.create'), {
      code: 'CONFLICT',
      message: 'A session named “Work” already exists.',
      details: { field: 'label' },
    });
    await settle(el);
    expect(text(field('#label-error'))).toBe('A session named “Work” already exists.');
    expect(closed).toEqual([]);
    expect(field<HTMLDialogElement>('dialog').open).toBe(true);
  });

  it('shows a refused description under the description field', async () => {
    const { el, socket, field, submit } = await dialog();
    type(field('#label'), 'Work');
    type(field('#description'), 'x');
    await submit();
    socket.fail(socket.last('sessions.create'), {
      code: 'INVALID_REQUEST',
      message: 'Too long.',
      details: { field: 'description' },
    });
    await settle(el);
    expect(text(field('#description-error'))).toBe('Too long.');
  });

  it('cancels without a request', async () => {
    const { socket, field } = await dialog();
    const closed = record('cairn-dialog-close');
    field<HTMLButtonElement>('button[type="button"]').click();
    expect(closed).toEqual([{ confirmed: false }]);
    expect(socket.sent.filter((r) => r.method === 'sessions.create')).toEqual([]);
  });
});
