import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { PRESETS, presetOf, presetRange, readDay, type DateRange } from './date-range.js';

/**
 * The range control of the insights views: "Last 7/30/90 days" presets and from/to date inputs
 * (UTC days). `from`/`to` are the range shown (as the gateway answered it).
 *
 * @fires cairn-range-change - a preset or a changed date
 */
@customElement('cairn-date-range')
export class CairnDateRange extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: var(--cairn-space-2);
      }
      [role='group'] {
        display: flex;
        gap: var(--cairn-space-1);
      }
      .btn[aria-pressed='true'] {
        border-color: var(--cairn-accent);
        background: var(--cairn-accent-soft);
      }
      label {
        display: grid;
        gap: 2px;
        font-size: var(--cairn-text-xs);
        color: var(--cairn-text-muted);
      }
    `,
  ];

  @property() from = '';
  @property() to = '';

  override render() {
    const active = this.from && this.to ? presetOf({ from: this.from, to: this.to }) : undefined;
    return html`<div role="group" aria-label="Date range presets">
        ${PRESETS.map(
          (days) =>
            html`<button
              class="btn small"
              aria-pressed=${active === days ? 'true' : 'false'}
              @click=${() => this.change(presetRange(days))}
            >
              ${days} days
            </button>`,
        )}
      </div>
      <label
        >From (UTC)
        <input
          class="field"
          type="date"
          name="from"
          .value=${this.from}
          max=${this.to}
          @change=${(ev: Event) => this.pick('from', ev)}
      /></label>
      <label
        >To (UTC)
        <input
          class="field"
          type="date"
          name="to"
          .value=${this.to}
          min=${this.from}
          @change=${(ev: Event) => this.pick('to', ev)}
      /></label>`;
  }

  private pick(end: 'from' | 'to', ev: Event): void {
    const day = readDay((ev.target as HTMLInputElement).value);
    if (!day) return;
    this.change({ from: this.from, to: this.to, [end]: day });
  }

  private change(range: DateRange): void {
    emit(this, 'cairn-range-change', range);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-date-range': CairnDateRange;
  }
}
