/** The words of the session insights dialog's numbers. */

/** "1.2 s" or "850 ms"; "—" when there is no value. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`;
}

/** The estimated cost in the config's currency (up to 6 decimals), or why there is none. */
export function cost(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'No price configured';
  return value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
}
