import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consumeGateway } from '../gateway/context.js';
import type { SessionEntry } from '../gateway/protocol.js';
import { emit, type CairnEvent } from '../events.js';
import { chatUrl } from '../router/routes.js';
import { sharedStyles } from '../styles/shared.js';
import { pinIcon, pinnedIcon, plusIcon } from '../styles/icons.js';
import { tagChipStyles, tagChips } from './tags/tag-chips.js';
import { fullTime, relativeTime } from '../util/format.js';
import { SessionCollectionController } from './session-collection-controller.js';
import { persistentFirst } from './session-order.js';
import { sidebarStyles } from './cairn-session-sidebar.styles.js';
import './cairn-create-session-dialog.js';

/**
 * The optional list of sessions beside the chat on wide screens: persistent sessions first, then
 * the others, each most recent first; the open one marked. It reads the shared session collection
 * (the switcher's), so it follows every change live and grows with "Show more".
 *
 * @fires cairn-navigate - a session created from its "New session" opens
 * @fires cairn-session-created - (from the create dialog inside) a session was created
 */
@customElement('cairn-session-sidebar')
export class CairnSessionSidebar extends LitElement {
  static override styles = [sharedStyles, sidebarStyles, tagChipStyles];

  /** The session open in the chat. */
  @property({ attribute: 'current-key' }) currentKey = '';

  @state() private creating = false;

  private readonly sessions = new SessionCollectionController(this);

  constructor() {
    super();
    consumeGateway(this, (client) => this.sessions.attach(client));
  }

  override render() {
    const collection = this.sessions.collection;
    const { pinned, persistent, others } = persistentFirst(collection?.entries ?? []);
    const loading = !collection?.loaded && (collection?.loading ?? true);
    return html`<nav aria-label="Sessions sidebar">
      <div class="top">
        <h2 id="sidebar-title">Sessions</h2>
        <button class="btn small" @click=${() => (this.creating = true)}>
          ${plusIcon} New session
        </button>
      </div>
      <div class="lists" aria-busy=${loading ? 'true' : 'false'}>
        ${loading ? html`<span class="skeleton"></span><span class="skeleton"></span>` : nothing}
        ${this.renderGroup('Pinned', pinned)} ${this.renderGroup('Persistent', persistent)}
        ${this.renderGroup('Recent', others)}
        ${collection?.error ? html`<p class="error" role="alert">${collection.error}</p>` : nothing}
        ${
          collection?.hasMore
            ? html`<button
                class="btn ghost small more"
                ?disabled=${collection.loadingMore}
                @click=${() => collection.loadMore()}
              >
                ${collection.loadingMore ? 'Loading…' : 'Show more'}
              </button>`
            : nothing
        }
      </div>
      <a class="all" href="/sessions">All sessions</a>
      <cairn-create-session-dialog
        ?open=${this.creating}
        @cairn-dialog-close=${() => (this.creating = false)}
        @cairn-session-created=${(ev: CairnEvent<'cairn-session-created'>) =>
          emit(this, 'cairn-navigate', { url: chatUrl(ev.detail.entry.key) })}
      ></cairn-create-session-dialog>
    </nav>`;
  }

  private renderGroup(title: string, entries: SessionEntry[]) {
    if (entries.length === 0) return nothing;
    const id = `group-${title.toLowerCase()}`;
    return html`<h3 id=${id}>${title}</h3>
      <ul aria-labelledby=${id}>
        ${repeat(
          entries,
          (e) => e.key,
          (e) =>
            html`<li>
              <a
                href=${chatUrl(e.key)}
                aria-current=${e.key === this.currentKey ? 'page' : 'false'}
                title=${e.description ?? e.label}
              >
                ${
                  e.pinned
                    ? html`<span class="pinned-icon" title="Pinned"
                        >${pinnedIcon}<span class="visually-hidden">Pinned:</span></span
                      >`
                    : nothing
                }
                <span class="label">${e.label}</span>
                ${tagChips(e.tags)}
                ${
                  e.persistent
                    ? html`<span class="pin" title="Persistent">${pinIcon}</span>`
                    : nothing
                }
                <span class="when" title=${fullTime(e.updatedAt)}
                  >${relativeTime(e.updatedAt)}</span
                >
              </a>
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-session-sidebar': CairnSessionSidebar;
  }
}
