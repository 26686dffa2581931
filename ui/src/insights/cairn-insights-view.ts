import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { overviewAnalytics } from '../gateway/analytics-commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { errorMessage } from '../gateway/errors.js';
import type { AnalyticsOverviewResult } from '../gateway/protocol.js';
import { emit, type CairnEvent } from '../events.js';
import { chatUrl, insightsUrl } from '../router/routes.js';
import { sharedStyles } from '../styles/shared.js';
import { countTable } from './count-table.js';
import { rangeParams, shortDay } from './date-range.js';
import { insightsStyles } from './insights.styles.js';
import './cairn-date-range.js';
import './cairn-day-chart.js';

const quiet = (r: AnalyticsOverviewResult): boolean =>
  r.sessionsCreated + r.switches + r.resetsBlocked + r.createErrors === 0 &&
  r.days.every((d) => d.activeSessions === 0) &&
  r.topSessions.length === 0;

/**
 * The `/insights` page: the gateway's numbers over a range of UTC days (`analytics.overview`):
 * totals, sessions and switches per day, sessions by kind, persistence and tag, top sessions by
 * tokens. The range lives in the URL (`from`, `to`); a new one navigates.
 *
 * @fires cairn-navigate - a new range
 */
@customElement('cairn-insights-view')
export class CairnInsightsView extends LitElement {
  static override styles = [
    sharedStyles,
    insightsStyles,
    css`
      :host {
        display: grid;
        gap: var(--cairn-space-4);
        max-width: 1100px;
        margin: 0 auto;
        padding: var(--cairn-space-5) var(--cairn-space-4);
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        justify-content: space-between;
        gap: var(--cairn-space-3);
      }
      h1 {
        margin: 0;
        font-size: var(--cairn-text-lg);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
        gap: var(--cairn-space-4);
      }
      .breakdowns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: var(--cairn-space-4);
      }
    `,
  ];

  /** The range asked for (`YYYY-MM-DD`, UTC); empty: the gateway's default, the last 30 days. */
  @property() from = '';
  @property() to = '';

  @state() private result: AnalyticsOverviewResult | null = null;
  @state() private loading = false;
  @state() private error = '';

  private client: GatewayClient | null = null;
  private asked = 0;
  /** The range last asked for, so that one range is fetched once. */
  private loadedFor: string | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => {
      this.client = client;
      this.requestUpdate();
    });
  }

  override willUpdate(): void {
    const key = `${this.from}|${this.to}`;
    if (this.client && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  override render() {
    const r = this.result;
    return html`<div class="top">
        <div>
          <h1>Insights</h1>
          <p class="muted">
            ${r ? `${shortDay(r.from)} – ${shortDay(r.to)} (UTC days)` : 'Gateway activity'}
          </p>
        </div>
        <cairn-date-range
          from=${r?.from ?? this.from}
          to=${r?.to ?? this.to}
          @cairn-range-change=${this.onRange}
        ></cairn-date-range>
      </div>
      ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : nothing}
      ${this.renderBody(r)}`;
  }

  private renderBody(r: AnalyticsOverviewResult | null) {
    if (!r)
      return this.loading ? html`<p class="muted" role="status">Loading insights…</p>` : nothing;
    const days = r.days.map((d) => d.day);
    return html`${this.loading ? html`<p class="muted" role="status">Updating…</p>` : nothing}
      <dl class="stats" aria-label="Totals">
        ${this.stat('Sessions created', r.sessionsCreated)} ${this.stat('Switches', r.switches)}
        ${this.stat('Blocked resets', r.resetsBlocked)}
        ${this.stat('Creation errors', r.createErrors)}
      </dl>
      ${
        quiet(r)
          ? html`<p class="empty muted">
              No activity between ${shortDay(r.from)} and ${shortDay(r.to)}: no session was created,
              switched to or written in.
            </p>`
          : nothing
      }
      <div class="grid">
        <section class="panel">
          <cairn-day-chart
            heading="Sessions per day"
            .days=${days}
            .series=${[
              {
                label: 'Created',
                values: r.days.map((d) => d.sessionsCreated),
                color: '--cairn-accent',
              },
              {
                label: 'Active',
                values: r.days.map((d) => d.activeSessions),
                color: '--cairn-persistent',
              },
            ]}
          ></cairn-day-chart>
        </section>
        <section class="panel">
          <cairn-day-chart
            heading="Switches per day"
            .days=${days}
            .series=${[
              {
                label: 'Switches',
                values: r.days.map((d) => d.switches),
                color: '--cairn-success',
              },
            ]}
          ></cairn-day-chart>
        </section>
      </div>
      <div class="breakdowns">
        ${countTable('By kind', 'Kind', r.byKind)}
        ${countTable('By persistence', 'Persistence', r.byPersistence)}
        ${countTable(
          'By tag',
          'Tag',
          r.byTag.map((t) => ({ name: t.tag, count: t.count })),
        )}
      </div>
      ${this.renderTop(r)}`;
  }

  private stat(label: string, value: number) {
    return html`<div class="stat">
      <dt>${label}</dt>
      <dd>${value.toLocaleString()}</dd>
    </div>`;
  }

  private renderTop(r: AnalyticsOverviewResult) {
    return html`<section class="panel" aria-labelledby="top-h">
      <h2 id="top-h">Top sessions by tokens</h2>
      ${
        r.topSessions.length === 0
          ? html`<p class="muted">No tokens used in this range.</p>`
          : html`<table class="data">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Tokens in</th>
                  <th scope="col">Tokens out</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                ${r.topSessions.map(
                  (s) =>
                    html`<tr>
                      <td><a href=${chatUrl(s.key)}>${s.label}</a></td>
                      <td>${s.inputTokens.toLocaleString()}</td>
                      <td>${s.outputTokens.toLocaleString()}</td>
                      <td>${s.tokens.toLocaleString()}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  }

  private readonly onRange = (ev: CairnEvent<'cairn-range-change'>): void => {
    ev.stopPropagation();
    emit(this, 'cairn-navigate', { url: insightsUrl(rangeParams(ev.detail)) });
  };

  private async load(): Promise<void> {
    if (!this.client) return;
    const asked = ++this.asked;
    this.loading = true;
    this.error = '';
    try {
      const params = rangeParams({ from: this.from, to: this.to });
      const result = await overviewAnalytics(this.client, params);
      if (asked === this.asked) this.result = result;
    } catch (err) {
      if (asked === this.asked) this.error = errorMessage(err);
    } finally {
      if (asked === this.asked) this.loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-insights-view': CairnInsightsView;
  }
}
