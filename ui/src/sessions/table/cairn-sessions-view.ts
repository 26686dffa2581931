import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consumeGateway } from '../../gateway/context.js';
import { errorMessage } from '../../gateway/errors.js';
import type { SessionEntry } from '../../gateway/protocol.js';
import { emit, type CairnEvent, type SessionRowAction } from '../../events.js';
import { chatUrl, sessionsUrl, type SessionFilter } from '../../router/routes.js';
import { sessionActionsContext, type SessionActions } from '../session-actions.js';
import { SessionListController } from '../session-list-controller.js';
import { sharedStyles } from '../../styles/shared.js';
import { plusIcon } from '../../styles/icons.js';
import { consume } from '../../util/context.js';
import { deepActiveElement } from '../../util/focus.js';
import { sessionsViewStyles } from './cairn-sessions-view.styles.js';
import {
  MergeSelectionController,
  selectionBarStyles,
} from '../merge/merge-selection-controller.js';
import '../merge/cairn-merge-dialog.js';
import '../../ui/cairn-confirm-dialog.js';
import '../../ui/cairn-pager.js';
import '../cairn-create-session-dialog.js';
import './cairn-sessions-filter-bar.js';
import './cairn-sessions-table.js';
import { CONFIRM_LABELS, confirmMessage, type Pending } from './sessions-view-text.js';
import { emptyList, shelfNote } from './sessions-view-states.js';

/**
 * `/sessions`: every session in a paged table with filter, search and row actions. The page is
 * its own `sessions.list` query (filter, search, keyset pages), kept live from `sessions.changed`;
 * row actions go through the shared SessionActions, Reset and Delete after a confirmation. Filter,
 * search and page live in the URL: the pager pushes a new one, so Back returns to the last page.
 *
 * @fires cairn-navigate - another page (push), the page that exists instead of one past the end (replace), a new session
 */
@customElement('cairn-sessions-view')
export class CairnSessionsView extends LitElement {
  static override styles = [sharedStyles, sessionsViewStyles, selectionBarStyles];

  @property() filter: SessionFilter = 'all';
  @property() search = '';
  /** Only sessions with this tag ('' for any), from `?tag=`. */
  @property() tag = '';
  /** The page in the URL (1-based). */
  @property({ type: Number }) page = 1;
  @property({ type: Boolean, attribute: 'named-sessions' }) namedSessions = true;

  @state() private creating = false;
  @state() private confirm: Pending | null = null;
  @query('h1') private heading?: HTMLElement;
  @state() private editingKey: string | null = null;
  @state() private renameError = '';
  @state() private busyKeys: ReadonlySet<string> = new Set<string>();

  private readonly list = new SessionListController(this, { mode: 'pages', pageSize: 50 });
  private readonly selection = new MergeSelectionController(this);
  private actions: SessionActions | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => this.list.attach(client));
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Sessions · Cairn';
    this.list.activate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.list.deactivate();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filter') || changed.has('search') || changed.has('page') || changed.has('tag'))
      this.list.setQuery({ filter: this.filter, search: this.search, tag: this.tag }, this.page);
    if (changed.has('filter') || changed.has('search') || changed.has('tag'))
      this.selection.clear();
  }

  override updated(): void {
    // Asked for a page past the end (an old link, sessions deleted since): the URL says which is shown.
    const { loaded, loading, error, page } = this.list;
    if (loaded && !loading && !error && page !== this.page)
      emit(this, 'cairn-navigate', {
        url: sessionsUrl(this.filter, this.search, page, this.tag),
        replace: true,
      });
  }

  override render() {
    const { loaded, loading, entries, error } = this.list;
    return html`
      <div class="page">
        ${this.renderToolbar()}
        <cairn-sessions-filter-bar
          filter=${this.filter}
          search=${this.search}
          tag=${this.tag}
        ></cairn-sessions-filter-bar>
        ${shelfNote(this.filter, this.list.trashDays)} ${this.selection.renderBar()}
        ${
          error
            ? html`<div class="error-box" role="alert">
                ${error}
                <button class="btn small" @click=${() => this.list.reload()}>Retry</button>
              </div>`
            : nothing
        }
        <cairn-sessions-table
          .entries=${entries}
          ?loading=${loading}
          ?loaded=${loaded}
          .namedSessions=${this.namedSessions}
          .busyKeys=${this.busyKeys}
          .editingKey=${this.editingKey}
          .renameError=${this.renameError}
          ?selectable=${this.namedSessions && this.filter !== 'trash'}
          .selectedKeys=${this.selection.keys}
          @cairn-session-action=${(ev: CairnEvent<'cairn-session-action'>) => this.onAction(ev.detail)}
        ></cairn-sessions-table>
        ${loaded && !error && entries.length === 0 ? emptyList(this.filter, this.search, this.tag) : nothing}
        ${this.renderPager()}
      </div>
      ${this.renderDialogs()}
    `;
  }

  private renderToolbar() {
    return html`<div class="toolbar">
      <h1 tabindex="-1">
        Sessions
        ${
          this.list.loaded
            ? html`<span class="count muted">${this.list.total.toLocaleString()}</span>`
            : nothing
        }
      </h1>
      ${
        this.namedSessions
          ? html`<button class="btn primary" @click=${() => (this.creating = true)}>
              ${plusIcon} New Session
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderPager() {
    const { offset, entries, total, hasNext, hasPrevious, loaded, page, pageCount } = this.list;
    if (!loaded || (!hasNext && !hasPrevious)) return nothing;
    return html`<cairn-pager
      offset=${offset}
      count=${entries.length}
      total=${total}
      page=${page}
      page-count=${Math.max(pageCount, page)}
      ?has-previous=${hasPrevious}
      ?has-next=${hasNext}
      @cairn-page=${(ev: CairnEvent<'cairn-page'>) =>
        emit(this, 'cairn-navigate', {
          url: sessionsUrl(this.filter, this.search, ev.detail.page, this.tag),
        })}
    ></cairn-pager>`;
  }

  private renderDialogs() {
    const pending = this.confirm;
    const label = pending?.entry.label ?? '';
    const [verb, confirmLabel] = CONFIRM_LABELS[pending?.kind ?? 'reset'];
    const danger = pending?.kind === 'delete' || pending?.kind === 'purge';
    return html`<cairn-create-session-dialog
        ?open=${this.creating}
        @cairn-dialog-close=${() => (this.creating = false)}
        @cairn-session-created=${(ev: CairnEvent<'cairn-session-created'>) =>
          // As from the switcher: the new session opens (docs/features/named-sessions.md).
          emit(this, 'cairn-navigate', { url: chatUrl(ev.detail.entry.key) })}
      ></cairn-create-session-dialog>
      <cairn-confirm-dialog
        ?open=${pending !== null}
        ?danger=${danger}
        heading=${pending ? `${verb} “${label}”?` : ''}
        message=${pending ? confirmMessage(pending, this.list.trashDays) : ''}
        confirm-label=${confirmLabel}
        @cairn-dialog-close=${this.onConfirmClose}
      ></cairn-confirm-dialog>
      <cairn-merge-dialog
        ?open=${this.selection.dialogOpen}
        .sources=${this.selection.entries}
        @cairn-dialog-close=${(ev: CairnEvent<'cairn-dialog-close'>) =>
          this.selection.closeDialog(ev.detail.confirmed)}
      ></cairn-merge-dialog>`;
  }

  private onAction(detail: SessionRowAction): void {
    const { entry } = detail;
    switch (detail.action) {
      case 'edit':
        this.editingKey = entry.key;
        this.renameError = '';
        break;
      case 'cancel-edit':
        this.editingKey = null;
        break;
      case 'rename':
        void this.rename(entry, detail.label);
        break;
      case 'toggle-persistent':
        this.togglePersistent(entry);
        break;
      case 'reset':
      case 'delete':
      case 'purge':
        this.confirm = { kind: detail.action, entry };
        break;
      case 'archive':
      case 'unarchive':
        this.runAndRefocus(entry, (a) => a.setArchived(entry, detail.action === 'archive'));
        break;
      case 'restore':
        this.runAndRefocus(entry, (a) => a.restoreSession(entry.key, entry.label));
        break;
      case 'toggle-pin':
        this.run(entry, (a) => a.setPinned(entry, !entry.pinned));
        break;
      case 'set-tags':
        this.run(entry, (a) => a.setTags(entry, detail.tags));
        break;
      case 'select':
        this.selection.toggle(entry, detail.selected);
        break;
    }
  }

  /** Runs a row action that takes the row away; the heading takes the focus its button had. */
  private runAndRefocus(entry: SessionEntry, run: (a: SessionActions) => Promise<unknown>): void {
    const actions = this.actions;
    if (!actions) return;
    void this.withBusy(entry.key, () => run(actions)).then(() => this.refocus());
  }

  private async refocus(): Promise<void> {
    await this.updateComplete;
    const focused = deepActiveElement();
    if (!focused || focused === document.body) this.heading?.focus();
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
    this.run(e, (a) => a.togglePersistent(e));
  }

  /** A row action that keeps the row; it re-renders from sessions.changed (or, on failure, from busyKeys). */
  private run(e: SessionEntry, action: (a: SessionActions) => Promise<unknown>): void {
    const actions = this.actions;
    if (actions) void this.withBusy(e.key, () => action(actions));
  }

  private async rename(e: SessionEntry, label: string): Promise<void> {
    const actions = this.actions;
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

  private async onConfirmClose(ev: CairnEvent<'cairn-dialog-close'>): Promise<void> {
    const pending = this.confirm;
    this.confirm = null;
    const actions = this.actions;
    if (!ev.detail.confirmed || !pending || !actions) return;
    const { kind, entry } = pending;
    await this.withBusy(entry.key, () =>
      kind === 'delete'
        ? actions.deleteSession(entry)
        : kind === 'purge'
          ? actions.purgeSession(entry)
          : actions.resetSession(entry),
    );
    // A deleted row took its Delete button (and the focus) with it: the page heading takes it.
    await this.refocus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-sessions-view': CairnSessionsView;
  }
}
