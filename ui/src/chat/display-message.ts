/** What the conversation shows, and the pure steps that turn wire messages and run events into it. */
import type { ChatEvent, ChatMessage, ChatRole } from '../gateway/protocol.js';

export interface DisplayMessage {
  id: string;
  role: ChatRole;
  text: string;
  createdAt: number;
  /** Sent, not yet acknowledged. */
  pending?: boolean;
  /** The assistant reply still arriving. */
  streaming?: boolean;
  /** Stopped by the user before it finished. */
  stopped?: boolean;
  /** A failed run's message. */
  failed?: boolean;
}

/** A message from `chat.history`; its id keeps the transcript's `seq` for paging back. */
export function toDisplay(message: ChatMessage): DisplayMessage {
  return {
    id: `seq-${message.seq}`,
    role: message.role,
    text: message.text,
    createdAt: message.createdAt,
  };
}

/** A note from the gateway (a command's reply, a failure) shown in the conversation. */
export function noteMessage(id: string, text: string): DisplayMessage {
  return { id, role: 'notice', text, createdAt: Date.now() };
}

/** The reply being streamed, shown after the history until its run ends. */
export function streamingReply(runId: string, text: string): DisplayMessage {
  return { id: `run-${runId}`, role: 'assistant', text, createdAt: Date.now(), streaming: true };
}

/**
 * What a run's last event (`final`, `aborted` or `error`) leaves in the conversation, given the
 * text streamed so far: the reply, the partial reply marked stopped, and a note for a failure.
 */
export function runEnding(ev: ChatEvent, partial: string, noteId: string): DisplayMessage[] {
  const reply = (extra: Partial<DisplayMessage>): DisplayMessage => ({
    id: `run-${ev.runId}`,
    role: 'assistant',
    text: partial,
    createdAt: Date.now(),
    ...extra,
  });
  if (ev.state === 'final') return [reply({ text: ev.text })];
  if (ev.state === 'aborted') return [reply({ stopped: true })];
  const failure = {
    ...noteMessage(noteId, ev.text || 'The model failed to answer.'),
    failed: true,
  };
  return partial ? [reply({ stopped: true }), failure] : [failure];
}
