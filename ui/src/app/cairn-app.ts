import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { defaultGatewayUrl, GatewayClient } from '../gateway/client.js';
import { gatewayContext } from '../gateway/context.js';
import { adoptToken, readToken, storeToken } from '../gateway/token.js';
import type { CairnEvent } from '../events.js';
import { RouterController } from '../router/router.js';
import { SessionActions, sessionActionsContext } from '../sessions/session-actions.js';
import { chatUrl, MAIN_SESSION } from '../router/routes.js';
import { cairnLogo, sidebarIcon } from '../styles/icons.js';
import { sharedStyles } from '../styles/shared.js';
import { appStyles } from './cairn-app.styles.js';
import { ToastController } from '../toasts/toast-controller.js';
import '../chat/cairn-chat-view.js';
import '../sessions/table/cairn-sessions-view.js';
import '../toasts/cairn-toast-stack.js';
import './cairn-token-screen.js';
import '../palette/cairn-command-palette.js';
import '../palette/cairn-shortcuts-dialog.js';
import '../sessions/cairn-create-session-dialog.js';
import '../templates/cairn-templates-view.js';
import { neighbour, shortcutFor, type ShortcutAction } from '../palette/shortcuts.js';
import { sessionCollection } from '../sessions/session-collection.js';
import '../sessions/cairn-session-sidebar.js';
import { readSidebar, storeSidebar } from './sidebar-preference.js';
import { mainNav, providerBadge, statusDot } from './app-header.js';

/**
 * The shell: owns the gateway connection and the route, and nothing else. Views below it get the
 * client through context and talk back with events (navigate, toast).
 */
@customElement('cairn-app')
export class CairnApp extends LitElement {
  static override styles = [sharedStyles, appStyles];

  /** First, before the router canonicalises the URL: the token arrives in the fragment. */
  private hadToken = adoptToken({ location, history, storage: localStorage }) !== null;
  private readonly client = new GatewayClient({
    url: defaultGatewayUrl(location),
    getToken: () => readToken(localStorage),
  });
  private readonly router = new RouterController(this);
  private readonly toasts = new ToastController(this);
  /** The dialog a keyboard shortcut opened. */
  @state() private overlay: 'palette' | 'shortcuts' | 'create' | null = null;
  /** The sessions sidebar beside the chat (wide screens only), as last chosen. */
  @state() private sidebar = readSidebar(localStorage);

  constructor() {
    super();
    new ContextProvider(this, { context: gatewayContext, initialValue: this.client });
    new ContextProvider(this, {
      context: sessionActionsContext,
      initialValue: new SessionActions(this.client, this.toasts.show, (url) =>
        this.router.navigate(url),
      ),
    });
    this.client.onStatus(() => this.requestUpdate());
    this.addEventListener('cairn-navigate', (ev) => {
      ev.stopPropagation();
      this.router.navigate(ev.detail.url, { replace: ev.detail.replace ?? false });
    });
    this.addEventListener('cairn-token-submit', (ev) => this.useToken(ev.detail.token));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.renderRoot.addEventListener('click', this.router.onClick as EventListener);
    window.addEventListener('keydown', this.onKeyDown);
    this.client.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.renderRoot.removeEventListener('click', this.router.onClick as EventListener);
    window.removeEventListener('keydown', this.onKeyDown);
    this.client.close();
  }

  override render() {
    const status = this.client.status;
    return html`
      ${this.renderHeader()}
      ${
        status === 'reconnecting'
          ? html`<div class="banner" role="status">
              <span>Connection lost. Reconnecting…</span>
              <button class="btn small" @click=${() => this.client.reconnectNow()}>
                Retry now
              </button>
            </div>`
          : nothing
      }
      <cairn-toast-stack
        .toasts=${this.toasts.toasts}
        @cairn-toast-dismiss=${(ev: CairnEvent<'cairn-toast-dismiss'>) =>
          this.toasts.dismiss(ev.detail.id)}
      ></cairn-toast-stack>
      <div class="body">
        ${this.hasSidebar ? this.renderSidebar() : nothing}
        <main>${this.renderMain()}</main>
      </div>
      ${this.renderOverlays()}
    `;
  }

  /** The sidebar can be shown: the chat, with named sessions on. */
  private get hasSidebar(): boolean {
    return (
      this.router.route.name === 'chat' && this.client.hello !== null && this.client.namedSessions
    );
  }

  private renderSidebar() {
    const route = this.router.route;
    if (!this.sidebar || route.name !== 'chat') return nothing;
    return html`<cairn-session-sidebar current-key=${route.session}></cairn-session-sidebar>`;
  }

  private renderHeader() {
    const route = this.router.route;
    return html`<header>
      ${
        this.hasSidebar
          ? html`<button
              class="btn ghost sidebar-toggle"
              aria-pressed=${this.sidebar ? 'true' : 'false'}
              aria-label="Sessions sidebar"
              title=${this.sidebar ? 'Hide the sessions sidebar' : 'Show the sessions sidebar'}
              @click=${this.toggleSidebar}
            >
              ${sidebarIcon}
            </button>`
          : nothing
      }
      <a class="brand" href=${chatUrl(MAIN_SESSION)} aria-label="Cairn home">
        ${cairnLogo}
        <span>Cairn</span>
      </a>
      ${mainNav(route)}
      <span class="spacer"></span>
      ${providerBadge(this.client.hello)} ${statusDot(this.client.status)}
    </header>`;
  }

  private renderMain() {
    const status = this.client.status;
    if (status === 'unauthorized')
      return html`<cairn-token-screen
        ?had-token=${this.hadToken}
        reason=${this.client.lastError?.message ?? ''}
      ></cairn-token-screen>`;
    if (!this.client.hello)
      return html`<div class="connecting" role="status">
        ${status === 'reconnecting' ? 'Cannot reach the gateway yet…' : 'Connecting to the gateway…'}
      </div>`;
    const named = this.client.namedSessions;
    const route = this.router.route;
    switch (route.name) {
      case 'chat':
        return html`<cairn-chat-view
          session=${route.session}
          .target=${route.target}
          .namedSessions=${named}
        ></cairn-chat-view>`;
      case 'sessions':
        return html`<cairn-sessions-view
          filter=${route.filter}
          search=${route.search}
          page=${route.page}
          tag=${route.tag ?? ''}
          .namedSessions=${named}
        ></cairn-sessions-view>`;
      case 'templates':
        return html`<cairn-templates-view></cairn-templates-view>`;
      case 'insights':
        // uPlot and the page load on the first visit, not with the chat.
        void import('../insights/cairn-insights-view.js');
        return html`<cairn-insights-view
          from=${route.range.from ?? ''}
          to=${route.range.to ?? ''}
        ></cairn-insights-view>`;
      case 'not-found':
        return html`<div class="not-found">
          <h1>Page not found</h1>
          <p>Nothing lives at <code>${route.path}</code>.</p>
          <a class="btn primary" href=${chatUrl(MAIN_SESSION)}>Go to chat</a>
        </div>`;
    }
  }

  private renderOverlays() {
    if (!this.client.hello || !this.client.namedSessions) return nothing;
    const route = this.router.route;
    const closed = () => (this.overlay = null);
    return html`<cairn-command-palette
        ?open=${this.overlay === 'palette'}
        current-key=${route.name === 'chat' ? route.session : ''}
        @cairn-dialog-close=${closed}
        @cairn-session-select=${(ev: CairnEvent<'cairn-session-select'>) =>
          this.router.navigate(chatUrl(ev.detail.key))}
        @cairn-message-select=${(ev: CairnEvent<'cairn-message-select'>) => {
          const { key, ...target } = ev.detail;
          this.router.navigate(chatUrl(key, target));
        }}
      ></cairn-command-palette>
      <cairn-shortcuts-dialog
        ?open=${this.overlay === 'shortcuts'}
        ?mac=${/Mac|iPhone|iPad/.test(navigator.platform)}
        @cairn-dialog-close=${closed}
      ></cairn-shortcuts-dialog>
      <cairn-create-session-dialog
        ?open=${this.overlay === 'create'}
        @cairn-dialog-close=${closed}
        @cairn-session-created=${(ev: CairnEvent<'cairn-session-created'>) =>
          this.router.navigate(chatUrl(ev.detail.entry.key))}
      ></cairn-create-session-dialog>`;
  }

  private readonly onKeyDown = (ev: KeyboardEvent): void => {
    const action = shortcutFor(ev, ev.composedPath()[0] ?? null);
    if (!action || !this.client.hello || !this.client.namedSessions) return;
    if (this.overlay !== null || this.modalOpen(ev)) return;
    ev.preventDefault();
    this.run(action);
  };

  /** A dialog of a view is open: its keys are its own. */
  private modalOpen(ev: KeyboardEvent): boolean {
    return ev.composedPath().some((t) => t instanceof HTMLDialogElement && t.open);
  }

  private run(action: ShortcutAction): void {
    switch (action) {
      case 'palette':
        this.overlay = 'palette';
        break;
      case 'new-session':
        this.overlay = 'create';
        break;
      case 'help':
        this.overlay = 'shortcuts';
        break;
      case 'previous-session':
      case 'next-session': {
        const route = this.router.route;
        if (route.name !== 'chat') return;
        const keys = sessionCollection(this.client).entries.map((e) => e.key);
        const next = neighbour(keys, route.session, action === 'next-session' ? 1 : -1);
        if (next) this.router.navigate(chatUrl(next));
        break;
      }
    }
  }

  private readonly toggleSidebar = (): void => {
    this.sidebar = !this.sidebar;
    storeSidebar(localStorage, this.sidebar);
  };

  private useToken(token: string): void {
    storeToken(localStorage, token);
    this.hadToken = true;
    this.client.reconnectNow();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-app': CairnApp;
  }
}
