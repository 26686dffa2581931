// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { neighbour, shortcutFor } from '../src/palette/shortcuts.js';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('shortcutFor', () => {
  it('maps the documented keys, Ctrl or Cmd alike', () => {
    const body = document.body;
    expect(shortcutFor(key({ key: 'k', ctrlKey: true }), body)).toBe('palette');
    expect(shortcutFor(key({ key: 'k', metaKey: true }), body)).toBe('palette');
    expect(shortcutFor(key({ key: 'O', ctrlKey: true, shiftKey: true }), body)).toBe('new-session');
    expect(shortcutFor(key({ key: 'ArrowUp', altKey: true }), body)).toBe('previous-session');
    expect(shortcutFor(key({ key: 'ArrowDown', altKey: true }), body)).toBe('next-session');
    expect(shortcutFor(key({ key: '?', shiftKey: true }), body)).toBe('help');
    expect(shortcutFor(key({ key: 'k' }), body)).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowDown' }), body)).toBeNull();
  });

  it('leaves ? to text fields', () => {
    const box = document.createElement('textarea');
    expect(shortcutFor(key({ key: '?', shiftKey: true }), box)).toBeNull();
    expect(shortcutFor(key({ key: 'k', ctrlKey: true }), box)).toBe('palette');
  });
});

describe('neighbour', () => {
  it('steps through the list and wraps around', () => {
    expect(neighbour(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(neighbour(['a'], 'a', 1)).toBeNull();
    expect(neighbour(['a', 'b'], 'zzz', 1)).toBe('a');
  });
});
