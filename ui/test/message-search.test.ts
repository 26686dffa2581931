import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../src/gateway/errors.js';
import type { SearchHit } from '../src/gateway/protocol.js';
import { MessageSearch, SEARCH_DELAY_MS } from '../src/palette/message-search.js';

const hit = (seq: number, snippet = 'x'): SearchHit => ({
  kind: 'message',
  sessionKey: 'work',
  label: 'Work',
  snippet,
  highlights: [],
  seq,
  current: true,
});

/** A search whose answers the test hands out, in any order. */
function fakeSearch() {
  const calls: { query: string; resolve(h: SearchHit[]): void; reject(e: unknown): void }[] = [];
  const search = (query: string) =>
    new Promise<SearchHit[]>((resolve, reject) => calls.push({ query, resolve, reject }));
  let changes = 0;
  const ms = new MessageSearch(search, () => changes++);
  return { ms, calls, changes: () => changes };
}

/** The `i`th request sent, which must exist. */
function call<T>(calls: T[], i: number): T {
  const c = calls[i];
  if (!c) throw new Error(`no request #${i}`);
  return c;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('MessageSearch', () => {
  it('waits for typing to pause, then asks once with the latest text', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('in');
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    ms.input('inv');
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    ms.input('invoice ');
    expect(calls).toHaveLength(0);
    expect(ms.status).toBe('loading');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    expect(calls.map((c) => c.query)).toEqual(['invoice']);
    call(calls, 0).resolve([hit(3)]);
    await vi.runAllTimersAsync();
    expect(ms.status).toBe('done');
    expect(ms.hits.map((h) => h.seq)).toEqual([3]);
    expect(ms.query).toBe('invoice');
  });

  it('does not search below two characters, and clears what was shown', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('ab');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    call(calls, 0).resolve([hit(1)]);
    await vi.runAllTimersAsync();
    expect(ms.hits).toHaveLength(1);
    ms.input(' a ');
    vi.advanceTimersByTime(SEARCH_DELAY_MS * 2);
    expect(calls).toHaveLength(1);
    expect(ms.status).toBe('idle');
    expect(ms.hits).toEqual([]);
  });

  it('drops an answer that arrives after a newer query was sent', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('first');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    ms.input('second');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    expect(calls.map((c) => c.query)).toEqual(['first', 'second']);
    call(calls, 1).resolve([hit(2, 'second')]);
    await vi.runAllTimersAsync();
    call(calls, 0).resolve([hit(1, 'first')]);
    await vi.runAllTimersAsync();
    expect(ms.hits.map((h) => h.snippet)).toEqual(['second']);
    expect(ms.query).toBe('second');
  });

  it('drops an answer to a query typed over before the answer came', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('first');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    ms.input('firs'); // still typing: the pending answer is for text no longer there
    call(calls, 0).resolve([hit(1)]);
    await vi.runAllTimersAsync();
    expect(ms.status).toBe('loading');
    expect(ms.hits).toEqual([]);
  });

  it('shows the gateway refusing the query, and recovers on the next one', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('"late fee');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    call(calls, 0).reject(
      new GatewayError('INVALID_REQUEST', 'The quote at character 1 is never closed.', {
        field: 'query',
      }),
    );
    await vi.runAllTimersAsync();
    expect(ms.status).toBe('error');
    expect(ms.error).toBe('The quote at character 1 is never closed.');
    ms.input('"late fee"');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    call(calls, 1).resolve([]);
    await vi.runAllTimersAsync();
    expect(ms.status).toBe('done');
    expect(ms.error).toBe('');
  });

  it('cancel drops a pending search and a late answer', async () => {
    const { ms, calls } = fakeSearch();
    ms.input('pending');
    ms.cancel();
    vi.advanceTimersByTime(SEARCH_DELAY_MS * 2);
    expect(calls).toHaveLength(0);
    ms.input('sent');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    ms.cancel();
    call(calls, 0).resolve([hit(1)]);
    await vi.runAllTimersAsync();
    expect(ms.status).toBe('idle');
    expect(ms.hits).toEqual([]);
  });
});
