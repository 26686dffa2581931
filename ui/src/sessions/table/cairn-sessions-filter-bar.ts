import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from '../../events.js';
import { sessionsUrl, type SessionFilter } from '../../router/routes.js';
import { sharedStyles } from '../../styles/shared.js';
import { debounce } from '../../util/debounce.js';
import { consumeGateway } from '../../gateway/context.js';
import { TagCountsController } from '../tags/tag-counts-controller.js';

const FILTERS: { value: SessionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'persistent', label: 'Persistent' },
  { value: 'temporary', label: 'Temporary' },
  { value: 'archived', label: 'Archived' },
  { value: 'trash', label: 'Trash' },
];

/**
 * All / Persistent / Temporary / Archived / Trash, the tag filter (the tags in use, from `tags.list`) and the search
 * box of the sessions table. All three live in the URL,
 * each change back on page 1: a filter pushes a new URL (Back returns to the previous filter), a
 * search replaces it (typing is debounced), so Back skips half-typed searches.
 *
 * @fires cairn-navigate - the `/sessions?filter=&q=` URL for the new filter or search
 */
@customElement('cairn-sessions-filter-bar')
export class CairnSessionsFilterBar extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--cairn-space-3);
        margin-bottom: var(--cairn-space-4);
      }
      .segmented {
        display: inline-flex;
      }
      .segmented .btn {
        border-radius: 0;
      }
      .segmented .btn + .btn {
        margin-left: -1px;
      }
      .segmented .btn:first-child {
        border-radius: var(--cairn-radius-sm) 0 0 var(--cairn-radius-sm);
      }
      .segmented .btn:last-child {
        border-radius: 0 var(--cairn-radius-sm) var(--cairn-radius-sm) 0;
      }
      .segmented .btn[aria-pressed='true'] {
        position: relative;
        background: var(--cairn-accent-soft);
        border-color: var(--cairn-accent);
        color: var(--cairn-accent);
        font-weight: 600;
      }
      .tag-filter {
        display: inline-flex;
        align-items: center;
        gap: var(--cairn-space-2);
      }
      .search {
        flex: 1;
        max-width: 360px;
        min-width: 180px;
      }
      @media (max-width: 720px) {
        .search {
          max-width: none;
        }
      }
    `,
  ];

  @property() filter: SessionFilter = 'all';
  @property() search = '';
  @property() tag = '';

  private readonly tagCounts = new TagCountsController(this);

  constructor() {
    super();
    consumeGateway(this, (client) => this.tagCounts.attach(client));
  }

  private readonly pushSearch = debounce((search: string) => {
    emit(this, 'cairn-navigate', {
      url: sessionsUrl(this.filter, search.trim(), 1, this.tag),
      replace: true,
    });
  }, 250);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pushSearch.cancel();
  }

  override render() {
    return html`<div class="segmented" role="group" aria-label="Filter sessions">
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
      ${this.renderTagFilter()}
      <input
        type="search"
        class="field search"
        aria-label="Search sessions by name, description or key"
        placeholder="Search sessions…"
        .value=${this.search}
        @input=${(ev: InputEvent) => this.pushSearch((ev.target as HTMLInputElement).value)}
      />`;
  }

  private renderTagFilter() {
    const tags = this.tagCounts.tags;
    // A tag from the URL that no session in use has (any more) stays selectable, with no count.
    const options =
      this.tag && !tags.some((t) => t.tag === this.tag)
        ? [{ tag: this.tag, count: 0 }, ...tags]
        : tags;
    if (options.length === 0) return nothing;
    return html`<label class="tag-filter"
      >Tag
      <select
        class="field"
        @change=${(ev: Event) => this.setTag((ev.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${this.tag === ''}>Any tag</option>
        ${options.map(
          (t) =>
            html`<option value=${t.tag} ?selected=${t.tag === this.tag}>
              ${t.tag}${t.count > 0 ? ` (${t.count})` : ''}
            </option>`,
        )}
      </select></label
    >`;
  }

  private setFilter(filter: SessionFilter): void {
    if (filter !== this.filter)
      emit(this, 'cairn-navigate', { url: sessionsUrl(filter, this.search, 1, this.tag) });
  }

  private setTag(tag: string): void {
    if (tag !== this.tag)
      emit(this, 'cairn-navigate', { url: sessionsUrl(this.filter, this.search, 1, tag) });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-sessions-filter-bar': CairnSessionsFilterBar;
  }
}
