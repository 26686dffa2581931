import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { sharedStyles } from '../styles/shared.js';
import { fullTime } from '../util/format.js';
import { holdsHighlight, renderItems } from './render-items.js';
import type { TranscriptItem } from './transcript.js';
import './cairn-chat-message.js';

type SummaryItem = Extract<TranscriptItem, { kind: 'summary' }>;

/**
 * A compaction summary in the conversation: a divider "Earlier messages summarised (N messages)"
 * standing for the rows it covers. Its button expands to the summary's text and the original
 * messages (nothing is deleted: the transcript keeps them).
 */
@customElement('cairn-chat-summary')
export class CairnChatSummary extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--cairn-space-3);
      }
      .divider {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
        color: var(--cairn-text-muted);
        font-size: var(--cairn-text-sm);
      }
      .divider::before,
      .divider::after {
        content: '';
        flex: 1;
        border-top: 1px solid var(--cairn-border);
      }
      .covered {
        display: flex;
        flex-direction: column;
        gap: var(--cairn-space-3);
        padding-left: var(--cairn-space-3);
        border-left: 2px solid var(--cairn-border);
      }
      .summary {
        padding: var(--cairn-space-2) var(--cairn-space-3);
        border: 1px dashed var(--cairn-border);
        border-radius: var(--cairn-radius);
        background: var(--cairn-surface-2);
        font-size: var(--cairn-text-sm);
      }
      .summary h3 {
        margin: 0 0 var(--cairn-space-1);
        font-size: var(--cairn-text-sm);
      }
      .summary .text {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) item: SummaryItem | null = null;
  @state() private expanded = false;

  override willUpdate(changed: Map<string, unknown>): void {
    // The message a search hit points at may be one of the rows this divider hides.
    if (changed.has('item') && this.item && holdsHighlight(this.item.covered)) this.expanded = true;
  }

  override render() {
    const item = this.item;
    if (!item) return nothing;
    const noun = item.count === 1 ? 'message' : 'messages';
    return html`<div class="divider">
        <button
          class="btn small toggle"
          aria-expanded=${this.expanded ? 'true' : 'false'}
          aria-controls=${ifDefined(this.expanded ? 'covered' : undefined)}
          @click=${() => (this.expanded = !this.expanded)}
        >
          Earlier messages summarised (${item.count} ${noun})
        </button>
      </div>
      ${
        this.expanded
          ? html`<div class="covered" id="covered">
              <section class="summary" title=${fullTime(item.summary.createdAt)}>
                <h3>Summary</h3>
                <p class="text">${item.summary.text}</p>
              </section>
              ${renderItems(item.covered)}
            </div>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-summary': CairnChatSummary;
  }
}
