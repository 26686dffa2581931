/**
 * The date range of the insights views: UTC days (`YYYY-MM-DD`), both ends included, as the
 * analytics methods take them. A preset is the last N days ending today; an empty range means
 * the gateway's default (the last 30 days).
 */
export interface DateRange {
  from?: string;
  to?: string;
}

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` UTC days, today included. */
export function presetRange(days: number, now = Date.now()): Required<DateRange> {
  return { from: utcDay(now - (days - 1) * DAY_MS), to: utcDay(now) };
}

/** The preset `range` is, if any (ending today). */
export function presetOf(range: DateRange, now = Date.now()): Preset | undefined {
  if (!range.from && !range.to) return 30;
  return PRESETS.find((days) => {
    const preset = presetRange(days, now);
    return preset.from === range.from && preset.to === range.to;
  });
}

/** A valid `YYYY-MM-DD` date, or undefined. */
export function readDay(raw: string | null | undefined): string | undefined {
  const value = (raw ?? '').trim();
  if (!DATE.test(value)) return undefined;
  return utcDay(Date.parse(`${value}T00:00:00Z`)) === value ? value : undefined;
}

export function readRange(query: URLSearchParams): DateRange {
  const from = readDay(query.get('from'));
  const to = readDay(query.get('to'));
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** `from`/`to` query parameters of a range (empty ends left out). */
export function rangeQuery(range: DateRange): URLSearchParams {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  return query;
}

/** The request parameters of a range: only the ends that are set. */
export function rangeParams(range: DateRange): DateRange {
  return { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
}

/** A short day for a chart axis or table: "12 Mar". */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}
