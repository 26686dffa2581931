/** The app's keyboard shortcuts: which key does what, declared once for the handler and the sheet. */

export type ShortcutAction =
  'palette' | 'new-session' | 'previous-session' | 'next-session' | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /** As shown in the sheet; `Mod` is Ctrl (Cmd on a Mac). */
  keys: string[];
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { action: 'palette', keys: ['Mod', 'K'], what: 'Search sessions and switch' },
  { action: 'new-session', keys: ['Mod', 'Shift', 'O'], what: 'New session' },
  { action: 'previous-session', keys: ['Alt', '↑'], what: 'Previous session in the list' },
  { action: 'next-session', keys: ['Alt', '↓'], what: 'Next session in the list' },
  { action: 'help', keys: ['?'], what: 'This list of shortcuts' },
];

const editable = (target: EventTarget | null): boolean => {
  const el = target instanceof Element ? target : null;
  return !!el?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
};

/**
 * The shortcut a key press means, or null. `?` counts only outside text fields; the others work
 * everywhere (they are not keys a text field uses). `target` is the event's innermost target
 * (`composedPath()[0]`), inside shadow roots.
 */
export function shortcutFor(ev: KeyboardEvent, target: EventTarget | null): ShortcutAction | null {
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key.toLowerCase();
  if (mod && !ev.altKey && !ev.shiftKey && key === 'k') return 'palette';
  if (mod && !ev.altKey && ev.shiftKey && key === 'o') return 'new-session';
  if (ev.altKey && !mod && !ev.shiftKey && ev.key === 'ArrowUp') return 'previous-session';
  if (ev.altKey && !mod && !ev.shiftKey && ev.key === 'ArrowDown') return 'next-session';
  if (ev.key === '?' && !mod && !ev.altKey && !editable(target)) return 'help';
  return null;
}

/** The session before or after `current` in `keys` (wrapping), or null when there is none. */
export function neighbour(keys: string[], current: string, step: 1 | -1): string | null {
  if (keys.length < 2) return null;
  const at = keys.indexOf(current);
  if (at < 0) return keys[0] ?? null;
  return keys[(at + step + keys.length) % keys.length] ?? null;
}
