/** The words of a chart: its aria-label summary (a chart is an image to a screen reader). */
import { shortDay } from './date-range.js';

export interface ChartSeries {
  label: string;
  values: number[];
  /** A CSS custom property (`--cairn-accent`) or colour for the line or bars. */
  color: string;
}

/** "Sessions created per day, 1 Mar – 30 Mar: 12 in all, most on 12 Mar (5)." — one clause per series. */
export function chartSummary(title: string, days: string[], series: ChartSeries[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return `${title}: no days in the range.`;
  const span = first === last ? shortDay(first) : `${shortDay(first)} – ${shortDay(last)}`;
  const parts = series.map((s) => {
    const total = s.values.reduce((a, b) => a + b, 0);
    if (total === 0) return `${s.label}: none`;
    const peak = Math.max(...s.values);
    const at = days[s.values.indexOf(peak)] ?? first;
    return `${s.label}: ${total.toLocaleString()} in all, most on ${shortDay(at)} (${peak.toLocaleString()})`;
  });
  return `${title}, ${span}. ${parts.join('; ')}.`;
}
