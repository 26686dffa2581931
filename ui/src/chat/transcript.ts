/**
 * The conversation's layout, pure: which user messages went unanswered, which failed turn can be
 * retried, and which rows collapse behind a compaction summary's divider.
 */
import type { DisplayMessage } from './display-message.js';

export type TranscriptItem =
  | { kind: 'message'; message: DisplayMessage }
  | {
      kind: 'summary';
      summary: DisplayMessage;
      /** The rows the summary covers that are loaded, arranged (a summary may cover summaries). */
      covered: TranscriptItem[];
      /** How many messages the summary stands for. */
      count: number;
    };

const covers = (summary: DisplayMessage, m: DisplayMessage): boolean =>
  m !== summary &&
  m.seq !== undefined &&
  summary.coversFrom !== undefined &&
  summary.coversTo !== undefined &&
  m.seq >= summary.coversFrom &&
  m.seq <= summary.coversTo;

/**
 * Marks each user message whose turn ended in an `error` row with no assistant reply before the
 * next user message as `unanswered`. When `canRetry` (no reply is streaming), the turn that
 * `chat.retry` would answer again gets `retryable`: the last `error` row of an unanswered turn, or
 * a stored question left with no reply and no error (a reply stopped before its first word, a
 * gateway stopped mid-run); and the last stored reply gets `regenerable`. A reply followed by
 * another before the next question was replaced by it: `superseded`.
 */
export function markTurns(messages: DisplayMessage[], canRetry: boolean): DisplayMessage[] {
  const marked = messages.map((m) => ({
    ...m,
    unanswered: false,
    retryable: false,
    regenerable: false,
    superseded: false,
  }));
  let question: DisplayMessage | null = null;
  let answered = false;
  let failed = false;
  const close = () => {
    if (question && failed && !answered) question.unanswered = true;
  };
  for (const m of marked) {
    if (m.role === 'user') {
      close();
      question = m;
      answered = failed = false;
    } else if (m.role === 'assistant') answered = true;
    else if (m.role === 'error') failed = true;
  }
  close();
  const turns = marked.filter((m) => m.role === 'user' || m.role === 'assistant');
  turns.forEach((m, i) => {
    if (m.role === 'assistant' && turns[i + 1]?.role === 'assistant') m.superseded = true;
  });
  const lastReply = turns.at(-1);
  if (canRetry && lastReply?.role === 'assistant' && lastReply.seq !== undefined)
    lastReply.regenerable = true;
  const lastTurn = marked.filter((m) => ['user', 'assistant', 'error'].includes(m.role)).at(-1);
  const open = question !== null && !answered;
  if (canRetry && open && lastTurn?.role === 'error') lastTurn.retryable = true;
  if (canRetry && lastTurn?.role === 'user' && lastTurn.seq !== undefined)
    lastTurn.retryable = true;
  return marked;
}

/**
 * Groups the rows each summary covers behind it. A row belongs to the earliest summary that covers
 * it, and that summary to the earliest one covering it in turn: a summary of summaries shows one
 * divider, with the inner dividers inside it. A divider takes the place of the first loaded row it
 * hides (the top, when none is loaded: they are older than this page).
 */
export function arrange(messages: DisplayMessage[]): TranscriptItem[] {
  const summaries = messages
    .filter((m) => m.role === 'summary')
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const direct = (m: DisplayMessage) => summaries.find((s) => covers(s, m));
  const chain = (m: DisplayMessage): DisplayMessage[] => {
    const up: DisplayMessage[] = [];
    for (let s = direct(m); s && !up.includes(s); s = direct(s)) up.push(s);
    return up;
  };
  const under = (summary: DisplayMessage) => messages.filter((m) => chain(m).includes(summary));
  const items: TranscriptItem[] = [];
  const placed = new Set<DisplayMessage>();
  const place = (summary: DisplayMessage) => {
    if (placed.has(summary)) return;
    placed.add(summary);
    const hidden = under(summary);
    const loaded = hidden.filter((m) => m.role !== 'summary').length;
    const nested = messages.filter((m) => m.role === 'summary' && covers(summary, m)).length;
    const span = (summary.coversTo ?? 0) - (summary.coversFrom ?? 0) + 1;
    items.push({
      kind: 'summary',
      summary,
      covered: arrange(hidden),
      count: Math.max(span - nested, loaded),
    });
  };
  const outer = summaries.filter((s) => !direct(s));
  for (const s of outer) if (under(s).length === 0) place(s);
  for (const m of messages) {
    const root = chain(m).at(-1);
    if (root) place(root);
    else if (m.role !== 'summary') items.push({ kind: 'message', message: m });
  }
  return items;
}
