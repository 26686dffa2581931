import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** Above this share of the window the meter warns: the gateway compacts at 80% by default. */
export const CONTEXT_WARN_PERCENT = 80;

/**
 * The chat header's context meter: how much of the model's context window the session's last
 * prompt used ("31% of context"), from the entry's `contextTokens` and `contextWindow`. Hidden
 * while either is unknown.
 */
@customElement('cairn-context-meter')
export class CairnContextMeter extends LitElement {
  static override styles = css`
    :host {
      flex: none;
    }
    .meter {
      padding: 2px var(--cairn-space-2);
      border-radius: var(--cairn-radius);
      color: var(--cairn-text-muted);
      font-size: var(--cairn-text-xs);
      white-space: nowrap;
    }
    .meter.warn {
      color: var(--cairn-warning);
      background: var(--cairn-warning-soft);
      font-weight: 600;
    }
  `;

  @property({ attribute: false }) tokens: number | undefined = undefined;
  @property({ attribute: false }) window: number | undefined = undefined;

  override render() {
    const { tokens, window } = this;
    if (tokens === undefined || !window || window <= 0) return nothing;
    const percent = Math.round((tokens / window) * 100);
    const fmt = new Intl.NumberFormat();
    const label = `Context: ${fmt.format(tokens)} of ${fmt.format(window)} tokens used by the last prompt (${percent}%)`;
    return html`<span
      class="meter ${percent > CONTEXT_WARN_PERCENT ? 'warn' : ''}"
      role="meter"
      aria-valuemin="0"
      aria-valuemax=${window}
      aria-valuenow=${Math.min(tokens, window)}
      aria-label=${label}
      title=${label}
      >${percent}% of context</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-context-meter': CairnContextMeter;
  }
}
