import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consumeGateway } from '../gateway/context.js';
import type { SessionEntry } from '../gateway/protocol.js';
import { emit, type CairnEvent } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { chevronIcon, pinnedIcon, plusIcon } from '../styles/icons.js';
import { tagChipStyles, tagChips } from './tags/tag-chips.js';
import { debounce } from '../util/debounce.js';
import { fullTime, relativeTime } from '../util/format.js';
import { SessionCollectionController } from './session-collection-controller.js';
import { SessionListController } from './session-list-controller.js';
import { switcherStyles } from './cairn-session-switcher.styles.js';
import './cairn-create-session-dialog.js';
import './cairn-persistent-badge.js';

/** What the listbox shows: the shared collection, or the results of a search. */
interface SessionSource {
  readonly entries: SessionEntry[];
  readonly loading: boolean;
  readonly loaded: boolean;
  readonly loadingMore: boolean;
  readonly error: string | null;
  loadMore(): void;
}

const NOTHING_YET: SessionSource = {
  entries: [],
  loading: true,
  loaded: false,
  loadingMore: false,
  error: null,
  loadMore: () => undefined,
};

const clamp = (index: number, count: number): number => Math.min(count - 1, Math.max(0, index));

/**
 * The chat header's session picker: a button showing the current session, opening a searchable
 * listbox (most recent first, more on scroll) with a "New session" entry. The list is the shared
 * session collection; a search asks the gateway (`sessions.list` with `search`).
 *
 * @fires cairn-session-select - the user picked a session
 * @fires cairn-session-created - (from the create dialog inside) a session was created
 */
@customElement('cairn-session-switcher')
export class CairnSessionSwitcher extends LitElement {
  static override styles = [sharedStyles, switcherStyles, tagChipStyles];

  @property({ attribute: 'current-key' }) currentKey = '';
  @property({ attribute: false }) current: SessionEntry | null = null;

  @state() private open = false;
  @state() private active = -1;
  @state() private creating = false;
  @state() private searchText = '';

  @query('.trigger') private trigger!: HTMLButtonElement;
  @query('input[type="search"]') private searchInput?: HTMLInputElement;
  @query('[role="listbox"]') private listbox?: HTMLElement;

  private readonly sessions = new SessionCollectionController(this);
  private readonly found = new SessionListController(this, { mode: 'append', pageSize: 30 });
  private readonly search = debounce((value: string) => this.setSearch(value), 200);

  constructor() {
    super();
    consumeGateway(this, (client) => {
      this.sessions.attach(client);
      this.found.attach(client);
    });
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

  private get source(): SessionSource {
    if (this.searchText.trim()) return this.found;
    return this.sessions.collection ?? NOTHING_YET;
  }

  override render() {
    const label = this.current?.label ?? this.currentKey;
    return html`
      <button
        class="trigger"
        aria-haspopup="listbox"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-label=${`Current session: ${label}${this.current?.persistent ? ', persistent' : ''}. Switch session`}
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
        @cairn-dialog-close=${this.onCreateClosed}
      ></cairn-create-session-dialog>
    `;
  }

  private renderPopover() {
    const { entries, loaded, error } = this.source;
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
          aria-activedescendant=${this.active >= 0 ? `option-${this.active}` : ''}
          placeholder="Search sessions…"
          autocomplete="off"
          @input=${(ev: InputEvent) => {
            this.active = -1;
            this.search((ev.target as HTMLInputElement).value);
          }}
          @keydown=${this.onKeyDown}
        />
      </div>
      ${this.renderListbox()}
      ${error ? html`<div class="status" role="alert">${error}</div>` : nothing}
      ${
        loaded && !error && entries.length === 0
          ? html`<div class="status">No sessions match “${this.searchText}”.</div>`
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

  private renderListbox() {
    const { entries, loading, loaded, loadingMore } = this.source;
    return html`<ul
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
            ${
              e.pinned
                ? html`<span class="pinned-icon" title="Pinned"
                    >${pinnedIcon}<span class="visually-hidden">Pinned:</span></span
                  >`
                : nothing
            }
            <span class="label">${e.label}</span>
            <cairn-persistent-badge ?persistent=${e.persistent}></cairn-persistent-badge>
            ${tagChips(e.tags)}
            <span class="meta" title=${fullTime(e.updatedAt)}
              >${e.key} · ${e.messageCount} messages · ${relativeTime(e.updatedAt)}</span
            >
          </li>`,
      )}
      ${loadingMore ? this.renderSkeleton(1) : nothing}
    </ul>`;
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

  private setSearch(value: string): void {
    this.searchText = value;
    if (!value.trim()) {
      this.found.deactivate();
      return;
    }
    this.found.query = { ...this.found.query, search: value };
    this.found.activate();
  }

  private async toggle(): Promise<void> {
    if (this.open) {
      this.close(false);
      return;
    }
    this.open = true;
    this.active = -1;
    this.searchText = '';
    document.addEventListener('pointerdown', this.onOutsidePointer);
    await this.updateComplete;
    this.searchInput?.focus();
  }

  private close(restoreFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.search.cancel();
    this.found.deactivate();
    document.removeEventListener('pointerdown', this.onOutsidePointer);
    if (restoreFocus) this.trigger.focus();
  }

  private select(key: string): void {
    this.close(true);
    emit(this, 'cairn-session-select', { key });
  }

  /**
   * The dialog's opener (the menu's "New session") is gone with the menu: a cancel returns focus to
   * the switcher; a created session opens, and the chat view focuses its composer.
   */
  private async onCreateClosed(ev: CairnEvent<'cairn-dialog-close'>): Promise<void> {
    this.creating = false;
    if (ev.detail.confirmed) return;
    await this.updateComplete;
    this.trigger.focus();
  }

  private openCreate(): void {
    this.close(false);
    this.creating = true;
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const { entries } = this.source;
    const count = entries.length;
    switch (ev.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        ev.preventDefault();
        if (count) this.active = clamp(this.active + (ev.key === 'ArrowDown' ? 1 : -1), count);
        if (ev.key === 'ArrowDown' && this.active >= count - 3) this.source.loadMore();
        break;
      case 'Home':
      case 'End':
        if (!count) break;
        ev.preventDefault();
        this.active = ev.key === 'Home' ? 0 : count - 1;
        if (ev.key === 'End') this.source.loadMore();
        break;
      case 'Enter': {
        ev.preventDefault();
        const entry = entries[this.active] ?? (count === 1 ? entries[0] : undefined);
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
    if (box && box.scrollTop + box.clientHeight >= box.scrollHeight - 48) this.source.loadMore();
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
