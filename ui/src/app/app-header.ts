import { html, nothing, type TemplateResult } from 'lit';
import type { ConnectionStatus } from '../gateway/client.js';
import type { Hello } from '../gateway/protocol.js';
import { chatUrl, MAIN_SESSION, type Route } from '../router/routes.js';

/** The header's parts that only show state: the main navigation, the model provider, the connection. */

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Not signed in',
  closed: 'Disconnected',
};

/** The main navigation; Chat returns to the open session. */
export function mainNav(route: Route): TemplateResult {
  const links: [Route['name'], string, string][] = [
    ['chat', chatUrl(route.name === 'chat' ? route.session : MAIN_SESSION), 'Chat'],
    ['sessions', '/sessions', 'Sessions'],
    ['templates', '/templates', 'Templates'],
    ['insights', '/insights', 'Insights'],
  ];
  return html`<nav aria-label="Main">
    ${links.map(
      ([name, href, text]) =>
        html`<a href=${href} aria-current=${route.name === name ? 'page' : 'false'}>${text}</a>`,
    )}
  </nav>`;
}

/** Which model answers, with a badge when it is the offline echo model. */
export function providerBadge(hello: Hello | null): TemplateResult | typeof nothing {
  const provider = hello?.provider;
  if (!provider) return nothing;
  return html`<span
    class="provider"
    title=${`Model provider: ${provider.name} (${provider.model})`}
  >
    ${
      provider.name === 'echo' || provider.offline
        ? html`<span class="badge echo">Offline echo model</span>`
        : nothing
    }
    <span class="model muted">${provider.name} · ${provider.model}</span>
  </span>`;
}

/** The connection to the gateway as a coloured dot with its name for assistive technology. */
export function statusDot(status: ConnectionStatus): TemplateResult {
  const text = STATUS_TEXT[status];
  return html`<span
    class="dot ${status}"
    role="img"
    aria-label=${`Gateway: ${text}`}
    title=${`Gateway: ${text}`}
  ></span>`;
}
