import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChatController } from './chat-controller.js';
import { CommandListController } from './command-list-controller.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { emit, type CairnEvent } from '../events.js';
import { MAIN_SESSION, type MessageTarget } from '../router/routes.js';
import { CurrentSessionController } from '../sessions/current-session-controller.js';
import { sessionActionsContext, type SessionActions } from '../sessions/session-actions.js';
import { consume } from '../util/context.js';
import { sharedStyles } from '../styles/shared.js';
import { chatViewStyles } from './cairn-chat-view.styles.js';
import type { CairnChatComposer } from './cairn-chat-composer.js';
import './cairn-chat-composer.js';
import './cairn-chat-message.js';
import './cairn-forked-from.js';
import './cairn-chat-summary.js';
import './cairn-context-meter.js';
import './cairn-model-picker.js';
import './cairn-generations-dialog.js';
import './cairn-session-menu.js';
import { findMessageElement, renderItems } from './render-items.js';
import {
  archivedBanner,
  conversationSkeleton,
  missingSession,
  targetNote,
} from './chat-banners.js';
import { deepActiveElement } from '../util/focus.js';
import { ScrollFollower } from './scroll-follower.js';
import { arrowDownIcon, historyIcon } from '../styles/icons.js';
import '../sessions/cairn-persistent-badge.js';
import '../sessions/cairn-session-switcher.js';

const emptyConversation = html`<div class="empty">
  <p><strong>No messages yet.</strong></p>
  <p>Say hello, or type <code>/help</code> for commands.</p>
</div>`;

/**
 * The conversation of the session named in the URL, with the session switcher (or a plain title
 * when named sessions are off) above it.
 *
 * @fires cairn-navigate - a switch (push), a name resolved to its key or a deleted session (replace)
 * @fires cairn-toast - a deleted session, a refused message, a command's reply after a switch
 */
@customElement('cairn-chat-view')
export class CairnChatView extends LitElement {
  static override styles = [sharedStyles, chatViewStyles];

  @property() session = MAIN_SESSION;
  @property({ type: Boolean, attribute: 'named-sessions' }) namedSessions = true;
  /** The message to scroll to and highlight (`msg=` in the URL), a search hit. */
  @property({ attribute: false }) target: MessageTarget | undefined = undefined;

  @query('.log') private log?: HTMLElement;
  @query('.log .inner') private logContent?: HTMLElement;
  @query('cairn-chat-composer') private composer?: HTMLElement;

  /**
   * A session was opened: its composer takes the focus once the session is ready — `if-free` when
   * nothing else has it by then, `always` after creating a session in the switcher's dialog.
   */
  private focusComposer: false | 'if-free' | 'always' = false;
  /** The target already scrolled to (`session:seq`): it is shown once per arrival. */
  private revealed: string | null = null;
  /** The "Previous conversations" dialog is open. */
  @state() private browsing = false;

  private readonly follower = new ScrollFollower(this, () => {
    if (this.chat.hasOlder && !this.chat.loadingOlder) void this.chat.loadOlder();
  });

  private readonly current = new CurrentSessionController(this, {
    navigate: (url, replace) => emit(this, 'cairn-navigate', { url, replace }),
    deleted: (key, label) => {
      // Undo restores it and opens it again, wherever the delete came from (menu, command, API).
      if (this.actions) this.actions.announceTrashed(key, label, true, ' You are back on Main.');
      else
        emit(this, 'cairn-toast', {
          kind: 'info',
          message: `Session “${label}” was deleted. You are back on Main.`,
        });
      this.current.fallBackToMain();
    },
  });

  private readonly commandList = new CommandListController(this);
  private actions: SessionActions | null = null;
  private client: GatewayClient | null = null;

  private readonly chat = new ChatController(this, {
    switchTo: (key) => this.current.switchSession(key),
    notify: (toast) => emit(this, 'cairn-toast', toast),
    olderArriving: () => this.follower.keepPosition(),
  });

  constructor() {
    super();
    consumeGateway(this, (client) => {
      this.client = client;
      this.current.attach(client);
      this.chat.attach(client);
      this.commandList.attach(client);
    });
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
    this.addEventListener('cairn-chat-fork', (ev) => {
      void this.actions?.forkSession(this.session, ev.detail.seq);
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('session')) {
      this.current.setKey(this.session);
      this.chat.setSession(this.session);
      this.follower.follow();
    }
    if (changed.has('session') || changed.has('target')) {
      this.chat.setTarget(this.target);
      this.revealed = null;
    }
    this.chat.observeEntry(this.current.entry);
    document.title = this.current.entry ? `${this.current.entry.label} · Cairn` : 'Cairn';
  }

  override updated(changed: Map<string, unknown>): void {
    // The composer is disabled until the session is loaded: it takes the focus once it can, if
    // nothing else has it by then (a menu opened meanwhile keeps it).
    if (changed.has('session') && !this.focusComposer) this.focusComposer = 'if-free';
    if (
      this.focusComposer &&
      this.current.status === 'ready' &&
      this.current.key === this.session
    ) {
      const always = this.focusComposer === 'always';
      this.focusComposer = false;
      void this.updateComplete.then(() => {
        const active = deepActiveElement();
        if (always || !active || active === document.body) this.composer?.focus();
      });
    }
    this.follower.observe(this.log, this.logContent);
    const target = this.chat.target;
    const id = target && `${this.session}:${target.seq}`;
    if (id && this.chat.targetState === 'found' && this.revealed !== id) {
      this.revealed = id;
      void this.reveal(target.seq);
    }
  }

  /** Scrolls the highlighted message into view and gives it the focus (screen readers read it). */
  private async reveal(seq: number): Promise<void> {
    await this.updateComplete;
    const content = this.logContent;
    const el = content && (await findMessageElement(content, seq));
    if (!el) return;
    await (el as HTMLElementTagNameMap['cairn-chat-message']).updateComplete;
    this.follower.reveal(el);
    el.focus({ preventScroll: true });
  }

  override render() {
    const { status } = this.current;
    return html`
      <div class="head">${this.renderHeader()}</div>
      ${status === 'missing' ? missingSession(this.session, this.namedSessions) : this.renderConversation()}
    `;
  }

  private renderHeader() {
    const entry = this.current.entry;
    const label = entry?.label ?? this.session;
    const picker = this.namedSessions
      ? html`<cairn-session-switcher
          current-key=${this.session}
          .current=${entry}
          @cairn-session-select=${(ev: CairnEvent<'cairn-session-select'>) =>
            this.current.switchSession(ev.detail.key)}
          @cairn-session-created=${(ev: CairnEvent<'cairn-session-created'>) =>
            this.current.switchSession(ev.detail.entry.key)}
          @cairn-dialog-close=${(ev: CairnEvent<'cairn-dialog-close'>) => {
            // A session was created and opened: its composer, once the dialog is gone.
            if (ev.detail.confirmed) {
              this.focusComposer = 'always';
              this.requestUpdate();
            }
          }}
        ></cairn-session-switcher>`
      : html`<h1 class="title">${label}</h1>`;
    return html`${picker}${
        entry?.forkedFrom
          ? html`<cairn-forked-from .origin=${entry.forkedFrom}></cairn-forked-from>`
          : nothing
      }${
        entry?.description
          ? html`<span class="desc muted" title=${entry.description}>${entry.description}</span>`
          : nothing
      }<cairn-model-picker
        .entry=${entry}
        .models=${this.client?.hello?.models ?? []}
      ></cairn-model-picker
      ><cairn-context-meter
        .tokens=${entry?.contextTokens}
        .window=${entry?.contextWindow}
      ></cairn-context-meter>
      <button
        class="btn ghost small history"
        aria-label="Previous conversations"
        title="Earlier conversations of this session, kept by resets"
        @click=${() => (this.browsing = true)}
      >
        ${historyIcon}<span class="history-text">Previous conversations</span>
      </button>
      ${this.namedSessions ? html`<cairn-session-menu .entry=${entry}></cairn-session-menu>` : nothing}
      <cairn-generations-dialog
        ?open=${this.browsing}
        session-key=${this.session}
        label=${label}
        @cairn-dialog-close=${() => (this.browsing = false)}
      ></cairn-generations-dialog>`;
  }

  private renderConversation() {
    const messages = this.chat.items;
    const loading = this.chat.loading || this.current.status === 'loading';
    return html`
      ${
        this.current.entry?.archived
          ? archivedBanner(
              this.current.entry,
              (entry) => void this.actions?.setArchived(entry, false, false),
            )
          : nothing
      }
      ${targetNote(this.chat.target, this.chat.targetState, () => (this.browsing = true))}
      <div class="log-wrap">
        <div
          class="log"
          role="log"
          aria-label=${`Conversation in ${this.current.entry?.label ?? this.session}`}
          aria-busy=${loading ? 'true' : 'false'}
          tabindex="0"
          @cairn-chat-retry=${() => this.onRetry(false)}
          @cairn-chat-regenerate=${() => this.onRetry(true)}
        >
          <div class="inner">
            ${
              this.chat.hasOlder
                ? html`<button class="btn small older" @click=${() => this.chat.loadOlder()}>
                    ${this.chat.loadingOlder ? 'Loading…' : 'Load earlier messages'}
                  </button>`
                : nothing
            }
            ${loading && messages.length === 0 ? conversationSkeleton : nothing}
            ${
              this.current.status === 'error'
                ? html`<p class="error" role="alert">${this.current.error}</p>`
                : nothing
            }
            ${this.chat.error ? html`<p class="error" role="alert">${this.chat.error}</p>` : nothing}
            ${!loading && !this.chat.error && messages.length === 0 ? emptyConversation : nothing}
            ${renderItems(messages)}
          </div>
        </div>
        ${
          this.follower.stuck || messages.length === 0
            ? nothing
            : html`<button class="btn small jump" @click=${() => this.follower.follow()}>
                ${arrowDownIcon} Jump to latest
              </button>`
        }
      </div>
      ${this.renderComposer()}
    `;
  }

  private renderComposer() {
    const archived = this.current.entry?.archived ?? false;
    return html`<div class="composer">
      <cairn-chat-composer
        ?streaming=${this.chat.streaming}
        ?disabled=${this.current.status !== 'ready'}
        .commands=${this.commandList.commands}
        placeholder=${
          archived
            ? 'Archived: unarchive to send messages (commands still work)'
            : `Message ${this.current.entry?.label ?? this.session}…`
        }
        @cairn-chat-submit=${this.onSubmit}
        @cairn-chat-stop=${() => void this.chat.abort()}
      ></cairn-chat-composer>
    </div>`;
  }

  private async onSubmit(ev: CairnEvent<'cairn-chat-submit'>): Promise<void> {
    const composer = ev.currentTarget as CairnChatComposer;
    this.follower.follow();
    composer.settle(await this.chat.send(ev.detail.text));
  }

  private onRetry(regenerate: boolean): void {
    this.follower.follow();
    void this.chat.retry(regenerate);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-view': CairnChatView;
  }
}
