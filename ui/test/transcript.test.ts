import { describe, expect, it } from 'vitest';
import type { DisplayMessage } from '../src/chat/display-message.js';
import { arrange, markTurns, type TranscriptItem } from '../src/chat/transcript.js';

const row = (seq: number, role: DisplayMessage['role'], extra: Partial<DisplayMessage> = {}) =>
  ({
    id: `seq-${seq}`,
    seq,
    role,
    text: `${role} ${seq}`,
    createdAt: seq,
    ...extra,
  }) as DisplayMessage;

/** The layout as a compact outline: seqs, and [summary seq: count | covered…]. */
const outline = (items: TranscriptItem[]): unknown[] =>
  items.map((i) =>
    i.kind === 'message'
      ? (i.message.seq ?? i.message.id)
      : { summary: i.summary.seq, count: i.count, covered: outline(i.covered) },
  );

describe('arrange', () => {
  it('leaves a transcript without summaries as it is', () => {
    expect(outline(arrange([row(1, 'user'), row(2, 'assistant')]))).toEqual([1, 2]);
  });

  it('puts the divider where the covered rows were and keeps later rows after it', () => {
    const rows = [
      row(1, 'user'),
      row(2, 'assistant'),
      row(3, 'user'),
      row(4, 'assistant'),
      row(5, 'summary', { coversFrom: 1, coversTo: 2 }),
      row(6, 'user'),
    ];
    expect(outline(arrange(rows))).toEqual([{ summary: 5, count: 2, covered: [1, 2] }, 3, 4, 6]);
  });

  it('nests a summary of summaries, whatever its range', () => {
    const rows = [
      row(1, 'user'),
      row(2, 'assistant'),
      row(3, 'summary', { coversFrom: 1, coversTo: 2 }),
      row(4, 'user'),
      row(5, 'assistant'),
      row(6, 'summary', { coversFrom: 3, coversTo: 5 }),
      row(7, 'user'),
    ];
    expect(outline(arrange(rows))).toEqual([
      { summary: 6, count: 4, covered: [{ summary: 3, count: 2, covered: [1, 2] }, 4, 5] },
      7,
    ]);
  });

  it('puts a summary whose rows are not loaded at the top, counting its range', () => {
    const rows = [row(40, 'user'), row(41, 'summary', { coversFrom: 1, coversTo: 30 })];
    expect(outline(arrange(rows))).toEqual([{ summary: 41, count: 30, covered: [] }, 40]);
  });
});

describe('markTurns', () => {
  const flags = (rows: DisplayMessage[], canRetry = true) =>
    markTurns(rows, canRetry).map(
      (m) => `${m.seq}${m.unanswered ? ' unanswered' : ''}${m.retryable ? ' retryable' : ''}`,
    );

  it('marks a failed question unanswered and its error retryable', () => {
    expect(flags([row(1, 'user'), row(2, 'error')])).toEqual(['1 unanswered', '2 retryable']);
  });

  it('offers no Retry while a reply streams', () => {
    expect(flags([row(1, 'user'), row(2, 'error')], false)).toEqual(['1 unanswered', '2']);
  });

  it('counts a reply after the error (a retry) as the answer', () => {
    expect(flags([row(1, 'user'), row(2, 'error'), row(3, 'assistant')])).toEqual(['1', '2', '3']);
  });

  it('offers Retry only on the last turn, commands and notices aside', () => {
    expect(
      flags([row(1, 'user'), row(2, 'error'), row(3, 'user'), row(4, 'error'), row(5, 'notice')]),
    ).toEqual(['1 unanswered', '2', '3 unanswered', '4 retryable', '5']);
    expect(flags([row(1, 'user'), row(2, 'error'), row(3, 'notice')])).toEqual([
      '1 unanswered',
      '2 retryable',
      '3',
    ]);
  });

  it('offers Retry on a stored question left with no reply and no error', () => {
    expect(flags([row(1, 'user'), row(2, 'error'), row(3, 'user')])).toEqual([
      '1 unanswered',
      '2',
      '3 retryable',
    ]);
    expect(flags([row(1, 'user')], false)).toEqual(['1']);
  });

  it('offers Regenerate on the last stored reply, and marks a reply a later one replaced', () => {
    const marks = (rows: DisplayMessage[], canRetry = true) =>
      markTurns(rows, canRetry).map(
        (m) => `${m.seq}${m.regenerable ? ' regenerable' : ''}${m.superseded ? ' superseded' : ''}`,
      );
    expect(marks([row(1, 'user'), row(2, 'assistant'), row(3, 'notice')])).toEqual([
      '1',
      '2 regenerable',
      '3',
    ]);
    expect(
      marks([row(1, 'user'), row(2, 'assistant'), row(3, 'assistant'), row(4, 'user')]),
    ).toEqual(['1', '2 superseded', '3', '4']);
    expect(
      marks([row(1, 'user'), row(2, 'assistant', { incomplete: true }), row(3, 'error')]),
    ).toEqual(['1', '2 regenerable', '3']);
    expect(marks([row(1, 'user'), row(2, 'assistant')], false)).toEqual(['1', '2']);
    const streamed = { id: 'run-1', role: 'assistant', text: 'hi', createdAt: 2 } as DisplayMessage;
    expect(markTurns([row(1, 'user'), streamed], true)[1]?.regenerable).toBe(false);
  });

  it('offers no Retry on a question only sent so far, or answered before it failed', () => {
    const sent = { id: 'local-1', role: 'user', text: 'hi', createdAt: 1 } as DisplayMessage;
    expect(markTurns([sent], true)[0]?.retryable).toBe(false);
    const partial = row(2, 'assistant', { incomplete: true });
    expect(flags([row(1, 'user'), partial, row(3, 'error')])).toEqual(['1', '2', '3']);
  });
});
