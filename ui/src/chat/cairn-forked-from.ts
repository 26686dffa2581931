import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getSession } from '../gateway/commands.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import type { SessionEntry, SessionOrigin } from '../gateway/protocol.js';
import { chatUrl } from '../router/routes.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * "Forked from <label> #seq" in the chat header of a fork: a link to the message it was forked
 * from, in the conversation it was in (the source may have been reset since). The source's
 * current label is looked up; a source gone since (purged) shows its key, unlinked.
 */
@customElement('cairn-forked-from')
export class CairnForkedFrom extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        font-size: var(--cairn-text-sm);
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) origin: SessionOrigin | null = null;

  @state() private source: SessionEntry | null | 'gone' = null;
  private client: GatewayClient | null = null;
  private lookedUp = '';

  constructor() {
    super();
    consumeGateway(this, (client) => {
      this.client = client;
      this.lookUp();
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('origin')) this.lookUp();
  }

  private lookUp(): void {
    const origin = this.origin;
    if (!origin || !this.client || this.lookedUp === origin.key) return;
    this.lookedUp = origin.key;
    this.source = null;
    getSession(this.client, origin.key).then(
      ({ entry }) => {
        if (this.origin?.key === entry.key) this.source = entry;
      },
      () => {
        if (this.origin?.key === origin.key) this.source = 'gone';
      },
    );
  }

  override render() {
    const origin = this.origin;
    if (!origin) return nothing;
    const source = this.source;
    const at = origin.seq > 0 ? ` #${origin.seq}` : '';
    if (source === 'gone') return html`<span class="muted">Forked from ${origin.key}${at}</span>`;
    const label = source?.label ?? origin.key;
    const conversation =
      source && source.sessionId !== origin.sessionId ? origin.sessionId : undefined;
    const href =
      origin.seq > 0 ? chatUrl(origin.key, { seq: origin.seq, conversation }) : chatUrl(origin.key);
    return html`<span class="muted">Forked from</span> <a href=${href}>${label}${at}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-forked-from': CairnForkedFrom;
  }
}
