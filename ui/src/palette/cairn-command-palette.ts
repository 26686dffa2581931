import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listSessions } from '../gateway/commands.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import type { SessionEntry } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { debounce } from '../util/debounce.js';
import { rememberFocus } from '../util/focus.js';
import { relativeTime } from '../util/format.js';
import '../sessions/cairn-persistent-badge.js';

const LIMIT = 20;

/**
 * The session palette (Ctrl/Cmd+K): type to search sessions by name, key or description, arrows to
 * move, Enter to switch. A modal dialog with a combobox and a listbox; Escape closes it and the focus
 * goes back where it was.
 *
 * @fires cairn-session-select - the session picked
 * @fires cairn-dialog-close - when it closes, picked or not
 */
@customElement('cairn-command-palette')
export class CairnCommandPalette extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      dialog {
        width: min(560px, calc(100vw - 2 * var(--cairn-space-4)));
        margin-top: 12vh;
      }
      .body {
        display: grid;
        gap: var(--cairn-space-2);
        padding: var(--cairn-space-4);
      }
      ul {
        max-height: min(50vh, 420px);
        overflow-y: auto;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
        padding: var(--cairn-space-2) var(--cairn-space-3);
        border-radius: var(--cairn-radius);
        cursor: pointer;
      }
      li[aria-selected='true'] {
        background: var(--cairn-accent-soft);
      }
      .label {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .status,
      .keys {
        margin: 0;
        padding: var(--cairn-space-2) var(--cairn-space-3);
        font-size: var(--cairn-text-sm);
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property({ attribute: 'current-key' }) currentKey = '';

  @state() private entries: SessionEntry[] = [];
  @state() private active = 0;
  @state() private loading = false;
  @state() private error = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;
  private client: GatewayClient | null = null;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;
  private generation = 0;
  private readonly search = debounce((text: string) => void this.load(text), 150);

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.input.value = '';
      this.active = 0;
      this.dialog.showModal();
      this.input.focus();
      void this.load('');
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    const option = (i: number) => `palette-option-${i}`;
    return html`<dialog aria-label="Go to session" @close=${this.onClose}>
      <div class="body">
        <input
          class="field"
          type="search"
          role="combobox"
          aria-label="Search sessions"
          aria-expanded="true"
          aria-controls="palette-options"
          aria-autocomplete="list"
          aria-activedescendant=${this.entries.length ? option(this.active) : ''}
          placeholder="Go to session…"
          autocomplete="off"
          @input=${(ev: InputEvent) => this.search((ev.target as HTMLInputElement).value)}
          @keydown=${this.onKeyDown}
        />
        <ul
          id="palette-options"
          role="listbox"
          aria-label="Sessions"
          aria-busy=${this.loading ? 'true' : 'false'}
        >
          ${this.entries.map(
            (e, i) =>
              html`<li
                id=${option(i)}
                role="option"
                aria-selected=${i === this.active ? 'true' : 'false'}
                @click=${() => this.pick(e)}
                @pointermove=${() => (this.active = i)}
              >
                <span class="label">${e.label}</span>
                <cairn-persistent-badge ?persistent=${e.persistent}></cairn-persistent-badge>
                ${e.key === this.currentKey ? html`<span class="muted">current</span>` : nothing}
                <span class="muted">${relativeTime(e.updatedAt)}</span>
              </li>`,
          )}
        </ul>
        ${this.error ? html`<p class="status" role="alert">${this.error}</p>` : nothing}
        ${
          !this.loading && !this.error && this.entries.length === 0
            ? html`<p class="status muted">No sessions match.</p>`
            : nothing
        }
        <p class="keys muted">↑ ↓ to move · Enter to switch · Esc to close</p>
      </div>
    </dialog>`;
  }

  private async load(text: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.generation;
    this.loading = true;
    try {
      const search = text.trim();
      const result = await listSessions(client, { limit: LIMIT, ...(search ? { search } : {}) });
      if (generation !== this.generation) return;
      this.entries = result.sessions;
      this.active = 0;
      this.error = '';
    } catch (err) {
      if (generation === this.generation) this.error = errorMessage(err);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const count = this.entries.length;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (count) this.active = (this.active + (ev.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.updateComplete.then(() =>
        this.renderRoot
          .querySelector('[aria-selected="true"]')
          ?.scrollIntoView({ block: 'nearest' }),
      );
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const entry = this.entries[this.active];
      if (entry) this.pick(entry);
    }
  }

  private pick(entry: SessionEntry): void {
    // The switch moves the focus (to the new session's composer); the opener must not take it back.
    this.restoreFocus = null;
    this.dialog.close();
    emit(this, 'cairn-session-select', { key: entry.key });
  }

  private onClose(): void {
    this.search.cancel();
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-command-palette': CairnCommandPalette;
  }
}
