import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { sessionAnalytics } from '../gateway/analytics-commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { errorMessage } from '../gateway/errors.js';
import type { AnalyticsSessionResult } from '../gateway/protocol.js';
import { emit, type CairnEvent } from '../events.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { rememberFocus } from '../util/focus.js';
import { rangeParams, shortDay, type DateRange } from './date-range.js';
import { insightsStyles } from './insights.styles.js';
import { cost, duration } from './session-insights-text.js';
import './cairn-date-range.js';
import './cairn-day-chart.js';

/**
 * One session's insights (`analytics.session`) over a range of UTC days: messages, tokens, cost,
 * compactions, resets, replies by how they ended, median times, and activity per day. Opened from
 * the chat header's session actions; focus goes back to the opener.
 *
 * @fires cairn-dialog-close - on Close or Escape
 */
@customElement('cairn-session-insights-dialog')
export class CairnSessionInsightsDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    insightsStyles,
    css`
      dialog {
        width: min(820px, calc(100vw - 2 * var(--cairn-space-4)));
      }
      .body {
        display: grid;
        gap: var(--cairn-space-4);
        padding: var(--cairn-space-5);
        max-height: min(85vh, 900px);
        overflow-y: auto;
      }
      .top {
        display: flex;
        align-items: center;
        gap: var(--cairn-space-2);
      }
      .top h2 {
        flex: 1;
      }
      .stats {
        grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property({ attribute: 'session-key' }) sessionKey = '';
  @property() label = '';

  @state() private range: DateRange = {};
  @state() private result: AnalyticsSessionResult | null = null;
  @state() private loading = false;
  @state() private error = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  private client: GatewayClient | null = null;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;
  private asked = 0;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('open') && this.open) {
      // A fresh dialog: the default range, "Loading" until the answer.
      this.range = {};
      this.result = null;
      this.error = '';
      this.loading = true;
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.dialog.showModal();
      void this.load();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    const r = this.result;
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <div class="body">
        <div class="top">
          <h2 id="title">Insights: ${this.label}</h2>
          <button class="btn small" @click=${() => this.dialog.close()}>Close</button>
        </div>
        <cairn-date-range
          from=${r?.from ?? this.range.from ?? ''}
          to=${r?.to ?? this.range.to ?? ''}
          @cairn-range-change=${this.onRange}
        ></cairn-date-range>
        ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : nothing}
        ${
          this.loading
            ? html`<p class="muted" role="status">Loading insights…</p>`
            : r
              ? this.renderResult(r)
              : nothing
        }
      </div>
    </dialog>`;
  }

  private renderResult(r: AnalyticsSessionResult) {
    const stat = (label: string, value: string) =>
      html`<div class="stat">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    const n = (v: number) => v.toLocaleString();
    return html`<p class="muted">
        ${shortDay(r.from)} – ${shortDay(r.to)} (UTC days) · model ${r.model}
      </p>
      <dl class="stats" aria-label="Totals">
        ${stat('Messages', n(r.messages))} ${stat('Tokens in', n(r.inputTokens))}
        ${stat('Tokens out', n(r.outputTokens))} ${stat('Estimated cost', cost(r.estimatedCost))}
        ${stat('Compactions', n(r.compactions))} ${stat('Resets', n(r.resets))}
        ${stat('Median to first token', duration(r.medianFirstTokenMs))}
        ${stat('Median to final', duration(r.medianTotalMs))}
      </dl>
      <section class="panel" aria-labelledby="replies-h">
        <h3 id="replies-h">Replies by state</h3>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Replies</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Finished</td>
              <td>${n(r.replies.final)}</td>
            </tr>
            <tr>
              <td>Failed</td>
              <td>${n(r.replies.error)}</td>
            </tr>
            <tr>
              <td>Stopped</td>
              <td>${n(r.replies.aborted)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      ${
        r.messages === 0
          ? html`<p class="empty muted">No messages in “${r.label}” in this range.</p>`
          : nothing
      }
      <section class="panel">
        <cairn-day-chart
          heading="Activity per day"
          .days=${r.days.map((d) => d.day)}
          .series=${[
            { label: 'Messages', values: r.days.map((d) => d.messages), color: '--cairn-accent' },
            { label: 'Replies', values: r.days.map((d) => d.replies), color: '--cairn-success' },
          ]}
        ></cairn-day-chart>
      </section>`;
  }

  private readonly onRange = (ev: CairnEvent<'cairn-range-change'>): void => {
    ev.stopPropagation();
    this.range = rangeParams(ev.detail);
    void this.load();
  };

  private async load(): Promise<void> {
    if (!this.client || !this.sessionKey) return;
    const asked = ++this.asked;
    this.loading = true;
    this.error = '';
    try {
      const params = { key: this.sessionKey, ...rangeParams(this.range) };
      const result = await sessionAnalytics(this.client, params);
      if (asked === this.asked) this.result = result;
    } catch (err) {
      if (asked === this.asked) this.error = errorMessage(err);
    } finally {
      if (asked === this.asked) this.loading = false;
    }
  }

  private onClose(): void {
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-session-insights-dialog': CairnSessionInsightsDialog;
  }
}
