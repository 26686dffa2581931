/** Short, locale-aware relative time: "just now", "5 min ago", "3 days ago". */
export function relativeTime(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return rtf.format(Math.round(seconds / 86_400), 'day');
  return new Date(ms).toLocaleDateString();
}

export function fullTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** A random id for idempotency keys; works outside secure contexts too (no randomUUID there). */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A message's time, short: "14:05" today, "12 Mar, 14:05" this year, "12 Mar 2024, 14:05" before.
 */
export function messageTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const today = new Date(now);
  const clock = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === today.toDateString()) return clock;
  const day = date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() === today.getFullYear() ? {} : { year: 'numeric' }),
  });
  return `${day}, ${clock}`;
}

/** The full date and time, for a tooltip: "Tuesday, 12 March 2025 at 14:05:33". */
export function fullDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });
}
