import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { patchSession } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { errorMessage } from '../gateway/errors.js';
import type { ModelSummary, SessionEntry } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/** The value of the "use the default model" option (a session that pins none). */
export const DEFAULT_CHOICE = '';

/**
 * The chat header's model: which configured model this session uses, as a native select (keyboard
 * and screen-reader friendly as it is) when the gateway has several; picking one patches the
 * session (`sessions.patch {model}`), and `sessions.changed` brings the new entry back. A session
 * pinned to a model the gateway no longer has shows it as “not configured” next to the default
 * that answers instead. With one model there is nothing to pick: its name is shown as text.
 *
 * @fires cairn-toast - a change the gateway refused
 */
@customElement('cairn-model-picker')
export class CairnModelPicker extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-flex;
        flex: none;
        align-items: center;
        gap: var(--cairn-space-1);
        font-size: var(--cairn-text-xs);
      }
      select {
        max-width: 14rem;
        padding: 2px var(--cairn-space-1);
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius);
        background: var(--cairn-surface);
        color: inherit;
        font: inherit;
      }
      .fallback {
        color: var(--cairn-warning);
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) entry: SessionEntry | null | undefined = undefined;
  @property({ attribute: false }) models: readonly ModelSummary[] = [];

  /** A change is on its way to the gateway: the select waits for the answer. */
  @state() private saving = false;

  private client: GatewayClient | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override render() {
    const { entry, models } = this;
    if (!entry || models.length === 0) return nothing;
    const fallback = models.find((m) => m.default);
    const used = entry.effectiveModel ?? entry.model ?? fallback?.name ?? '';
    const pinned = entry.model ?? DEFAULT_CHOICE;
    const missing = entry.model !== undefined && !models.some((m) => m.name === entry.model);
    const status = missing
      ? html`<span class="fallback" role="status"
          >${entry.model} is no longer configured: ${used} answers</span
        >`
      : nothing;
    if (models.length === 1) {
      return html`<span class="muted" title="The model of this session">Model: ${used}</span
        >${status}`;
    }
    return html`<select
        aria-label="Model for this session"
        title="The model that answers in this session"
        ?disabled=${this.saving}
        aria-busy=${this.saving ? 'true' : 'false'}
        @change=${this.onChange}
      >
        <option value=${DEFAULT_CHOICE} ?selected=${pinned === DEFAULT_CHOICE}>
          Default (${fallback?.name ?? '—'})
        </option>
        ${models.map(
          (m) =>
            html`<option value=${m.name} ?selected=${pinned === m.name}>
              ${m.name}${m.offline ? ' (offline echo)' : ''}
            </option>`,
        )}
        ${
          missing
            ? html`<option value=${entry.model ?? ''} selected disabled>
                ${entry.model} (not configured)
              </option>`
            : nothing
        }
      </select>
      ${status}`;
  }

  /** The select shows the session's choice after every render (its options exist only then). */
  override updated(): void {
    const select = this.renderRoot.querySelector('select');
    if (select && this.entry) select.value = this.entry.model ?? DEFAULT_CHOICE;
  }

  private async onChange(ev: Event): Promise<void> {
    const select = ev.target as HTMLSelectElement;
    const entry = this.entry;
    if (!this.client || !entry) return;
    const model = select.value === DEFAULT_CHOICE ? null : select.value;
    this.saving = true;
    try {
      await patchSession(this.client, { key: entry.key, model });
    } catch (err) {
      select.value = entry.model ?? DEFAULT_CHOICE;
      emit(this, 'cairn-toast', { kind: 'error', message: errorMessage(err) });
    } finally {
      this.saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-model-picker': CairnModelPicker;
  }
}
