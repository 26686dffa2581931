import type { ReactiveControllerHost } from 'lit';
import { abortChat, retryChat, sendChat } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import type {
  ChatEvent,
  ChatSendResult,
  CommandReply,
  SessionEntry,
  SessionsChangedEvent,
} from '../gateway/protocol.js';
import type { ToastInit } from '../events.js';
import { randomId } from '../util/format.js';
import { noteMessage, runEnding, streamingReply, type DisplayMessage } from './display-message.js';
import { arrange, markTurns, type TranscriptItem } from './transcript.js';
import { ChangeNotices } from './change-notice.js';
import { sendRefusal } from './send-refusal.js';
import { RunTracker, type ActiveRun } from './run-tracker.js';
import type { MessageTarget } from '../router/routes.js';
import { HISTORY_PAGE, MessageSeeker, type TargetState } from './message-seeker.js';
import { ChatHistory, type HistoryView } from './chat-history.js';

export { HISTORY_MAX_PAGE, HISTORY_PAGE, type TargetState } from './message-seeker.js';

export interface ChatCallbacks {
  /** A slash command asked the UI to switch to another session. */
  switchTo(key: string): void;
  notify(toast: ToastInit): void;
  /** Earlier messages are about to be put above the loaded ones. */
  olderArriving?(): void;
}

/**
 * The conversation of one session: history from `chat.history`, the streaming reply from `chat`
 * events, sending, stopping, and slash-command replies.
 */
export class ChatController extends GatewayController implements HistoryView {
  sessionKey = '';
  sessionId = '';
  messages: DisplayMessage[] = [];
  loading = false;
  loadingOlder = false;
  hasOlder = false;
  error: string | null = null;
  /** A `chat.retry` is on its way. */
  retrying = false;

  private localId = 0;
  private readonly runs = new RunTracker();
  /** Notes about changes made elsewhere (see `observeEntry`). */
  private readonly notices = new ChangeNotices();
  /** The client whose events this controller listens to, and the stop of its chat watch. */
  private subscribed: GatewayClient | null = null;
  private unwatch: (() => void) | null = null;
  private readonly seeker = new MessageSeeker(this, () => this.host.requestUpdate());
  private readonly history = new ChatHistory(this, () => this.client);

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: ChatCallbacks,
  ) {
    super(host);
  }

  /** The message to show (`msg=` in the URL). */
  get target(): MessageTarget | null {
    return this.seeker.target;
  }

  /** How the search for `target` stands. */
  get targetState(): TargetState | null {
    return this.seeker.state;
  }

  /** The reply streaming now. */
  get run(): ActiveRun | null {
    return this.runs.current;
  }

  get streaming(): boolean {
    return this.runs.current !== null;
  }

  /** History and notices by time, plus the reply being streamed, in display order. */
  get visibleMessages(): DisplayMessage[] {
    const shown = this.notices.merge(this.messages);
    if (!this.run) return shown;
    return [...shown, streamingReply(this.run.runId, this.run.text)];
  }

  /** The entry the view shows now: a later change is told against it. */
  observeEntry(entry: SessionEntry | null): void {
    if (entry?.key === this.sessionKey) this.notices.observe(entry);
  }

  /** The conversation as laid out: summaries' dividers, unanswered and retryable turns. */
  get items(): TranscriptItem[] {
    const marked = markTurns(this.visibleMessages, !this.streaming && !this.retrying);
    const seq = this.seeker.highlightedSeq;
    if (seq !== undefined) for (const m of marked) if (m.seq === seq) m.highlighted = true;
    for (const m of marked) m.forkable = m.seq !== undefined;
    return arrange(marked);
  }

  /**
   * Shows message `target.seq` (or none): earlier pages load until it is there; then it is marked
   * `highlighted` in `items` and `targetState` is `found`. Call after `setSession`.
   */
  setTarget(target: MessageTarget | undefined): void {
    if (!this.seeker.set(target)) return;
    if (this.seeker.target && !this.loading && this.sessionId) void this.seeker.seek();
    this.host.requestUpdate();
  }

  setSession(key: string): void {
    if (key === this.sessionKey) return;
    this.sessionKey = key;
    this.rewatch();
    this.seeker.restart();
    this.messages = [];
    this.sessionId = '';
    this.hasOlder = false;
    this.runs.clear();
    this.notices.clear();
    void this.history.load();
  }

  /** Sends a message or slash command; false when refused (the composer keeps the text). */
  async send(text: string): Promise<boolean> {
    const client = this.client;
    const message = text.trim();
    if (!client || !message || !this.sessionKey) return false;
    const sessionKey = this.sessionKey;
    const local: DisplayMessage = {
      id: this.nextLocalId(),
      role: message.startsWith('/') ? 'command' : 'user',
      text: message,
      createdAt: Date.now(),
      pending: true,
    };
    this.messages = [...this.messages, local];
    this.host.requestUpdate();
    const command = local.role === 'command';
    if (command) this.notices.commandsPending++;
    try {
      const result = await sendChat(client, { sessionKey, message, idempotencyKey: randomId() });
      if (sessionKey !== this.sessionKey) return true;
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
    const client = this.client;
    if (!client || !this.sessionKey || this.run || this.retrying) return false;
    const sessionKey = this.sessionKey;
    this.retrying = true;
    this.host.requestUpdate();
    try {
      const result = await retryChat(
        client,
        regenerate ? { sessionKey, regenerate } : { sessionKey },
      );
      if (sessionKey === this.sessionKey) this.retryStarted(result);
      return true;
    } catch (err) {
      this.callbacks.notify({ kind: 'error', message: sendRefusal(err) });
      return false;
    } finally {
      this.retrying = false;
      this.host.requestUpdate();
    }
  }

  async abort(): Promise<void> {
    const client = this.client;
    if (!client || !this.sessionKey) return;
    try {
      await abortChat(
        client,
        this.run
          ? { sessionKey: this.sessionKey, runId: this.run.runId }
          : { sessionKey: this.sessionKey },
      );
    } catch (err) {
      this.callbacks.notify({ kind: 'error', message: errorMessage(err) });
    }
  }

  /** Loads a page of earlier messages (one already on its way is shared); false when it failed. */
  loadOlder(limit = HISTORY_PAGE): Promise<boolean> {
    return this.history.loadOlder(limit);
  }

  historyChanged(): void {
    this.host.requestUpdate();
  }

  historyLoaded(): void {
    if (this.target && this.targetState !== 'found') void this.seeker.seek();
  }

  historyLost(): void {
    this.seeker.lost();
  }

  olderArriving(): void {
    this.callbacks.olderArriving?.();
  }

  historyFailed(message: string): void {
    this.callbacks.notify({ kind: 'error', message });
  }

  protected subscribe(client: GatewayClient): (() => void)[] {
    this.subscribed = client;
    this.rewatch();
    return [
      client.on('chat', (ev) => this.onChat(ev)),
      client.on('sessions.changed', (ev) => this.onSessionChanged(ev)),
      () => {
        this.subscribed = null;
        this.rewatch();
      },
    ];
  }

  /** Asks the gateway for the shown session's `chat` events only (and stops asking for the last one's). */
  private rewatch(): void {
    this.unwatch?.();
    this.unwatch =
      this.subscribed && this.sessionKey ? this.subscribed.watchChat(this.sessionKey) : null;
  }

  protected resync(): void {
    // A run may have ended while we were away; the transcript has its final text.
    this.runs.current = null;
    void this.history.load(true);
  }

  protected override onAttach(): void {
    if (this.sessionKey) void this.history.load();
  }

  private onChat(ev: ChatEvent): void {
    if (ev.sessionKey !== this.sessionKey) return;
    if (ev.state === 'delta') {
      if (this.runs.delta(ev)) this.host.requestUpdate();
      return;
    }
    const end = this.runs.end(ev.runId);
    if (!end) return;
    this.messages = [...this.messages, ...runEnding(ev, end.partial, this.nextLocalId())];
    if (end.reload === 'history') void this.history.load(true);
    else void this.history.adoptRun(ev.runId);
    this.host.requestUpdate();
  }

  private onSessionChanged(ev: SessionsChangedEvent): void {
    if (ev.key !== this.sessionKey) return;
    const notice = this.notices.take(ev, () => this.nextLocalId());
    if (notice) {
      this.callbacks.notify({ kind: 'info', message: notice });
      this.host.requestUpdate();
    }
    if (
      ev.reason === 'reset' ||
      ev.reason === 'compacted' ||
      (ev.entry && this.sessionId && ev.entry.sessionId !== this.sessionId)
    ) {
      this.runs.current = null;
      void this.history.load(true);
    }
  }

  private commandAnswered(local: DisplayMessage, command: CommandReply): void {
    if (command.action?.type === 'switch' && command.action.key !== this.sessionKey) {
      // The gateway keeps no note of a switch in the session left, and neither does this view: the
      // reply is told as a toast where the user arrives.
      this.messages = this.messages.filter((m) => m.id !== local.id);
      this.callbacks.notify({ kind: 'info', message: command.reply });
      this.callbacks.switchTo(command.action.key);
      return;
    }
    this.replace(local.id, { ...local, role: 'command', pending: false });
    this.messages = [...this.messages, noteMessage(this.nextLocalId(), command.reply)];
    this.host.requestUpdate();
  }

  private runStarted(local: DisplayMessage, runId: string): void {
    this.replace(local.id, { ...local, pending: false, runId });
    // Deltas (even the final event) may have arrived before this answer.
    this.runs.started(runId);
    this.host.requestUpdate();
  }

  private retryStarted(result: ChatSendResult): void {
    if (result.status === 'command') return;
    if (result.status !== 'started' || this.runs.started(result.runId, true))
      void this.history.load(true);
  }

  private sendRefused(local: DisplayMessage, err: unknown): void {
    this.messages = this.messages.filter((m) => m.id !== local.id);
    this.host.requestUpdate();
    this.callbacks.notify({ kind: 'error', message: sendRefusal(err) });
  }

  private nextLocalId(): string {
    return `local-${++this.localId}`;
  }

  private replace(id: string, message: DisplayMessage): void {
    this.messages = this.messages.map((m) => (m.id === id ? message : m));
  }
}
