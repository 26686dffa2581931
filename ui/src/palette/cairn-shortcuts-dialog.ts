import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { rememberFocus } from '../util/focus.js';
import { SHORTCUTS } from './shortcuts.js';

/**
 * The keyboard shortcuts sheet (`?`). Escape or Close closes it; the focus goes back.
 *
 * @fires cairn-dialog-close - when it closes
 */
@customElement('cairn-shortcuts-dialog')
export class CairnShortcutsDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      .body {
        display: grid;
        gap: var(--cairn-space-3);
        padding: var(--cairn-space-5);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--cairn-space-2) var(--cairn-space-4);
        margin: 0;
      }
      dt {
        white-space: nowrap;
      }
      dd {
        margin: 0;
      }
      kbd {
        padding: 1px 6px;
        border: 1px solid var(--cairn-border);
        border-bottom-width: 2px;
        border-radius: 4px;
        background: var(--cairn-surface-2);
        font-family: var(--cairn-mono);
        font-size: var(--cairn-text-sm);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  /** Show Cmd instead of Ctrl. */
  @property({ type: Boolean }) mac = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.actions button') private closeButton!: HTMLButtonElement;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.dialog.showModal();
      this.closeButton.focus();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    const mod = this.mac ? 'Cmd' : 'Ctrl';
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <div class="body">
        <h2 id="title">Keyboard shortcuts</h2>
        <dl>
          ${SHORTCUTS.map(
            (s) =>
              html`<dt>
                  ${s.keys.map(
                    (k, i) => html`${i ? ' + ' : ''}<kbd>${k === 'Mod' ? mod : k}</kbd>`,
                  )}
                </dt>
                <dd>${s.what}</dd>`,
          )}
        </dl>
        <div class="actions">
          <button class="btn" @click=${() => this.dialog.close()}>Close</button>
        </div>
      </div>
    </dialog>`;
  }

  private onClose(): void {
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-shortcuts-dialog': CairnShortcutsDialog;
  }
}
