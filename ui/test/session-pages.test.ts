import { describe, expect, it } from 'vitest';
import { freshCursors, pageWindow, walkToPage } from '../src/sessions/session-pages.js';
import type { ListSessionsResult } from '../src/gateway/protocol.js';
import { makeEntry } from './fake-socket.js';

/** A store of `total` sessions as keyset pages: the cursor after row n is `r<n>`. */
function store(total: number) {
  const calls: [string | undefined, number][] = [];
  const list = (cursor: string | undefined, limit: number): Promise<ListSessionsResult> => {
    calls.push([cursor, limit]);
    const from = cursor ? Number(cursor.slice(1)) : 0;
    const to = Math.min(total, from + limit);
    const sessions = Array.from({ length: to - from }, (_, i) => makeEntry(`s${from + i}`));
    return Promise.resolve({ sessions, total, ...(to < total ? { nextCursor: `r${to}` } : {}) });
  };
  return { list, calls };
}

describe('walkToPage', () => {
  it('starts page 0 without a cursor and asks nothing', async () => {
    const { list, calls } = store(500);
    expect(await walkToPage(list, freshCursors(), 0, 50)).toEqual({ index: 0, cursor: undefined });
    expect(calls).toEqual([]);
  });

  it('skips whole pages 200 rows a request, from the nearest known page', async () => {
    const { list, calls } = store(10_000);
    const cursors = freshCursors();
    expect(await walkToPage(list, cursors, 9, 50)).toEqual({ index: 9, cursor: 'r450' });
    expect(calls).toEqual([
      [undefined, 200],
      ['r200', 200],
      ['r400', 50],
    ]);
    calls.length = 0;
    expect(await walkToPage(list, cursors, 10, 50)).toEqual({ index: 10, cursor: 'r500' });
    expect(calls).toEqual([['r450', 50]]);
    calls.length = 0;
    expect(await walkToPage(list, cursors, 4, 50)).toEqual({ index: 4, cursor: 'r200' });
    expect(calls).toEqual([]);
  });

  it('settles on the last page when asked beyond the end', async () => {
    const { list } = store(120);
    expect(await walkToPage(list, freshCursors(), 30, 50)).toEqual({ index: 2, cursor: 'r100' });
    expect(await walkToPage(list, freshCursors(), 5, 50)).toEqual({ index: 2, cursor: 'r100' });
    const exact = store(100);
    expect(await walkToPage(exact.list, freshCursors(), 7, 50)).toEqual({
      index: 1,
      cursor: 'r50',
    });
  });

  it('stops when the caller moved on', async () => {
    const { list } = store(10_000);
    expect(await walkToPage(list, freshCursors(), 20, 50, () => false)).toBeNull();
  });
});

describe('pageWindow', () => {
  it('shows the first, the last and the neighbours of the current page, with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(7, 201)).toEqual([1, 'gap', 6, 7, 8, 'gap', 201]);
    expect(pageWindow(201, 201)).toEqual([1, 'gap', 200, 201]);
  });

  it('shows a lone left-out number instead of a gap', () => {
    expect(pageWindow(4, 9)).toEqual([1, 2, 3, 4, 5, 'gap', 9]);
  });
});
