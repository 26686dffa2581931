import { ContextProvider } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { defaultGatewayUrl, GatewayClient } from '../gateway/client.js';
import { gatewayContext } from '../gateway/context.js';
import { adoptToken, readToken, storeToken } from '../gateway/token.js';
import type { CairnEvent } from '../events.js';
import { RouterController } from '../router/router.js';
import { SessionActions, sessionActionsContext } from '../sessions/session-actions.js';
import { chatUrl, MAIN_SESSION } from '../router/routes.js';
import { sharedStyles } from '../styles/shared.js';
import { ToastController } from '../toasts/toast-controller.js';
import '../chat/cairn-chat-view.js';
import '../sessions/table/cairn-sessions-view.js';
import '../toasts/cairn-toast-stack.js';
import './cairn-token-screen.js';

/**
 * The shell: owns the gateway connection and the route, and nothing else. Views below it get the
 * client through context and talk back with events (navigate, toast).
 */
@customElement('cairn-app')
export class CairnApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        height: 100dvh;
      }
      header {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-3);
        min-height: var(--cairn-header-height);
        padding: 0 var(--cairn-space-4);
        border-bottom: 1px solid var(--cairn-border);
        background: var(--cairn-surface);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
        font-weight: 700;
        font-size: var(--cairn-text-lg);
        color: var(--cairn-text);
        text-decoration: none;
      }
      .brand svg {
        width: 24px;
        height: 24px;
      }
      nav {
        display: flex;
        gap: var(--cairn-space-1);
      }
      nav a {
        padding: var(--cairn-space-1) var(--cairn-space-3);
        border-radius: var(--cairn-radius-sm);
        color: var(--cairn-text-muted);
        text-decoration: none;
        font-size: var(--cairn-text-sm);
        font-weight: 600;
      }
      nav a[aria-current='page'] {
        background: var(--cairn-accent-soft);
        color: var(--cairn-accent);
      }
      .spacer {
        flex: 1;
      }
      .provider {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
        min-width: 0;
        font-size: var(--cairn-text-sm);
      }
      .model {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .echo {
        background: var(--cairn-warning-soft);
        color: var(--cairn-warning);
        border: 1px solid currentColor;
      }
      .dot {
        width: 10px;
        height: 10px;
        flex: none;
        border-radius: 50%;
        background: var(--cairn-success);
      }
      .dot.reconnecting,
      .dot.connecting {
        background: var(--cairn-warning);
      }
      .dot.unauthorized,
      .dot.closed {
        background: var(--cairn-danger);
      }
      .banner {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: var(--cairn-space-3);
        padding: var(--cairn-space-2) var(--cairn-space-4);
        background: var(--cairn-warning-soft);
        color: var(--cairn-warning);
        font-size: var(--cairn-text-sm);
      }
      main {
        flex: 1;
        min-height: 0;
      }
      .connecting {
        display: grid;
        place-items: center;
        height: 100%;
        color: var(--cairn-text-muted);
      }
      .not-found {
        padding: var(--cairn-space-6);
        text-align: center;
      }
      @media (max-width: 600px) {
        header {
          gap: var(--cairn-space-2);
          padding: 0 var(--cairn-space-3);
        }
        .brand span,
        .model {
          display: none;
        }
        nav a {
          padding: var(--cairn-space-1) var(--cairn-space-2);
        }
      }
    `,
  ];

  /** First, before the router canonicalises the URL: the token arrives in the fragment. */
  private hadToken = adoptToken({ location, history, storage: localStorage }) !== null;
  private readonly client = new GatewayClient({
    url: defaultGatewayUrl(location),
    getToken: () => readToken(localStorage),
  });
  private readonly router = new RouterController(this);
  private readonly toasts = new ToastController(this);

  constructor() {
    super();
    new ContextProvider(this, { context: gatewayContext, initialValue: this.client });
    new ContextProvider(this, {
      context: sessionActionsContext,
      initialValue: new SessionActions(this.client, this.toasts.show),
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
    this.client.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.renderRoot.removeEventListener('click', this.router.onClick as EventListener);
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
      <main>${this.renderMain()}</main>
      <cairn-toast-stack
        .toasts=${this.toasts.toasts}
        @cairn-toast-dismiss=${(ev: CairnEvent<'cairn-toast-dismiss'>) =>
          this.toasts.dismiss(ev.detail.id)}
      ></cairn-toast-stack>
    `;
  }

  private renderHeader() {
    const route = this.router.route;
    const hello = this.client.hello;
    const status = this.client.status;
    const statusText = {
      connecting: 'Connecting',
      connected: 'Connected',
      reconnecting: 'Reconnecting…',
      unauthorized: 'Not signed in',
      closed: 'Disconnected',
    }[status];
    return html`<header>
      <a class="brand" href=${chatUrl(MAIN_SESSION)} aria-label="Cairn home">
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <ellipse cx="12" cy="19" rx="8" ry="3" />
          <ellipse cx="12" cy="13" rx="6" ry="2.6" />
          <ellipse cx="12" cy="7.6" rx="4" ry="2.2" />
          <circle cx="12" cy="3.6" r="1.8" />
        </svg>
        <span>Cairn</span>
      </a>
      <nav aria-label="Main">
        <a
          href=${chatUrl(route.name === 'chat' ? route.session : MAIN_SESSION)}
          aria-current=${route.name === 'chat' ? 'page' : 'false'}
          >Chat</a
        >
        <a href="/sessions" aria-current=${route.name === 'sessions' ? 'page' : 'false'}
          >Sessions</a
        >
      </nav>
      <span class="spacer"></span>
      ${
        hello
          ? html`<span
              class="provider"
              title=${`Model provider: ${hello.provider.name} (${hello.provider.model})`}
            >
              ${
                hello.provider.name === 'echo' || hello.provider.offline
                  ? html`<span class="badge echo">Offline echo model</span>`
                  : nothing
              }
              <span class="model muted">${hello.provider.name} · ${hello.provider.model}</span>
            </span>`
          : nothing
      }
      <span
        class="dot ${status}"
        role="img"
        aria-label=${`Gateway: ${statusText}`}
        title=${`Gateway: ${statusText}`}
      ></span>
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
          .namedSessions=${named}
        ></cairn-chat-view>`;
      case 'sessions':
        return html`<cairn-sessions-view
          filter=${route.filter}
          search=${route.search}
          .namedSessions=${named}
        ></cairn-sessions-view>`;
      case 'not-found':
        return html`<div class="not-found">
          <h1>Page not found</h1>
          <p>Nothing lives at <code>${route.path}</code>.</p>
          <a class="btn primary" href=${chatUrl(MAIN_SESSION)}>Go to chat</a>
        </div>`;
    }
  }

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
