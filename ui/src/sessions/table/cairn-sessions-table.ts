import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SessionEntry } from '../../gateway/protocol.js';
import { emit, type SessionRowAction } from '../../events.js';
import { sharedStyles } from '../../styles/shared.js';
import { sessionRow } from './session-row.js';
import { sessionsTableStyles } from './cairn-sessions-table.styles.js';
import { tagChipStyles } from '../tags/tag-chips.js';
import '../cairn-persistent-badge.js';

/**
 * The sessions table: one row per entry with its Persistent toggle and Rename, Reset and Delete.
 * It only shows and asks; the sessions view carries the actions out and passes the state back
 * (busy rows, the row being renamed and its error).
 *
 * @fires cairn-session-action - a row's button, toggle or rename form
 */
@customElement('cairn-sessions-table')
export class CairnSessionsTable extends LitElement {
  static override styles = [sharedStyles, sessionsTableStyles, tagChipStyles];

  @property({ attribute: false }) entries: SessionEntry[] = [];
  @property({ type: Boolean }) loading = false;
  @property({ type: Boolean }) loaded = false;
  @property({ type: Boolean, attribute: 'named-sessions' }) namedSessions = true;
  @property({ attribute: false }) busyKeys: ReadonlySet<string> = new Set();
  /** The key of the row whose name is being edited. */
  @property({ attribute: 'editing-key' }) editingKey: string | null = null;
  @property({ attribute: 'rename-error' }) renameError = '';
  /** Each row's label has a Select box (for Merge…); these rows are ticked. */
  @property({ type: Boolean }) selectable = false;
  @property({ attribute: false }) selectedKeys: ReadonlySet<string> = new Set();

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('editingKey')) return;
    if (this.editingKey !== null) {
      const input = this.renderRoot.querySelector<HTMLInputElement>('.rename input');
      input?.focus();
      input?.select();
      return;
    }
    // Saved or cancelled: focus goes back to that row's Rename button, if the form had it.
    const was = changed.get('editingKey') as string | null | undefined;
    const inTable = this.shadowRoot?.activeElement ?? null;
    if (was && (inTable === null || inTable === document.body)) this.focusRename(was);
  }

  private focusRename(key: string): void {
    const row = this.renderRoot.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
    row?.querySelector<HTMLButtonElement>('button.rename-button')?.focus();
  }

  override render() {
    return html`<table
      aria-busy=${this.loading ? 'true' : 'false'}
      class=${this.loading && this.loaded ? 'dim' : ''}
    >
      <caption class="visually-hidden">
        Sessions: pinned first, then most recently updated first
      </caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Key</th>
          <th scope="col">Tags</th>
          <th scope="col">Persistent</th>
          <th scope="col" class="num">Messages</th>
          <th scope="col">Updated</th>
          <th scope="col">Created</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${!this.loaded && this.loading ? this.renderSkeletonRows() : this.renderRows()}
      </tbody>
    </table>`;
  }

  private renderRows() {
    const act = (action: SessionRowAction): void => {
      emit(this, 'cairn-session-action', action);
    };
    return repeat(
      this.entries,
      (e) => e.key,
      (e) =>
        sessionRow(
          e,
          {
            busy: this.busyKeys.has(e.key),
            editing: this.editingKey === e.key,
            renameError: this.editingKey === e.key ? this.renameError : '',
            canPersist: this.namedSessions,
            selectable: this.selectable,
            selected: this.selectedKeys.has(e.key),
          },
          act,
        ),
    );
  }

  private renderSkeletonRows() {
    return Array.from(
      { length: 8 },
      () =>
        html`<tr class="skeleton-row" aria-hidden="true">
          ${Array.from({ length: 8 }, () => html`<td><span class="skeleton"></span></td>`)}
        </tr>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-sessions-table': CairnSessionsTable;
  }
}
