import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { chatHistory } from '../gateway/commands.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import type { SessionGeneration } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { fullTime } from '../util/format.js';
import { rememberFocus } from '../util/focus.js';
import { toDisplay } from './display-message.js';
import { renderItems } from './render-items.js';
import { arrange, markTurns, type TranscriptItem } from './transcript.js';
import './cairn-chat-message.js';
import './cairn-chat-summary.js';

/** The most of one earlier conversation shown (its latest messages). */
const READ_LIMIT = 500;

const when = (g: SessionGeneration): string =>
  g.endedAt ? `${fullTime(g.startedAt)} – ${fullTime(g.endedAt)}` : fullTime(g.startedAt);

/**
 * "Previous conversations": the generations of a session that resets closed (`sessions.generations`),
 * and one of them read-only (`chat.history` with its `sessionId`). Focus goes back to the opener.
 *
 * @fires cairn-dialog-close - on Close or Escape
 */
@customElement('cairn-generations-dialog')
export class CairnGenerationsDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      dialog {
        width: min(760px, calc(100vw - 2 * var(--cairn-space-4)));
      }
      .body {
        display: grid;
        gap: var(--cairn-space-3);
        padding: var(--cairn-space-5);
        max-height: min(75vh, 720px);
        overflow-y: auto;
      }
      .top {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
      }
      .top h2 {
        flex: 1;
      }
      ul {
        display: grid;
        gap: var(--cairn-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .generation {
        width: 100%;
        justify-content: space-between;
        text-align: left;
      }
      .transcript {
        display: flex;
        flex-direction: column;
        gap: var(--cairn-space-3);
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property({ attribute: 'session-key' }) sessionKey = '';
  @property() label = '';

  @state() private generations: SessionGeneration[] | null = null;
  @state() private reading: SessionGeneration | null = null;
  @state() private items: TranscriptItem[] = [];
  @state() private error = '';
  @state() private loading = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  private client: GatewayClient | null = null;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.reading = null;
      this.dialog.showModal();
      void this.loadList();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <div class="body">
        <div class="top">
          <h2 id="title">
            ${this.reading ? `Conversation of ${fullTime(this.reading.startedAt)}` : 'Previous conversations'}
          </h2>
          ${
            this.reading
              ? html`<button class="btn small" @click=${this.backToList}>All conversations</button>`
              : nothing
          }
          <button class="btn small" @click=${() => this.dialog.close()}>Close</button>
        </div>
        ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : nothing}
        ${this.reading ? this.renderTranscript() : this.renderList()}
      </div>
    </dialog>`;
  }

  private renderList() {
    const earlier = this.generations?.filter((g) => !g.current) ?? [];
    if (this.loading || this.generations === null)
      return html`<p class="muted" role="status">Loading…</p>`;
    if (earlier.length === 0)
      return html`<p class="muted">
        “${this.label}” has no earlier conversations. A reset starts a new one and keeps the old one
        here.
      </p>`;
    return html`<p class="muted">
        Earlier conversations of “${this.label}”, newest first (read-only).
      </p>
      <ul>
        ${earlier.map(
          (g) =>
            html`<li>
              <button class="btn generation" @click=${() => this.read(g)}>
                <span>${when(g)}</span>
                <span class="muted"
                  >${g.messageCount} message${g.messageCount === 1 ? '' : 's'}</span
                >
              </button>
            </li>`,
        )}
      </ul>`;
  }

  private renderTranscript() {
    if (this.loading) return html`<p class="muted" role="status">Loading…</p>`;
    return html`<div
      class="transcript"
      role="log"
      tabindex="0"
      aria-label=${`Earlier conversation in ${this.label}`}
    >
      ${renderItems(this.items)}
    </div>`;
  }

  private async loadList(): Promise<void> {
    if (!this.client) return;
    this.loading = true;
    this.error = '';
    try {
      const result = await this.client.request('sessions.generations', { key: this.sessionKey });
      this.generations = result.generations;
    } catch (err) {
      this.error = errorMessage(err);
      this.generations = [];
    } finally {
      this.loading = false;
    }
  }

  private async read(generation: SessionGeneration): Promise<void> {
    if (!this.client) return;
    this.reading = generation;
    this.loading = true;
    this.error = '';
    try {
      const result = await chatHistory(this.client, {
        sessionKey: this.sessionKey,
        sessionId: generation.sessionId,
        limit: READ_LIMIT,
      });
      this.items = arrange(markTurns(result.messages.map(toDisplay), false));
    } catch (err) {
      this.error = errorMessage(err);
      this.items = [];
    } finally {
      this.loading = false;
    }
  }

  private backToList(): void {
    this.reading = null;
    this.items = [];
  }

  private onClose(): void {
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-generations-dialog': CairnGenerationsDialog;
  }
}
