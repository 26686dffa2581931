import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { consumeGateway } from '../../gateway/context.js';
import { errorMessage } from '../../gateway/errors.js';
import type { SessionEntry } from '../../gateway/protocol.js';
import { emit } from '../../events.js';
import { chatUrl, sessionsUrl, type SessionFilter } from '../../router/routes.js';
import { sessionActionsContext, type SessionActions } from '../session-actions.js';
import { SessionListController } from '../session-list-controller.js';
import { sharedStyles } from '../../styles/shared.js';
import { plusIcon } from '../../styles/icons.js';
import { debounce } from '../../util/debounce.js';
import { consume } from '../../util/context.js';
import { fullTime, relativeTime } from '../../util/format.js';
import { sessionsViewStyles } from './cairn-sessions-view.styles.js';
import '../../ui/cairn-confirm-dialog.js';
import '../cairn-create-session-dialog.js';
import '../cairn-persistent-badge.js';

const FILTERS: { value: SessionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'persistent', label: 'Persistent' },
  { value: 'temporary', label: 'Temporary' },
];

interface Pending {
  kind: 'reset' | 'delete';
  entry: SessionEntry;
}

const isMain = (e: SessionEntry): boolean => e.kind === 'main' || e.key === 'main';

/** `/sessions`: every session in a paged table with filter, search and row actions. */
@customElement('cairn-sessions-view')
export class CairnSessionsView extends LitElement {
  static override styles = [sharedStyles, sessionsViewStyles];

  @property() filter: SessionFilter = 'all';
  @property() search = '';
  @property({ type: Boolean, attribute: 'named-sessions' }) namedSessions = true;

  @state() private creating = false;
  @state() private confirm: Pending | null = null;
  @state() private editingKey: string | null = null;
  @state() private renameError = '';
  @state() private busyKeys = new Set<string>();

  private readonly list = new SessionListController(this, { mode: 'pages', pageSize: 50 });
  private actions: SessionActions | null = null;
  private readonly pushSearch = debounce((search: string) => {
    emit(this, 'cairn-navigate', { url: sessionsUrl(this.filter, search.trim()), replace: true });
  }, 250);

  constructor() {
    super();
    consumeGateway(this, (client) => this.list.attach(client));
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.list.activate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.list.deactivate();
    this.pushSearch.cancel();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filter') || changed.has('search'))
      this.list.setQuery({ filter: this.filter, search: this.search });
  }

  override render() {
    const { total, loaded, entries } = this.list;
    return html`
      <div class="page">
        <div class="toolbar">
          <h1>
            Sessions
            ${loaded ? html`<span class="count muted">${total.toLocaleString()}</span>` : nothing}
          </h1>
          ${
            this.namedSessions
              ? html`<button class="btn primary" @click=${() => (this.creating = true)}>
                  ${plusIcon} New Session
                </button>`
              : nothing
          }
        </div>
        <div class="filters">
          <div class="segmented" role="group" aria-label="Filter sessions">
            ${FILTERS.map(
              (f) =>
                html`<button
                  class="btn small"
                  aria-pressed=${this.filter === f.value ? 'true' : 'false'}
                  @click=${() => this.setFilter(f.value)}
                >
                  ${f.label}
                </button>`,
            )}
          </div>
          <input
            type="search"
            class="field search"
            aria-label="Search sessions by name, description or key"
            placeholder="Search sessions…"
            .value=${this.search}
            @input=${(ev: InputEvent) => this.pushSearch((ev.target as HTMLInputElement).value)}
          />
        </div>
        ${
          this.list.error
            ? html`<div class="error-box" role="alert">
                ${this.list.error}
                <button class="btn small" @click=${() => this.list.reload()}>Retry</button>
              </div>`
            : nothing
        }
        <table
          aria-busy=${this.list.loading ? 'true' : 'false'}
          class=${this.list.loading && loaded ? 'dim' : ''}
        >
          <caption class="visually-hidden">
            Sessions, most recently updated first
          </caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Persistent</th>
              <th scope="col" class="num">Messages</th>
              <th scope="col">Updated</th>
              <th scope="col">Created</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${
              !loaded && this.list.loading
                ? this.renderSkeletonRows()
                : repeat(
                    entries,
                    (e) => e.key,
                    (e) => this.renderRow(e),
                  )
            }
          </tbody>
        </table>
        ${loaded && !this.list.error && entries.length === 0 ? this.renderEmpty() : nothing}
        ${this.renderPager()}
      </div>
      <cairn-create-session-dialog
        ?open=${this.creating}
        @cairn-dialog-close=${() => (this.creating = false)}
        @cairn-session-created=${() => this.list.reload()}
      ></cairn-create-session-dialog>
      <cairn-confirm-dialog
        ?open=${this.confirm !== null}
        ?danger=${this.confirm?.kind === 'delete'}
        heading=${this.confirmHeading()}
        message=${this.confirmMessage()}
        confirm-label=${this.confirm?.kind === 'delete' ? 'Delete session' : 'Reset session'}
        @cairn-dialog-close=${this.onConfirmClose}
      ></cairn-confirm-dialog>
    `;
  }

  private renderRow(e: SessionEntry) {
    const busy = this.busyKeys.has(e.key);
    return html`<tr class=${busy ? 'busy' : ''}>
      <td data-label="Label" class="label-cell">
        ${
          this.editingKey === e.key
            ? this.renderRename(e)
            : html` <a href=${chatUrl(e.key)} class="label-link">${e.label}</a>
                ${e.description ? html`<div class="desc muted">${e.description}</div>` : nothing}`
        }
      </td>
      <td data-label="Key"><code>${e.key}</code></td>
      <td data-label="Persistent">
        <span class="persist">
          <cairn-persistent-badge
            ?persistent=${e.persistent}
            show-temporary
          ></cairn-persistent-badge>
          ${
            this.namedSessions
              ? html`<input
                  type="checkbox"
                  role="switch"
                  class="switch"
                  .checked=${live(e.persistent)}
                  ?disabled=${busy}
                  aria-label=${`Persistent: ${e.label}`}
                  title=${e.persistent ? 'Make temporary' : 'Make persistent'}
                  @change=${() => this.togglePersistent(e)}
                />`
              : nothing
          }
        </span>
      </td>
      <td data-label="Messages" class="num">${e.messageCount.toLocaleString()}</td>
      <td data-label="Updated" title=${fullTime(e.updatedAt)}>${relativeTime(e.updatedAt)}</td>
      <td data-label="Created" title=${fullTime(e.createdAt)}>${relativeTime(e.createdAt)}</td>
      <td class="actions-cell">
        <div class="row-actions">
          <button
            class="btn small"
            aria-label=${`Rename ${e.label}`}
            @click=${() => this.startRename(e)}
          >
            Rename
          </button>
          ${this.renderGuarded(
            `Reset ${e.label}`,
            'Reset',
            e.persistent ? 'Persistent sessions cannot be reset. Turn off Persistent first.' : '',
            () => (this.confirm = { kind: 'reset', entry: e }),
          )}
          ${this.renderGuarded(
            `Delete ${e.label}`,
            'Delete',
            isMain(e) ? 'Main is the default session and cannot be deleted.' : '',
            () => (this.confirm = { kind: 'delete', entry: e }),
            'danger',
          )}
        </div>
      </td>
    </tr>`;
  }

  /** A button that stays focusable when refused, so its reason (tooltip) is reachable. */
  private renderGuarded(name: string, text: string, refusal: string, run: () => void, cls = '') {
    return html`<button
      class="btn small ${cls}"
      aria-label=${name}
      aria-disabled=${refusal ? 'true' : 'false'}
      title=${refusal || name}
      @click=${() => {
        if (!refusal) run();
      }}
    >
      ${text}
    </button>`;
  }

  private renderRename(e: SessionEntry) {
    return html`<form class="rename" @submit=${(ev: SubmitEvent) => this.submitRename(ev, e)}>
      <input
        class="field"
        name="label"
        aria-label=${`New name for ${e.label}`}
        .value=${e.label}
        maxlength="64"
        required
        aria-invalid=${this.renameError ? 'true' : 'false'}
        aria-describedby="rename-error"
        @keydown=${(ev: KeyboardEvent) => {
          if (ev.key === 'Escape') this.editingKey = null;
        }}
      />
      <button class="btn small primary" type="submit">Save</button>
      <button class="btn small" type="button" @click=${() => (this.editingKey = null)}>
        Cancel
      </button>
      ${
        this.renameError
          ? html`<p id="rename-error" class="field-error" role="alert">${this.renameError}</p>`
          : nothing
      }
    </form>`;
  }

  private renderSkeletonRows() {
    return Array.from(
      { length: 8 },
      () =>
        html`<tr class="skeleton-row" aria-hidden="true">
          ${Array.from({ length: 7 }, () => html`<td><span class="skeleton"></span></td>`)}
        </tr>`,
    );
  }

  private renderEmpty() {
    const search = this.search.trim();
    const what = {
      all: 'sessions',
      persistent: 'persistent sessions',
      temporary: 'temporary sessions',
    }[this.filter];
    return html`<div class="empty">
      <p><strong>${search ? `No ${what} match “${search}”.` : `No ${what} yet.`}</strong></p>
      ${
        search || this.filter !== 'all'
          ? html`<a class="btn" href="/sessions">Show all sessions</a>`
          : nothing
      }
    </div>`;
  }

  private renderPager() {
    const { offset, entries, total, hasNext, hasPrevious } = this.list;
    if (!this.list.loaded || (!hasNext && !hasPrevious)) return nothing;
    const first = entries.length ? offset + 1 : 0;
    return html`<nav class="pager" aria-label="Pages">
      <span class="muted" aria-live="polite"
        >${first.toLocaleString()}–${(offset + entries.length).toLocaleString()} of
        ${total.toLocaleString()}</span
      >
      <button class="btn small" ?disabled=${!hasPrevious} @click=${() => this.list.previous()}>
        ← Previous
      </button>
      <button class="btn small" ?disabled=${!hasNext} @click=${() => this.list.next()}>
        Next →
      </button>
    </nav>`;
  }

  private confirmHeading(): string {
    if (!this.confirm) return '';
    const { kind, entry } = this.confirm;
    return kind === 'delete' ? `Delete “${entry.label}”?` : `Reset “${entry.label}”?`;
  }

  private confirmMessage(): string {
    if (!this.confirm) return '';
    const { kind, entry } = this.confirm;
    return kind === 'delete'
      ? `The session “${entry.label}” (${entry.key}) and its whole transcript will be removed. This cannot be undone.`
      : `“${entry.label}” starts a fresh transcript. The previous messages are kept in history but no longer sent to the model.`;
  }

  private setFilter(filter: SessionFilter): void {
    emit(this, 'cairn-navigate', { url: sessionsUrl(filter, this.search), replace: true });
  }

  private async withBusy(key: string, run: () => Promise<unknown>): Promise<void> {
    this.busyKeys = new Set([...this.busyKeys, key]);
    try {
      await run();
    } finally {
      const next = new Set(this.busyKeys);
      next.delete(key);
      this.busyKeys = next;
    }
  }

  private togglePersistent(e: SessionEntry): void {
    const actions = this.actions;
    if (!actions) return;
    // The row re-renders from the sessions.changed event (or stays as it was on failure).
    void this.withBusy(e.key, async () => {
      if (!(await actions.togglePersistent(e))) this.requestUpdate();
    });
  }

  private async startRename(e: SessionEntry): Promise<void> {
    this.editingKey = e.key;
    this.renameError = '';
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('.rename input');
    input?.focus();
    input?.select();
  }

  private async submitRename(ev: SubmitEvent, e: SessionEntry): Promise<void> {
    ev.preventDefault();
    const actions = this.actions;
    const label = String(new FormData(ev.target as HTMLFormElement).get('label') ?? '').trim();
    if (!actions) return;
    if (!label) {
      this.renameError = 'The name cannot be empty.';
      return;
    }
    try {
      await actions.renameSession(e, label);
      this.editingKey = null;
    } catch (err) {
      this.renameError = errorMessage(err);
    }
  }

  private async onConfirmClose(ev: CustomEvent<{ confirmed: boolean }>): Promise<void> {
    const pending = this.confirm;
    this.confirm = null;
    const actions = this.actions;
    if (!ev.detail.confirmed || !pending || !actions) return;
    const { kind, entry } = pending;
    await this.withBusy(entry.key, () =>
      kind === 'delete' ? actions.deleteSession(entry) : actions.resetSession(entry),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-sessions-view': CairnSessionsView;
  }
}
