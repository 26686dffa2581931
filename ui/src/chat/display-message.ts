/** What the conversation shows, and the pure steps that turn wire messages and run events into it. */
import type { ChatEvent, ChatMessage, ChatRole } from '../gateway/protocol.js';

export interface DisplayMessage {
  id: string;
  role: ChatRole;
  text: string;
  createdAt: number;
  /** The transcript's `seq`; absent for what is only local so far. */
  seq?: number;
  /** The run this row belongs to (its question, reply or failure). */
  runId?: string;
  /** Tokens of the prompt and of the reply, as the provider counted them (assistant rows). */
  inputTokens?: number;
  outputTokens?: number;
  /** Sent, not yet acknowledged. */
  pending?: boolean;
  /** The assistant reply still arriving. */
  streaming?: boolean;
  /** Stopped by the user before it finished. */
  stopped?: boolean;
  /** The connection to the model broke mid-reply; the text is what arrived. */
  incomplete?: boolean;
  /** An `error` row's reason code (`context_overflow`, `unavailable`, …). */
  reason?: string;
  /** A `summary` row: the seqs it covers. */
  coversFrom?: number;
  coversTo?: number;
  /** Set by `arrange`: a user message whose turn failed and was not answered since. */
  unanswered?: boolean;
  /** Set by `markTurns`: the latest failed turn, which the Retry button runs again. */
  retryable?: boolean;
  /** Set by `markTurns`: the last reply, which Regenerate answers again (`chat.retry` regenerate). */
  regenerable?: boolean;
  /** Set by `markTurns`: a reply a later one replaced (regenerated); the model no longer sees it. */
  superseded?: boolean;
  /** Set by the chat controller: a stored row of the current conversation ("Fork from here"). */
  forkable?: boolean;
  /** Set by the chat controller: the message the URL points at (`msg=<seq>`, a search hit). */
  highlighted?: boolean;
}

/** A message from `chat.history`; its id keeps the transcript's `seq` for paging back. */
export function toDisplay(message: ChatMessage): DisplayMessage {
  const display: DisplayMessage = {
    id: `seq-${message.seq}`,
    seq: message.seq,
    role: message.role,
    text: message.text,
    createdAt: message.createdAt,
  };
  if (message.runId) display.runId = message.runId;
  if (message.inputTokens !== undefined) display.inputTokens = message.inputTokens;
  if (message.outputTokens !== undefined) display.outputTokens = message.outputTokens;
  if (message.incomplete) display.incomplete = true;
  if (message.reason) display.reason = message.reason;
  if (message.coversFrom !== undefined) display.coversFrom = message.coversFrom;
  if (message.coversTo !== undefined) display.coversTo = message.coversTo;
  return display;
}

/** A note from the gateway (a command's reply) shown in the conversation. */
export function noteMessage(id: string, text: string): DisplayMessage {
  return { id, role: 'notice', text, createdAt: Date.now() };
}

/** The reply being streamed, shown after the history until its run ends. */
export function streamingReply(runId: string, text: string): DisplayMessage {
  return { id: `run-${runId}`, role: 'assistant', text, createdAt: Date.now(), streaming: true };
}

/**
 * What a run's last event (`final`, `aborted` or `error`) leaves in the conversation, given the
 * text streamed so far: the reply, the partial reply marked stopped (nothing when stopped before
 * any text), or incomplete when the run failed, and an `error` row with the provider's message
 * and reason for a failure.
 */
export function runEnding(ev: ChatEvent, partial: string, errorId: string): DisplayMessage[] {
  const reply = (extra: Partial<DisplayMessage>): DisplayMessage => ({
    id: `run-${ev.runId}`,
    runId: ev.runId,
    role: 'assistant',
    text: partial,
    createdAt: Date.now(),
    ...extra,
  });
  if (ev.state === 'final') return [reply({ text: ev.text })];
  // A reply stopped before its first word is not stored: its question stays open (Retry).
  if (ev.state === 'aborted') return partial ? [reply({ stopped: true })] : [];
  const failure: DisplayMessage = {
    id: errorId,
    runId: ev.runId,
    role: 'error',
    text: ev.text,
    createdAt: Date.now(),
  };
  if (ev.reason) failure.reason = ev.reason;
  return partial ? [reply({ incomplete: true }), failure] : [failure];
}

/**
 * `messages` with the rows of run `runId` shown so far from the run's events (its question, reply
 * and failure, not yet stored when shown) replaced by the stored rows of that run from `stored`
 * (a `chat.history` tail): they bring the transcript's seq, time and token counts. Rows with no
 * stored match stay as they are. A stored `notice` of the run that is not shown yet (the gateway's
 * word that a removed model's default answered) goes in before the run's reply.
 */
export function adoptStored(
  messages: DisplayMessage[],
  runId: string,
  stored: ChatMessage[],
): DisplayMessage[] {
  const rows = stored.filter((m) => m.runId === runId);
  if (rows.length === 0) return messages;
  const adopted = messages.map((m) => {
    if (m.seq !== undefined || m.runId !== runId || m.pending) return m;
    const match = rows.find((r) => r.role === m.role);
    return match ? { ...toDisplay(match), ...(m.stopped ? { stopped: true } : {}) } : m;
  });
  const notices = rows
    .filter((r) => r.role === 'notice' && !adopted.some((m) => m.seq === r.seq))
    .map(toDisplay);
  if (notices.length === 0) return adopted;
  const reply = adopted.findIndex((m) => m.runId === runId && m.role !== 'user');
  const at = reply < 0 ? adopted.length : reply;
  return [...adopted.slice(0, at), ...notices, ...adopted.slice(at)];
}

const REASONS: Record<string, string> = {
  auth: 'The model provider refused the credentials',
  rate_limited: 'The model provider is limiting requests, or the quota is used up',
  context_overflow: "The model's context window was full",
  timeout: 'The model took too long to answer',
  unavailable: 'The model server is unreachable',
  bad_request: 'The model provider rejected the request',
  content_filter: "The model provider's content filter blocked the reply",
  provider_error: 'The model provider failed',
  storage: 'The conversation could not be saved',
  interrupted: 'The gateway writing the reply stopped (a crash or a kill); send again to go on',
};

/** A failed turn's reason code in words; unknown or absent codes get a generic sentence. */
export function reasonText(reason: string | undefined): string {
  return (reason && REASONS[reason]) || 'The model failed to answer';
}

/**
 * Why a stored reply is incomplete, in words: `interrupted` (the gateway writing it stopped — a crash, a kill,
 * a replica that died; the text is what it had stored), `streaming` (another gateway of the fleet is still
 * writing it), otherwise the connection to the model broke.
 */
export function incompleteText(reason: string | undefined): string {
  if (reason === 'interrupted')
    return '(interrupted — the gateway writing it stopped; this is what it had saved)';
  if (reason === 'streaming') return '(still being written)';
  return '(incomplete — the connection to the model broke)';
}
