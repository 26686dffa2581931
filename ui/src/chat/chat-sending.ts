import { abortChat, retryChat, sendChat } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import type { ChatSendResult, CommandReply } from '../gateway/protocol.js';
import type { ToastInit } from '../events.js';
import { randomId } from '../util/format.js';
import { noteMessage, type DisplayMessage } from './display-message.js';
import type { ChangeNotices } from './change-notice.js';
import type { RunTracker } from './run-tracker.js';
import { sendRefusal } from './send-refusal.js';

/** What a send tells outside the transcript (the chat view's callbacks). */
export interface SendingCallbacks {
  /** A slash command asked the UI to switch to another session. */
  switchTo(key: string): void;
  notify(toast: ToastInit): void;
}

/** The transcript state a send changes (the chat controller's), and what it tells it. */
export interface SendingView {
  readonly sessionKey: string;
  messages: DisplayMessage[];
  /** A `chat.retry` is on its way. */
  retrying: boolean;
  sendingChanged(): void;
  /** The gateway rewrote the end of the transcript (a retry): it is read again. */
  historyStale(): void;
  /** An id for a row that has no stored one (yet). */
  nextLocalId(): string;
}

/**
 * The sending side of the shown session: a message or slash command (shown at once as pending, then
 * as sent, answered or taken back when refused), a retry or regenerate, and Stop. An answer that
 * arrives after the view moved to another session is dropped.
 */
export class ChatSending {
  constructor(
    private readonly view: SendingView,
    private readonly client: () => GatewayClient | null,
    private readonly runs: RunTracker,
    private readonly notices: ChangeNotices,
    private readonly callbacks: SendingCallbacks,
  ) {}

  /** Sends a message or slash command; false when refused (the composer keeps the text). */
  async send(text: string): Promise<boolean> {
    const client = this.client();
    const view = this.view;
    const message = text.trim();
    if (!client || !message || !view.sessionKey) return false;
    const sessionKey = view.sessionKey;
    const local: DisplayMessage = {
      id: view.nextLocalId(),
      role: message.startsWith('/') ? 'command' : 'user',
      text: message,
      createdAt: Date.now(),
      pending: true,
    };
    view.messages = [...view.messages, local];
    view.sendingChanged();
    const command = local.role === 'command';
    if (command) this.notices.commandsPending++;
    try {
      const result = await sendChat(client, { sessionKey, message, idempotencyKey: randomId() });
      if (sessionKey !== view.sessionKey) return true;
      if (result.status === 'command') this.commandAnswered(local, result.command);
      else this.runStarted(local, result.runId);
      return true;
    } catch (err) {
      this.sendRefused(local, err);
      return false;
    } finally {
      if (command) this.notices.commandsPending--;
    }
  }

  /**
   * Runs the latest failed turn again (`chat.retry`), or with `regenerate` writes another reply to
   * the last question; the reply streams like a send's.
   */
  async retry(regenerate = false): Promise<boolean> {
    const client = this.client();
    const view = this.view;
    if (!client || !view.sessionKey || this.runs.current || view.retrying) return false;
    const sessionKey = view.sessionKey;
    view.retrying = true;
    view.sendingChanged();
    try {
      const result = await retryChat(
        client,
        regenerate ? { sessionKey, regenerate } : { sessionKey },
      );
      if (sessionKey === view.sessionKey) this.retryStarted(result);
      return true;
    } catch (err) {
      this.callbacks.notify({ kind: 'error', message: sendRefusal(err) });
      return false;
    } finally {
      view.retrying = false;
      view.sendingChanged();
    }
  }

  async abort(): Promise<void> {
    const client = this.client();
    const { sessionKey } = this.view;
    const run = this.runs.current;
    if (!client || !sessionKey) return;
    try {
      await abortChat(client, run ? { sessionKey, runId: run.runId } : { sessionKey });
    } catch (err) {
      this.callbacks.notify({ kind: 'error', message: errorMessage(err) });
    }
  }

  private commandAnswered(local: DisplayMessage, command: CommandReply): void {
    const view = this.view;
    if (command.action?.type === 'switch' && command.action.key !== view.sessionKey) {
      // The gateway keeps no note of a switch in the session left, and neither does this view: the
      // reply is told as a toast where the user arrives.
      view.messages = view.messages.filter((m) => m.id !== local.id);
      this.callbacks.notify({ kind: 'info', message: command.reply });
      this.callbacks.switchTo(command.action.key);
      return;
    }
    this.replace(local.id, { ...local, role: 'command', pending: false });
    view.messages = [...view.messages, noteMessage(view.nextLocalId(), command.reply)];
    view.sendingChanged();
  }

  private runStarted(local: DisplayMessage, runId: string): void {
    this.replace(local.id, { ...local, pending: false, runId });
    // Deltas (even the final event) may have arrived before this answer.
    this.runs.started(runId);
    this.view.sendingChanged();
  }

  private retryStarted(result: ChatSendResult): void {
    if (result.status === 'command') return;
    if (result.status !== 'started' || this.runs.started(result.runId, true))
      this.view.historyStale();
  }

  private sendRefused(local: DisplayMessage, err: unknown): void {
    this.view.messages = this.view.messages.filter((m) => m.id !== local.id);
    this.view.sendingChanged();
    this.callbacks.notify({ kind: 'error', message: sendRefusal(err) });
  }

  private replace(id: string, message: DisplayMessage): void {
    this.view.messages = this.view.messages.map((m) => (m.id === id ? message : m));
  }
}
