import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';

/**
 * Shown when the gateway refuses the token: a field to paste the right one.
 *
 * @fires cairn-token-submit - the pasted token, trimmed
 */
@customElement('cairn-token-screen')
export class CairnTokenScreen extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100%;
        padding: var(--cairn-space-4);
      }
      .card {
        width: min(460px, 100%);
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius-lg);
        background: var(--cairn-surface);
        box-shadow: var(--cairn-shadow);
      }
      p {
        margin: 0;
        font-size: var(--cairn-text-sm);
        line-height: 1.5;
      }
      code {
        font-family: var(--cairn-mono);
      }
    `,
  ];

  /** The gateway's reason, if it gave one. */
  @property() reason = '';
  @property({ type: Boolean, attribute: 'had-token' }) hadToken = false;

  override render() {
    return html`<div class="card">
      <form @submit=${this.onSubmit}>
        <h2>${this.hadToken ? 'That token was not accepted' : 'Gateway token needed'}</h2>
        <p>
          This Cairn gateway requires a token. <code>cairn gateway run</code> prints a link that
          carries it; the token is also stored in <code>gateway.token</code> in the gateway's data
          directory.
        </p>
        ${
          this.reason && this.hadToken
            ? html`<p class="form-error" role="alert">${this.reason}</p>`
            : nothing
        }
        <label for="token"
          >Token
          <input
            id="token"
            name="token"
            class="field"
            type="password"
            autocomplete="off"
            spellcheck="false"
            required
            autofocus
          />
        </label>
        <div class="actions"><button type="submit" class="btn primary">Connect</button></div>
      </form>
    </div>`;
  }

  private onSubmit(ev: SubmitEvent): void {
    ev.preventDefault();
    const token = String(new FormData(ev.target as HTMLFormElement).get('token') ?? '').trim();
    if (token) emit(this, 'cairn-token-submit', { token });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-token-screen': CairnTokenScreen;
  }
}
