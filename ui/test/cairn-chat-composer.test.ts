// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../src/chat/cairn-chat-composer.js';
import { $, $$, mount, press, record, settle, text, type } from './dom.js';

const commands = [
  { name: 'help', usage: '/help', summary: 'List commands' },
  { name: 'reset', usage: '/reset', summary: 'Fresh transcript' },
  { name: 'session', usage: '/session new|switch|list', summary: 'Named sessions' },
];

async function composer(props = {}) {
  const { el } = await mount('cairn-chat-composer', { commands, ...props });
  const box = $<HTMLTextAreaElement>(el, 'textarea');
  const send = () => $<HTMLButtonElement>(el, 'button[type="submit"]');
  return { el, box, send };
}

describe('cairn-chat-composer', () => {
  it('sends the text on Enter and keeps it until the send is settled', async () => {
    const { el, box } = await composer();
    const submits = record('cairn-chat-submit');
    type(box, 'hello there');
    await settle(el);
    const enter = press(box, 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(submits).toEqual([{ text: 'hello there' }]);
    await settle(el);
    expect(box.value).toBe('hello there');
    el.settle(true);
    await settle(el);
    expect(box.value).toBe('');
  });

  it('adds a line on Shift+Enter instead of sending', async () => {
    const { el, box } = await composer();
    const submits = record('cairn-chat-submit');
    type(box, 'line one');
    await settle(el);
    const shiftEnter = press(box, 'Enter', { shiftKey: true });
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(submits).toEqual([]);
  });

  it('disables Send while sending and sends nothing twice', async () => {
    const { el, box, send } = await composer();
    const submits = record('cairn-chat-submit');
    type(box, 'once');
    await settle(el);
    expect(send().disabled).toBe(false);
    press(box, 'Enter');
    await settle(el);
    expect(send().disabled).toBe(true);
    press(box, 'Enter');
    expect(submits).toHaveLength(1);
  });

  it('keeps a refused text for another try', async () => {
    const { el, box, send } = await composer();
    type(box, 'try again');
    await settle(el);
    press(box, 'Enter');
    el.settle(false);
    await settle(el);
    expect(box.value).toBe('try again');
    expect(send().disabled).toBe(false);
  });

  it('passes a slash command through as typed, with matching hints meanwhile', async () => {
    const { el, box } = await composer();
    const submits = record('cairn-chat-submit');
    type(box, '/se');
    await settle(el);
    expect($$(el, '.hints li').map(text)).toEqual(['/session new|switch|list Named sessions']);
    type(box, '/session new Work');
    await settle(el);
    press(box, 'Enter');
    expect(submits).toEqual([{ text: '/session new Work' }]);
  });

  it('sends nothing when empty or disabled', async () => {
    const { el, box, send } = await composer({ disabled: true });
    const submits = record('cairn-chat-submit');
    type(box, 'hi');
    await settle(el);
    press(box, 'Enter');
    expect(submits).toEqual([]);
    expect(send().disabled).toBe(true);
    expect(box.disabled).toBe(true);
  });

  it('shows Stop instead of Send while a reply streams', async () => {
    const { el } = await composer({ streaming: true });
    const stops = record('cairn-chat-stop');
    expect($$(el, 'button[type="submit"]')).toHaveLength(0);
    $<HTMLButtonElement>(el, 'button[aria-label="Stop the reply"]').click();
    expect(stops).toEqual([{}]);
  });
});
