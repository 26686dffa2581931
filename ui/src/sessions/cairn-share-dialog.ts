import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listShares, shareSession, unshareSession } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { errorMessage } from '../gateway/errors.js';
import type { ShareLink } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { copyText } from '../util/clipboard.js';
import { rememberFocus } from '../util/focus.js';
import { fullTime } from '../util/format.js';

/**
 * "Share link…": makes a read-only link to the session's conversation (`sessions.share`, a
 * snapshot or live, expiring after some days), shows it with Copy, and lists the session's links
 * that still work, each with Revoke (`sessions.unshare`). A gateway bound to loopback is said to be
 * reachable only here.
 *
 * @fires cairn-dialog-close - when it closes (`confirmed` is always false: nothing to confirm)
 */
@customElement('cairn-share-dialog')
export class CairnShareDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      dialog {
        width: min(560px, calc(100vw - 2 * var(--cairn-space-4)));
      }
      fieldset {
        display: flex;
        gap: var(--cairn-space-4);
        margin: 0;
        padding: 0;
        border: 0;
      }
      legend {
        margin-bottom: var(--cairn-space-2);
        font-size: var(--cairn-text-sm);
        font-weight: 600;
      }
      .url {
        display: flex;
        gap: var(--cairn-space-2);
      }
      .url input {
        flex: 1;
        font-family: var(--cairn-mono);
      }
      ul {
        display: grid;
        gap: var(--cairn-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--cairn-space-2);
        font-size: var(--cairn-text-sm);
      }
      h3 {
        margin: 0;
        font-size: var(--cairn-text-md);
      }
      p {
        margin: 0;
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property({ attribute: 'session-key' }) sessionKey = '';
  @property() label = '';

  @state() private created: ShareLink | null = null;
  @state() private shares: ShareLink[] = [];
  @state() private error = '';
  @state() private busy = false;
  @state() private copied = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input[name="live"]') private firstField!: HTMLInputElement;
  private client: GatewayClient | null = null;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.created = null;
      this.error = '';
      this.copied = false;
      this.restoreFocus = rememberFocus();
      this.dialog.showModal();
      this.firstField.focus();
      void this.loadShares();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    return html`<dialog aria-labelledby="share-title" @close=${this.onClose}>
      <form @submit=${this.onSubmit}>
        <h2 id="share-title">Share “${this.label}”</h2>
        <p class="hint">
          Anyone with the link can read this conversation (not the other sessions), without the
          gateway token.
        </p>
        <fieldset>
          <legend>What the link shows</legend>
          <label class="check"
            ><input type="radio" name="live" value="no" checked />The conversation as it is now
          </label>
          <label class="check"
            ><input type="radio" name="live" value="yes" />The conversation, always up to date
          </label>
        </fieldset>
        <label
          >Expires after (days)
          <input class="field" type="number" name="days" min="1" max="365" value="30" required />
        </label>
        ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : nothing}
        ${this.created ? this.renderCreated(this.created) : nothing} ${this.renderShares()}
        <div class="actions">
          <button type="button" class="btn" @click=${() => this.dialog.close()}>Close</button>
          <button type="submit" class="btn primary" ?disabled=${this.busy}>Create link</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderCreated(share: ShareLink) {
    return html`<div class="created" role="status">
      <label
        >Link
        <span class="url">
          <input class="field" readonly aria-label="Share link" .value=${share.url} />
          <button type="button" class="btn" @click=${() => this.copy(share.url)}>
            ${this.copied ? 'Copied' : 'Copy'}
          </button>
        </span>
      </label>
      ${
        share.loopbackOnly
          ? html`<p class="hint">
              The gateway listens on this machine only, so the link opens only where the gateway is
              reachable (here, or through a proxy you set up).
            </p>`
          : nothing
      }
    </div>`;
  }

  private renderShares() {
    if (this.shares.length === 0) return nothing;
    return html`<section aria-labelledby="shares-title">
      <h3 id="shares-title">Links that work now</h3>
      <ul>
        ${this.shares.map(
          (s) =>
            html`<li>
              <span
                >${s.live ? 'Live' : 'Snapshot'}, expires
                <time title=${fullTime(s.expiresAt)}
                  >${new Date(s.expiresAt).toLocaleDateString()}</time
                >
                · <code>…${s.token.slice(-6)}</code></span
              >
              <button
                type="button"
                class="btn small danger"
                aria-label=${`Revoke the link ending ${s.token.slice(-6)}`}
                @click=${() => this.revoke(s)}
              >
                Revoke
              </button>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private async loadShares(): Promise<void> {
    if (!this.client || !this.sessionKey) return;
    try {
      this.shares = await listShares(this.client, this.sessionKey);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async onSubmit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const client = this.client;
    if (!client || this.busy) return;
    const data = new FormData(ev.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const { share } = await shareSession(client, {
        key: this.sessionKey,
        live: data.get('live') === 'yes',
        expiresInDays: Number(data.get('days')),
      });
      this.created = share;
      this.copied = false;
      await this.loadShares();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async copy(url: string): Promise<void> {
    this.copied = await copyText(url);
  }

  private async revoke(share: ShareLink): Promise<void> {
    if (!this.client) return;
    try {
      await unshareSession(this.client, share.token);
      if (this.created?.token === share.token) this.created = null;
      await this.loadShares();
      this.firstField.focus();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private onClose(): void {
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-share-dialog': CairnShareDialog;
  }
}
