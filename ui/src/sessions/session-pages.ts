/**
 * Page numbers over keyset pages. `sessions.list` pages by cursor, so page n is reached from the
 * nearest page before it whose cursor is known, skipping whole pages with the largest `limit` the
 * gateway allows; each cursor learnt on the way is kept for later jumps.
 */
import type { ListSessionsResult } from '../gateway/protocol.js';

/** The largest `limit` of `sessions.list`. */
export const MAX_LIST_LIMIT = 200;

/** Cursor of each page index known so far; page 0 starts without one. */
export type PageCursors = Map<number, string | undefined>;

export const freshCursors = (): PageCursors => new Map([[0, undefined]]);

export type ListPage = (cursor: string | undefined, limit: number) => Promise<ListSessionsResult>;

export interface PageStart {
  /** The page found: the one asked for, or the last one when it asked beyond the end. */
  index: number;
  cursor: string | undefined;
}

/**
 * Finds where page `target` (0-based) starts, asking `list` for the rows between the nearest
 * known page and it. `current()` false means the caller moved on: the walk stops (null).
 */
export async function walkToPage(
  list: ListPage,
  cursors: PageCursors,
  target: number,
  pageSize: number,
  current: () => boolean = () => true,
): Promise<PageStart | null> {
  let start = Math.max(...[...cursors.keys()].filter((k) => k <= target));
  let cursor = cursors.get(start);
  const step = Math.max(1, Math.floor(MAX_LIST_LIMIT / pageSize));
  while (start < target) {
    const pages = Math.min(step, target - start);
    const result = await list(cursor, pages * pageSize);
    if (!current()) return null;
    if (!result.nextCursor) {
      // Fewer rows than that follow: the last page starts inside this stretch.
      target = start + Math.max(0, Math.ceil(result.sessions.length / pageSize) - 1);
      continue;
    }
    start += pages;
    cursor = result.nextCursor;
    cursors.set(start, cursor);
  }
  return { index: target, cursor };
}

export type PageItem = number | 'gap';

/**
 * The page numbers a pager shows (1-based): the first, the last, and `around` on each side of the
 * current one, with a gap where numbers are left out (a gap of one number shows the number).
 */
export function pageWindow(current: number, count: number, around = 1): PageItem[] {
  const shown = new Set([1, count]);
  for (let p = current - around; p <= current + around; p++) if (p >= 1 && p <= count) shown.add(p);
  const pages = [...shown].filter((p) => p >= 1 && p <= count).sort((a, b) => a - b);
  const items: PageItem[] = [];
  for (const p of pages) {
    const last = items.at(-1);
    if (typeof last === 'number' && p - last === 2) items.push(last + 1);
    else if (typeof last === 'number' && p - last > 2) items.push('gap');
    items.push(p);
  }
  return items;
}
