/**
 * Every custom DOM event the UI dispatches, declared once: name → detail type. The DOM's
 * `HTMLElementEventMap` is derived from this one map, so `addEventListener('cairn-…')` and
 * `CairnEvent<'cairn-…'>` give typed details. Events bubble and cross shadow roots (composed),
 * so any ancestor can listen. Details are data only, never callbacks: an element that needs an
 * answer gets it as a property or method call from its parent.
 */
import type { SessionEntry } from './gateway/protocol.js';
import type { DateRange } from './insights/date-range.js';

export type ToastKind = 'success' | 'error' | 'info';
export interface ToastInit {
  kind: ToastKind;
  message: string;
}

export interface NavigateDetail {
  url: string;
  replace?: boolean;
}

/** What a row of the sessions table asks for; the sessions view carries it out. */
export type SessionRowAction =
  | {
      action:
        | 'edit'
        | 'cancel-edit'
        | 'toggle-persistent'
        | 'reset'
        | 'delete'
        | 'archive'
        | 'unarchive'
        | 'restore'
        | 'purge'
        | 'toggle-pin';
      entry: SessionEntry;
    }
  | { action: 'rename'; entry: SessionEntry; label: string }
  | { action: 'set-tags'; entry: SessionEntry; tags: string[] }
  | { action: 'select'; entry: SessionEntry; selected: boolean };

export interface CairnEventMap {
  /** Change the URL (and so the view); handled by the shell's router. */
  'cairn-navigate': NavigateDetail;
  /** Show a toast; handled by the shell's toast controller. */
  'cairn-toast': ToastInit;
  /** A session was created through the create dialog. */
  'cairn-session-created': { entry: SessionEntry };
  /** The tag editor's new set of tags (a chip added or removed). */
  'cairn-tags-change': { tags: string[] };
  /** The user picked a session in the switcher. */
  'cairn-session-select': { key: string };
  /**
   * The user picked a message search hit: open `key` at message `seq`; `conversation` names the
   * earlier conversation (sessionId) it is in, absent for the current one.
   */
  'cairn-message-select': { key: string; seq: number; conversation?: string };
  /** The user pasted a token on the token screen. */
  'cairn-token-submit': { token: string };
  /** A dialog closed; `confirmed` tells which button. */
  'cairn-dialog-close': { confirmed: boolean };
  /** A toast's close button or timer. */
  'cairn-toast-dismiss': { id: number };
  /** The composer's text; the listener answers with the composer's `settle(accepted)`. */
  'cairn-chat-submit': { text: string };
  /** The Stop button while a reply streams. */
  'cairn-chat-stop': Record<string, never>;
  /** The Retry button of the latest failed turn. */
  'cairn-chat-retry': Record<string, never>;
  /** The Regenerate button of the last reply. */
  'cairn-chat-regenerate': Record<string, never>;
  /** "Fork from here" on message `seq` of the conversation shown. */
  'cairn-chat-fork': { seq: number };
  /** A button or form in a row of the sessions table. */
  'cairn-session-action': SessionRowAction;
  /** The pager's Previous, Next, a page number, or its "Go to page" (1-based). */
  'cairn-page': { page: number };
  /** The insights range control: a preset or a changed date (UTC days). */
  'cairn-range-change': DateRange;
}

export type CairnEventName = keyof CairnEventMap;
export type CairnEvent<K extends CairnEventName> = CustomEvent<CairnEventMap[K]>;
type CairnEvents = { [K in CairnEventName]: CairnEvent<K> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges CairnEventMap into the DOM's map
  interface HTMLElementEventMap extends CairnEvents {}
}

export function emit<K extends CairnEventName>(
  target: EventTarget,
  name: K,
  detail: CairnEventMap[K],
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }),
  );
}
