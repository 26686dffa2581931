import { LitElement, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { rememberFocus } from '../util/focus.js';

/**
 * A yes/no modal; Escape counts as no. Cancel has the focus when it opens (a stray Enter must not
 * delete anything), and the control that opened it has it again when it closes (or, when that
 * control is gone, whatever the parent focuses on `cairn-dialog-close`).
 *
 * @fires cairn-dialog-close - once per opening, with `confirmed`
 */
@customElement('cairn-confirm-dialog')
export class CairnConfirmDialog extends LitElement {
  static override styles = [sharedStyles, dialogStyles];

  @property({ type: Boolean }) open = false;
  @property() heading = '';
  @property() message = '';
  @property({ attribute: 'confirm-label' }) confirmLabel = 'Confirm';
  @property({ type: Boolean }) danger = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.cancel') private cancelButton!: HTMLButtonElement;
  private answered = false;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.answered = false;
      this.restoreFocus = rememberFocus();
      this.dialog.showModal();
      this.cancelButton.focus();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    return html`<dialog aria-labelledby="title" aria-describedby="message" @close=${this.onClose}>
      <form method="dialog" @submit=${this.onSubmit}>
        <h2 id="title">${this.heading}</h2>
        <p id="message">${this.message}</p>
        <div class="actions">
          <button type="button" class="btn cancel" autofocus @click=${() => this.answer(false)}>
            Cancel
          </button>
          <button type="submit" class="btn ${this.danger ? 'danger solid' : 'primary'}">
            ${this.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  private onSubmit(ev: SubmitEvent): void {
    ev.preventDefault();
    this.answer(true);
  }

  private answer(confirmed: boolean): void {
    if (this.answered) return;
    this.answered = true;
    this.dialog.close();
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed });
  }

  /** Escape closes the native dialog without a button. */
  private onClose(): void {
    if (!this.answered) this.answer(false);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-confirm-dialog': CairnConfirmDialog;
  }
}
