/** Pure helpers that keep a list of sessions current from `sessions.changed`, without a re-fetch. */
import type { SessionEntry } from '../gateway/protocol.js';

/** The gateway's `sort: 'updated'` order: most recently updated first, ties by key. */
export function byUpdated(a: SessionEntry, b: SessionEntry): number {
  return b.updatedAt - a.updatedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The default `sessions.list` order of the sessions in use: pinned first, then `byUpdated` in each part. */
export function byDefaultOrder(a: SessionEntry, b: SessionEntry): number {
  return Number(b.pinned) - Number(a.pinned) || byUpdated(a, b);
}

/** `entries` with `entry` in place of the one with its key, same position; null when absent. */
export function replaceEntry(entries: SessionEntry[], entry: SessionEntry): SessionEntry[] | null {
  const index = entries.findIndex((e) => e.key === entry.key);
  return index < 0 ? null : entries.map((e, i) => (i === index ? entry : e));
}

/** `entries` without the one with `key`; null when absent. */
export function removeEntry(entries: SessionEntry[], key: string): SessionEntry[] | null {
  const rest = entries.filter((e) => e.key !== key);
  return rest.length === entries.length ? null : rest;
}

/** `entries` (in `order`) with `entry` added, or moved, to where `order` puts it. */
export function placeEntry(
  entries: SessionEntry[],
  entry: SessionEntry,
  order: (a: SessionEntry, b: SessionEntry) => number,
): SessionEntry[] {
  const rest = entries.filter((e) => e.key !== entry.key);
  const index = rest.findIndex((e) => order(entry, e) < 0);
  return index < 0 ? [...rest, entry] : [...rest.slice(0, index), entry, ...rest.slice(index)];
}

/** The sidebar's groups: pinned sessions first, then persistent ones, then the others, each in the order given. */
export function persistentFirst(entries: SessionEntry[]): {
  pinned: SessionEntry[];
  persistent: SessionEntry[];
  others: SessionEntry[];
} {
  return {
    pinned: entries.filter((e) => e.pinned),
    persistent: entries.filter((e) => !e.pinned && e.persistent),
    others: entries.filter((e) => !e.pinned && !e.persistent),
  };
}
