import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import type { Toast } from './toast-controller.js';

/**
 * Renders the shell's toasts in a live region; runs a toast's action (Undo) when pressed.
 *
 * @fires cairn-toast-dismiss - the close button, or after an action ran
 */
@customElement('cairn-toast-stack')
export class CairnToastStack extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      /* In the page's flow, under the header: a toast pushes the view down instead of covering
         its controls (the chat header, "New Session", the composer). */
      :host {
        display: block;
      }
      .stack {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: var(--cairn-space-2);
      }
      .stack.shown {
        padding: var(--cairn-space-2) var(--cairn-space-4);
        border-bottom: 1px solid var(--cairn-border);
        background: var(--cairn-surface-2);
      }
      .toast {
        max-width: min(560px, 100%);
      }
      @media (max-width: 600px) {
        .stack {
          align-items: stretch;
        }
        .stack.shown {
          padding: var(--cairn-space-2);
        }
      }
      .toast {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
        padding: var(--cairn-space-2) var(--cairn-space-2) var(--cairn-space-2) var(--cairn-space-3);
        border: 1px solid var(--cairn-border);
        border-left: 4px solid var(--cairn-accent);
        border-radius: var(--cairn-radius-sm);
        background: var(--cairn-surface);
        box-shadow: var(--cairn-shadow);
        font-size: var(--cairn-text-sm);
      }
      .toast.success {
        border-left-color: var(--cairn-success);
      }
      .toast.error {
        border-left-color: var(--cairn-danger);
      }
      .message {
        flex: 1;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) toasts: Toast[] = [];

  override render() {
    return html`<div
      class="stack ${this.toasts.length ? 'shown' : ''}"
      role="status"
      aria-live="polite"
    >
      ${repeat(
        this.toasts,
        (t) => t.id,
        (t) =>
          html`<div class="toast ${t.kind}" role=${t.kind === 'error' ? 'alert' : 'none'}>
            <span class="message">${t.message}</span>
            ${
              t.action
                ? html`<button
                    class="btn small"
                    @click=${() => {
                      t.action?.run();
                      emit(this, 'cairn-toast-dismiss', { id: t.id });
                    }}
                  >
                    ${t.action.label}
                  </button>`
                : ''
            }
            <button
              class="btn ghost small"
              aria-label="Dismiss notification"
              @click=${() => emit(this, 'cairn-toast-dismiss', { id: t.id })}
            >
              ✕
            </button>
          </div>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-toast-stack': CairnToastStack;
  }
}
