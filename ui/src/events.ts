/**
 * Every custom DOM event the UI dispatches, declared once: name → detail type. Events bubble and
 * cross shadow roots (composed), so any ancestor can listen.
 */
import type { SessionEntry } from './gateway/protocol.js';

export type ToastKind = 'success' | 'error' | 'info';
export interface ToastInit {
  kind: ToastKind;
  message: string;
  /** An action button on the toast, e.g. Undo. */
  action?: { label: string; run: () => void };
}

export interface NavigateDetail {
  url: string;
  replace?: boolean;
}

export interface CairnEventMap {
  /** Change the URL (and so the view); handled by the shell's router. */
  'cairn-navigate': NavigateDetail;
  /** Show a toast; handled by the shell's toast controller. */
  'cairn-toast': ToastInit;
  /** A session was created through the create dialog. */
  'cairn-session-created': { entry: SessionEntry };
  /** The user picked a session in the switcher. */
  'cairn-session-select': { key: string };
  /** The user asked to open the create-session dialog. */
  'cairn-create-request': Record<string, never>;
  /** The user pasted a token on the token screen. */
  'cairn-token-submit': { token: string };
  /** A dialog closed; `confirmed` tells which button. */
  'cairn-dialog-close': { confirmed: boolean };
  /** A toast's close button or timer. */
  'cairn-toast-dismiss': { id: number };
  /** The composer's text; call `done(accepted)` so it knows whether to clear. */
  'cairn-chat-submit': { text: string; done: (accepted: boolean) => void };
  /** The Stop button while a reply streams. */
  'cairn-chat-stop': Record<string, never>;
}

export type CairnEventName = keyof CairnEventMap;

declare global {
  interface HTMLElementEventMap {
    'cairn-navigate': CustomEvent<NavigateDetail>;
    'cairn-toast': CustomEvent<ToastInit>;
    'cairn-session-created': CustomEvent<CairnEventMap['cairn-session-created']>;
    'cairn-session-select': CustomEvent<CairnEventMap['cairn-session-select']>;
    'cairn-create-request': CustomEvent<CairnEventMap['cairn-create-request']>;
    'cairn-token-submit': CustomEvent<CairnEventMap['cairn-token-submit']>;
    'cairn-dialog-close': CustomEvent<CairnEventMap['cairn-dialog-close']>;
    'cairn-toast-dismiss': CustomEvent<CairnEventMap['cairn-toast-dismiss']>;
    'cairn-chat-submit': CustomEvent<CairnEventMap['cairn-chat-submit']>;
    'cairn-chat-stop': CustomEvent<CairnEventMap['cairn-chat-stop']>;
  }
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
