// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/ui/cairn-confirm-dialog.js';
import { $, mount, record, settle, text } from './dom.js';

async function confirmDialog(danger = false) {
  const { el } = await mount('cairn-confirm-dialog', {
    heading: 'Delete “Work”?',
    message: 'This cannot be undone.',
    confirmLabel: 'Delete session',
    danger,
  });
  el.open = true;
  await settle(el);
  return { el, dialog: $<HTMLDialogElement>(el, 'dialog') };
}

describe('cairn-confirm-dialog', () => {
  it('opens as a modal named by its heading, with the message and the confirm label', async () => {
    const { el, dialog } = await confirmDialog(true);
    expect(dialog.open).toBe(true);
    expect(text($(el, '#title'))).toBe('Delete “Work”?');
    expect(dialog.getAttribute('aria-labelledby')).toBe('title');
    expect(text($(el, '#message'))).toBe('This cannot be undone.');
    const confirm = $(el, 'button[type="submit"]');
    expect(text(confirm)).toBe('Delete session');
    expect(confirm.className).toContain('danger');
  });

  it('answers confirmed once for the confirm button', async () => {
    const { el, dialog } = await confirmDialog();
    const answers = record('cairn-dialog-close');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    dialog.dispatchEvent(new Event('close'));
    expect(answers).toEqual([{ confirmed: true }]);
    expect(dialog.open).toBe(false);
  });

  it('answers not confirmed for Cancel', async () => {
    const { el } = await confirmDialog();
    const answers = record('cairn-dialog-close');
    $<HTMLButtonElement>(el, 'button[type="button"]').click();
    expect(answers).toEqual([{ confirmed: false }]);
  });

  it('answers not confirmed when Escape closes it', async () => {
    const { dialog } = await confirmDialog();
    const answers = record('cairn-dialog-close');
    dialog.close();
    dialog.dispatchEvent(new Event('close'));
    expect(answers).toEqual([{ confirmed: false }]);
  });

  it('closes when its parent sets open to false', async () => {
    const { el, dialog } = await confirmDialog();
    el.open = false;
    await settle(el);
    expect(dialog.open).toBe(false);
  });
});

describe('cairn-confirm-dialog focus', () => {
  it('focuses Cancel when it opens, and gives focus back to the opener when it closes', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Delete';
    document.body.append(opener);
    opener.focus();
    const { el } = await mount('cairn-confirm-dialog', { heading: 'Delete?', danger: true });
    el.open = true;
    await settle(el);
    expect(el.shadowRoot?.activeElement).toBe($(el, 'button.cancel'));
    $<HTMLButtonElement>(el, 'button.cancel').click();
    expect(document.activeElement).toBe(opener);
  });
});
