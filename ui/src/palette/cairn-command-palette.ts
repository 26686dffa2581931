import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listSessions, searchQuery } from '../gateway/commands.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import type { SearchHit, SessionEntry } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { debounce } from '../util/debounce.js';
import { rememberFocus } from '../util/focus.js';
import { relativeTime } from '../util/format.js';
import '../sessions/cairn-persistent-badge.js';
import { paletteStyles } from './cairn-command-palette.styles.js';
import { renderSnippet } from './highlight.js';
import { MessageSearch } from './message-search.js';

const LIMIT = 20;
const MESSAGE_LIMIT = 20;

const WHO: Record<string, string> = { user: 'You', assistant: 'Assistant', summary: 'Summary' };

type Option = { kind: 'session'; entry: SessionEntry } | { kind: 'message'; hit: SearchHit };

/**
 * The palette (Ctrl/Cmd+K): type to search sessions by name, key or description and, from two
 * characters on, the messages of every conversation (`search.query`, debounced, see
 * message-search.ts); arrows to move, Enter to switch to a session or open a message in its session.
 * A modal dialog with a combobox and a listbox of two groups; Escape closes it and the focus goes
 * back where it was.
 *
 * @fires cairn-session-select - the session picked
 * @fires cairn-message-select - the message hit picked
 * @fires cairn-dialog-close - when it closes, picked or not
 */
@customElement('cairn-command-palette')
export class CairnCommandPalette extends LitElement {
  static override styles = [sharedStyles, dialogStyles, paletteStyles];

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
  private readonly messages = new MessageSearch(
    async (query) => {
      if (!this.client) return [];
      const result = await searchQuery(this.client, { query, limit: MESSAGE_LIMIT });
      return result.hits.filter((h) => h.kind === 'message' && h.seq !== undefined);
    },
    () => this.requestUpdate(),
  );

  /** Sessions first, then message hits: the order of the listbox and of the arrow keys. */
  private get options(): Option[] {
    return [
      ...this.entries.map((entry): Option => ({ kind: 'session', entry })),
      ...this.messages.hits.map((hit): Option => ({ kind: 'message', hit })),
    ];
  }

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override willUpdate(): void {
    // Message hits come and go as the user types: the selection stays on a row that exists.
    if (this.active >= this.options.length) this.active = 0;
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.input.value = '';
      this.active = 0;
      this.messages.cancel();
      this.dialog.showModal();
      this.input.focus();
      void this.load('');
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    const option = (i: number) => `palette-option-${i}`;
    const options = this.options;
    const sessions = this.entries.length;
    return html`<dialog aria-label="Go to session or message" @close=${this.onClose}>
      <div class="body">
        <input
          class="field"
          type="search"
          role="combobox"
          aria-label="Search sessions and messages"
          aria-expanded="true"
          aria-controls="palette-options"
          aria-autocomplete="list"
          aria-activedescendant=${options.length ? option(this.active) : ''}
          placeholder="Go to a session or find a message…"
          autocomplete="off"
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        />
        <div
          class="results"
          id="palette-options"
          role="listbox"
          aria-label="Sessions and messages"
          aria-busy=${this.loading || this.messages.status === 'loading' ? 'true' : 'false'}
        >
          ${
            sessions
              ? html`<div role="group" aria-labelledby="palette-sessions">
                  <div class="group-head" id="palette-sessions">Sessions</div>
                  <ul role="none">
                    ${this.entries.map((e, i) => this.renderSession(e, i, option(i)))}
                  </ul>
                </div>`
              : nothing
          }
          ${
            this.messages.hits.length
              ? html`<div role="group" aria-labelledby="palette-messages">
                  <div class="group-head" id="palette-messages">Messages</div>
                  <ul role="none">
                    ${this.messages.hits.map((h, i) =>
                      this.renderHit(h, sessions + i, option(sessions + i)),
                    )}
                  </ul>
                </div>`
              : nothing
          }
        </div>
        ${this.error ? html`<p class="status error" role="alert">${this.error}</p>` : nothing}
        ${
          !this.loading && !this.error && sessions === 0 && this.messages.hits.length === 0
            ? html`<p class="status muted">No sessions match.</p>`
            : nothing
        }
        ${this.renderMessageStatus()}
        <p class="keys muted">
          ↑ ↓ to move · Enter to open · Esc to close · <code>"phrase"</code> <code>pay*</code>
          <code>in:work</code>
        </p>
      </div>
    </dialog>`;
  }

  private renderSession(e: SessionEntry, i: number, id: string) {
    return html`<li
      id=${id}
      role="option"
      aria-selected=${i === this.active ? 'true' : 'false'}
      @click=${() => this.pick({ kind: 'session', entry: e })}
      @pointermove=${() => (this.active = i)}
    >
      <span class="label">${e.label}</span>
      <cairn-persistent-badge ?persistent=${e.persistent}></cairn-persistent-badge>
      ${e.key === this.currentKey ? html`<span class="muted">current</span>` : nothing}
      <span class="muted">${relativeTime(e.updatedAt)}</span>
    </li>`;
  }

  private renderHit(h: SearchHit, i: number, id: string) {
    return html`<li
      id=${id}
      class="hit"
      role="option"
      aria-selected=${i === this.active ? 'true' : 'false'}
      @click=${() => this.pick({ kind: 'message', hit: h })}
      @pointermove=${() => (this.active = i)}
    >
      <span class="hit-head">
        <span class="label">${h.label}</span>
        ${h.current === false ? html`<span class="earlier">earlier conversation</span>` : nothing}
        <span class="muted"
          >${WHO[h.role ?? ''] ?? h.role}${
            h.createdAt ? html` · ${relativeTime(h.createdAt)}` : nothing
          }</span
        >
      </span>
      <span class="snippet">${renderSnippet(h.snippet, h.highlights)}</span>
    </li>`;
  }

  /** A live region, always there, so the outcome of each search is announced. */
  private renderMessageStatus() {
    const { status, error, hits } = this.messages;
    if (status === 'error')
      return html`<p class="status error" role="alert">Message search: ${error}</p>`;
    const text =
      status === 'loading'
        ? 'Searching messages…'
        : status === 'done' && hits.length === 0
          ? 'No messages found.'
          : status === 'done'
            ? `${hits.length} message${hits.length === 1 ? '' : 's'} found.`
            : '';
    return html`<p
      class="status muted ${!text || (status === 'done' && hits.length) ? 'visually-hidden' : ''}"
      role="status"
    >
      ${text}
    </p>`;
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

  private onInput(ev: InputEvent): void {
    const text = (ev.target as HTMLInputElement).value;
    this.search(text);
    this.messages.input(text);
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const options = this.options;
    const count = options.length;
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
      const picked = options[this.active];
      if (picked) this.pick(picked);
    }
  }

  private pick(picked: Option): void {
    // The switch moves the focus (to the new session's composer or the message); the opener must not
    // take it back.
    this.restoreFocus = null;
    this.dialog.close();
    if (picked.kind === 'session') emit(this, 'cairn-session-select', { key: picked.entry.key });
    else {
      const { sessionKey, seq, sessionId, current } = picked.hit;
      emit(this, 'cairn-message-select', {
        key: sessionKey,
        seq: seq ?? 0,
        ...(current === false && sessionId ? { conversation: sessionId } : {}),
      });
    }
  }

  private onClose(): void {
    this.search.cancel();
    this.messages.cancel();
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
