import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consumeGateway } from '../gateway/context.js';
import type { SessionEntry } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { SessionListController } from './session-list-controller.js';
import { sharedStyles } from '../styles/shared.js';
import { chevronIcon, plusIcon } from '../styles/icons.js';
import { debounce } from '../util/debounce.js';
import { fullTime, relativeTime } from '../util/format.js';
import './cairn-create-session-dialog.js';
import './cairn-persistent-badge.js';

/**
 * The chat header's session picker: a button showing the current session, opening a searchable
 * listbox (most recent first, more on scroll) with a "New session" entry.
 * Emits `cairn-session-select`; the create dialog's `cairn-session-created` bubbles through.
 */
@customElement('cairn-session-switcher')
export class CairnSessionSwitcher extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
        min-width: 0;
        max-width: 100%;
      }
      .trigger {
        display: inline-flex;
        align-items: center;
        gap: var(--cairn-space-2);
        max-width: 100%;
        min-height: 40px;
        padding: 0 var(--cairn-space-3);
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius);
        background: var(--cairn-surface);
        font-weight: 600;
        cursor: pointer;
      }
      .trigger:hover {
        background: var(--cairn-surface-2);
      }
      .trigger .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .chevron {
        color: var(--cairn-text-muted);
        font-size: var(--cairn-text-xs);
      }
      .popover {
        position: absolute;
        z-index: 20;
        top: calc(100% + 6px);
        left: 0;
        display: flex;
        flex-direction: column;
        width: min(380px, calc(100vw - 24px));
        max-height: min(480px, calc(100vh - 120px));
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius);
        background: var(--cairn-surface);
        box-shadow: var(--cairn-shadow);
      }
      .search {
        padding: var(--cairn-space-2);
        border-bottom: 1px solid var(--cairn-border);
      }
      [role='listbox'] {
        flex: 1;
        min-height: 60px;
        margin: 0;
        padding: var(--cairn-space-1);
        overflow-y: auto;
        list-style: none;
      }
      [role='option'] {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px var(--cairn-space-2);
        padding: var(--cairn-space-2) var(--cairn-space-3);
        border-radius: var(--cairn-radius-sm);
        cursor: pointer;
      }
      [role='option'].active {
        background: var(--cairn-accent-soft);
      }
      [role='option'] .label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-weight: 600;
      }
      [role='option'] .meta {
        grid-column: 1 / -1;
        font-size: var(--cairn-text-xs);
        color: var(--cairn-text-muted);
      }
      [role='option'][aria-selected='true'] .label::before {
        content: '✓ ';
        color: var(--cairn-accent);
      }
      .status {
        padding: var(--cairn-space-3);
        font-size: var(--cairn-text-sm);
        color: var(--cairn-text-muted);
      }
      .skeleton-row {
        padding: var(--cairn-space-2) var(--cairn-space-3);
      }
      .skeleton-row .skeleton + .skeleton {
        width: 40%;
        margin-top: 6px;
      }
      .foot {
        display: flex;
        justify-content: space-between;
        gap: var(--cairn-space-2);
        padding: var(--cairn-space-2);
        border-top: 1px solid var(--cairn-border);
      }
    `,
  ];

  @property({ attribute: 'current-key' }) currentKey = '';
  @property({ attribute: false }) current: SessionEntry | null = null;

  @state() private open = false;
  @state() private active = -1;
  @state() private creating = false;

  @query('.trigger') private trigger!: HTMLButtonElement;
  @query('input[type="search"]') private searchInput?: HTMLInputElement;
  @query('[role="listbox"]') private listbox?: HTMLElement;

  private readonly list = new SessionListController(this, { mode: 'append', pageSize: 30 });
  private readonly search = debounce((value: string) => this.list.setQuery({ search: value }), 200);

  constructor() {
    super();
    consumeGateway(this, (client) => this.list.attach(client));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer);
    this.search.cancel();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('active') && this.active >= 0) {
      this.renderRoot.querySelector(`#option-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  override render() {
    const label = this.current?.label ?? this.currentKey;
    return html`
      <button
        class="trigger"
        aria-haspopup="listbox"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-label=${`Current session: ${label}. Switch session`}
        title="Switch session"
        @click=${this.toggle}
      >
        <span class="name">${label}</span>
        <cairn-persistent-badge
          ?persistent=${this.current?.persistent ?? false}
        ></cairn-persistent-badge>
        <span class="chevron">${chevronIcon}</span>
      </button>
      ${this.open ? this.renderPopover() : nothing}
      <cairn-create-session-dialog
        ?open=${this.creating}
        @cairn-dialog-close=${() => (this.creating = false)}
      ></cairn-create-session-dialog>
    `;
  }

  private renderPopover() {
    const { entries, loading, loaded, loadingMore, error } = this.list;
    const activeId = this.active >= 0 ? `option-${this.active}` : '';
    return html`<div class="popover" @focusout=${this.onFocusOut}>
      <div class="search">
        <input
          type="search"
          class="field"
          role="combobox"
          aria-label="Search sessions"
          aria-expanded="true"
          aria-controls="session-options"
          aria-autocomplete="list"
          aria-activedescendant=${activeId}
          placeholder="Search sessions…"
          autocomplete="off"
          @input=${(ev: InputEvent) => {
            this.active = -1;
            this.search((ev.target as HTMLInputElement).value);
          }}
          @keydown=${this.onKeyDown}
        />
      </div>
      <ul
        id="session-options"
        role="listbox"
        aria-label="Sessions"
        aria-busy=${loading ? 'true' : 'false'}
        @scroll=${this.onScroll}
      >
        ${!loaded && loading ? this.renderSkeleton(4) : nothing}
        ${repeat(
          entries,
          (e) => e.key,
          (e, i) =>
            html`<li
              id="option-${i}"
              role="option"
              class=${i === this.active ? 'active' : ''}
              aria-selected=${e.key === this.currentKey ? 'true' : 'false'}
              @click=${() => this.select(e.key)}
              @pointermove=${() => (this.active = i)}
            >
              <span class="label">${e.label}</span>
              <cairn-persistent-badge ?persistent=${e.persistent}></cairn-persistent-badge>
              <span class="meta" title=${fullTime(e.updatedAt)}
                >${e.key} · ${e.messageCount} messages · ${relativeTime(e.updatedAt)}</span
              >
            </li>`,
        )}
        ${loadingMore ? this.renderSkeleton(1) : nothing}
      </ul>
      ${error ? html`<div class="status" role="alert">${error}</div>` : nothing}
      ${
        loaded && !error && entries.length === 0
          ? html`<div class="status">No sessions match “${this.list.query.search}”.</div>`
          : nothing
      }
      <div class="foot">
        <button class="btn primary small" @click=${this.openCreate}>${plusIcon} New session</button>
        <a class="btn ghost small" href="/sessions" @click=${() => this.close(false)}
          >Manage sessions</a
        >
      </div>
    </div>`;
  }

  private renderSkeleton(rows: number) {
    return Array.from(
      { length: rows },
      () =>
        html`<li class="skeleton-row" aria-hidden="true">
          <span class="skeleton"></span><span class="skeleton"></span>
        </li>`,
    );
  }

  private async toggle(): Promise<void> {
    if (this.open) {
      this.close(false);
      return;
    }
    this.open = true;
    this.active = -1;
    this.list.query = { ...this.list.query, search: '' };
    this.list.activate();
    document.addEventListener('pointerdown', this.onOutsidePointer);
    await this.updateComplete;
    this.searchInput?.focus();
  }

  private close(restoreFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.list.deactivate();
    this.search.cancel();
    document.removeEventListener('pointerdown', this.onOutsidePointer);
    if (restoreFocus) this.trigger.focus();
  }

  private select(key: string): void {
    this.close(true);
    emit(this, 'cairn-session-select', { key });
  }

  private openCreate(): void {
    this.close(false);
    this.creating = true;
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const count = this.list.entries.length;
    switch (ev.key) {
      case 'ArrowDown':
        ev.preventDefault();
        if (count) this.active = Math.min(count - 1, this.active + 1);
        if (this.active >= count - 3) this.list.loadMore();
        break;
      case 'ArrowUp':
        ev.preventDefault();
        if (count) this.active = Math.max(0, this.active - 1);
        break;
      case 'Home':
        if (count) {
          ev.preventDefault();
          this.active = 0;
        }
        break;
      case 'End':
        if (count) {
          ev.preventDefault();
          this.active = count - 1;
          this.list.loadMore();
        }
        break;
      case 'Enter': {
        ev.preventDefault();
        const entry =
          this.list.entries[this.active] ?? (count === 1 ? this.list.entries[0] : undefined);
        if (entry) this.select(entry.key);
        break;
      }
      case 'Escape':
        ev.preventDefault();
        this.close(true);
        break;
    }
  }

  private onScroll(): void {
    const box = this.listbox;
    if (box && box.scrollTop + box.clientHeight >= box.scrollHeight - 48) this.list.loadMore();
  }

  private onFocusOut(ev: FocusEvent): void {
    const next = ev.relatedTarget;
    if (next instanceof Node && (this.renderRoot.contains(next) || this.contains(next))) return;
    if (next === null) return; // clicks on non-focusable parts of the popover
    this.close(false);
  }

  private readonly onOutsidePointer = (ev: PointerEvent): void => {
    if (!ev.composedPath().includes(this)) this.close(false);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-session-switcher': CairnSessionSwitcher;
  }
}
