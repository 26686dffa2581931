import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { sharedStyles } from '../styles/shared.js';
import { chartSummary, type ChartSeries } from './chart-text.js';
import { shortDay } from './date-range.js';

const HEIGHT = 200;

/** Whether this document can draw on a canvas (not so in a DOM without layout, as in unit tests). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

/**
 * A per-day chart (uPlot): the first series as bars, any others as lines. To a screen reader it is
 * one image with a summary; the same numbers are in a table under it ("Show as table").
 */
@customElement('cairn-day-chart')
export class CairnDayChart extends LitElement {
  static override styles = [
    sharedStyles,
    unsafeCSS(uPlotCss),
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
      }
      figcaption {
        margin-bottom: var(--cairn-space-2);
        font-weight: 600;
      }
      .plot {
        min-height: ${HEIGHT}px;
      }
      .u-legend {
        font-size: var(--cairn-text-xs);
        color: var(--cairn-text);
      }
      details {
        margin-top: var(--cairn-space-2);
        font-size: var(--cairn-text-sm);
      }
      summary {
        cursor: pointer;
        color: var(--cairn-accent);
      }
      table {
        margin-top: var(--cairn-space-2);
        border-collapse: collapse;
      }
      th,
      td {
        padding: 2px var(--cairn-space-3);
        border-bottom: 1px solid var(--cairn-border);
        text-align: right;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
    `,
  ];

  /** The chart's title (its caption, and the start of its summary). */
  @property() heading = '';
  @property({ attribute: false }) days: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];

  @query('.plot') private plotBox!: HTMLDivElement;
  private plot: uPlot | null = null;
  private resizer: ResizeObserver | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyPlot();
  }

  override render() {
    const summary = chartSummary(this.heading, this.days, this.series);
    return html`<figure>
      <figcaption>${this.heading}</figcaption>
      <div class="plot" role="img" aria-label=${summary}></div>
      <details>
        <summary>Show as table</summary>
        <table>
          <caption class="visually-hidden">
            ${this.heading}
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              ${this.series.map((s) => html`<th scope="col">${s.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${this.days.map(
              (day, i) =>
                html`<tr>
                  <th scope="row">${day}</th>
                  ${this.series.map((s) => html`<td>${(s.values[i] ?? 0).toLocaleString()}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('days') || changed.has('series')) this.draw();
  }

  private draw(): void {
    this.destroyPlot();
    if (this.days.length === 0 || !canDraw()) return;
    const style = getComputedStyle(this);
    const color = (c: string) =>
      c.startsWith('--') ? style.getPropertyValue(c).trim() || '#888' : c;
    const text = color('--cairn-text-muted');
    const grid = color('--cairn-border');
    const days = this.days;
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const opts: uPlot.Options = {
      width: Math.max(this.plotBox.clientWidth, 280),
      height: HEIGHT,
      // Half a day of room at each end, so the first and last bars are whole.
      scales: {
        x: { time: false, range: () => [-0.5, days.length - 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
      },
      legend: { live: false },
      axes: [
        {
          ...axis,
          incrs: [1, 2, 7, 14, 28, 56],
          values: (_u, ticks) => ticks.map((t) => (days[t] ? shortDay(days[t]) : '')),
        },
        {
          ...axis,
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')),
        },
      ],
      series: [
        { label: 'Day', value: (_u, i) => (i === null ? '' : (days[i] ?? '')) },
        ...this.series.map((s, n) => ({
          label: s.label,
          stroke: color(s.color),
          width: 2,
          ...(n === 0
            ? { fill: color(s.color), paths: uPlot.paths.bars?.({ size: [0.7, 24] }) }
            : { points: { show: true, size: 5 } }),
        })),
      ],
    };
    const data: uPlot.AlignedData = [days.map((_d, i) => i), ...this.series.map((s) => s.values)];
    this.plot = new uPlot(opts, data, this.plotBox);
    this.resizer = new ResizeObserver(() => {
      const width = this.plotBox.clientWidth;
      if (this.plot && width > 0) this.plot.setSize({ width, height: HEIGHT });
    });
    this.resizer.observe(this.plotBox);
  }

  private destroyPlot(): void {
    this.resizer?.disconnect();
    this.resizer = null;
    this.plot?.destroy();
    this.plot = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-day-chart': CairnDayChart;
  }
}
