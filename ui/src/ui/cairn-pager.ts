import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * "51–100 of 10,000" with Previous and Next.
 *
 * @fires cairn-page - Previous or Next was pressed
 */
@customElement('cairn-pager')
export class CairnPager extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .pager {
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: var(--cairn-space-2);
        margin-top: var(--cairn-space-3);
        font-size: var(--cairn-text-sm);
      }
    `,
  ];

  /** Position of the first row shown (0-based). */
  @property({ type: Number }) offset = 0;
  /** Rows shown. */
  @property({ type: Number }) count = 0;
  @property({ type: Number }) total = 0;
  @property({ type: Boolean, attribute: 'has-previous' }) hasPrevious = false;
  @property({ type: Boolean, attribute: 'has-next' }) hasNext = false;

  override render() {
    const first = this.count ? this.offset + 1 : 0;
    return html`<nav class="pager" aria-label="Pages">
      <span class="muted" aria-live="polite"
        >${first.toLocaleString()}–${(this.offset + this.count).toLocaleString()} of
        ${this.total.toLocaleString()}</span
      >
      <button
        class="btn small"
        ?disabled=${!this.hasPrevious}
        @click=${() => emit(this, 'cairn-page', { direction: 'previous' })}
      >
        ← Previous
      </button>
      <button
        class="btn small"
        ?disabled=${!this.hasNext}
        @click=${() => emit(this, 'cairn-page', { direction: 'next' })}
      >
        Next →
      </button>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-pager': CairnPager;
  }
}
