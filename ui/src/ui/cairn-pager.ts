import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../events.js';
import { pageWindow } from '../sessions/session-pages.js';
import { sharedStyles } from '../styles/shared.js';
import { pagerStyles } from './cairn-pager.styles.js';

/**
 * "51–100 of 10,000", Previous, the page numbers around the current one (with the first and the
 * last), Next, and a "Go to page" box.
 *
 * @fires cairn-page - a page was asked for (1-based)
 */
@customElement('cairn-pager')
export class CairnPager extends LitElement {
  static override styles = [sharedStyles, pagerStyles];

  /** Position of the first row shown (0-based). */
  @property({ type: Number }) offset = 0;
  /** Rows shown. */
  @property({ type: Number }) count = 0;
  @property({ type: Number }) total = 0;
  /** The page shown (1-based) and how many there are. */
  @property({ type: Number }) page = 1;
  @property({ type: Number, attribute: 'page-count' }) pageCount = 1;
  @property({ type: Boolean, attribute: 'has-previous' }) hasPrevious = false;
  @property({ type: Boolean, attribute: 'has-next' }) hasNext = false;

  @state() private jumpError = '';

  override render() {
    const first = this.count ? this.offset + 1 : 0;
    return html`<nav class="pager" aria-label="Pages">
      <span class="range muted" aria-live="polite"
        >${first.toLocaleString()}–${(this.offset + this.count).toLocaleString()} of
        ${this.total.toLocaleString()}</span
      >
      <div class="pages">
        <button
          class="btn small"
          ?disabled=${!this.hasPrevious}
          @click=${() => this.ask(this.page - 1)}
        >
          ← Previous
        </button>
        <ul>
          ${pageWindow(this.page, this.pageCount).map((item) =>
            item === 'gap'
              ? html`<li class="gap" aria-hidden="true">…</li>`
              : html`<li>
                  <button
                    class="btn small number"
                    aria-label=${`Page ${item}`}
                    aria-current=${item === this.page ? 'page' : 'false'}
                    @click=${() => this.ask(item)}
                  >
                    ${item.toLocaleString()}
                  </button>
                </li>`,
          )}
        </ul>
        <button
          class="btn small"
          ?disabled=${!this.hasNext}
          @click=${() => this.ask(this.page + 1)}
        >
          Next →
        </button>
      </div>
      ${this.pageCount > 1 ? this.renderJump() : ''}
    </nav>`;
  }

  private renderJump() {
    return html`<form class="jump" @submit=${this.onJump} novalidate>
      <label
        >Go to page
        <input
          class="field"
          name="page"
          type="number"
          inputmode="numeric"
          min="1"
          max=${this.pageCount}
          aria-describedby="jump-hint"
          aria-invalid=${this.jumpError ? 'true' : 'false'}
          @input=${() => (this.jumpError = '')}
      /></label>
      <button class="btn small">Go</button>
      <span id="jump-hint" class=${this.jumpError ? 'field-error' : 'visually-hidden'}
        >${this.jumpError || `1 to ${this.pageCount.toLocaleString()}`}</span
      >
    </form>`;
  }

  private onJump(ev: SubmitEvent): void {
    ev.preventDefault();
    const input = (ev.currentTarget as HTMLFormElement).elements.namedItem('page');
    const page = Number((input as HTMLInputElement | null)?.value ?? '');
    if (!Number.isInteger(page) || page < 1 || page > this.pageCount) {
      this.jumpError = `Enter a page from 1 to ${this.pageCount.toLocaleString()}.`;
      return;
    }
    this.ask(page);
  }

  private ask(page: number): void {
    if (page !== this.page) emit(this, 'cairn-page', { page });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-pager': CairnPager;
  }
}
