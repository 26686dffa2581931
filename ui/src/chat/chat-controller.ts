import type { ReactiveControllerHost } from 'lit';
import type { GatewayClient } from '../gateway/client.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import type { ChatEvent, SessionEntry, SessionsChangedEvent } from '../gateway/protocol.js';
import { runEnding, streamingReply, type DisplayMessage } from './display-message.js';
import { arrange, markTurns, type TranscriptItem } from './transcript.js';
import { ChangeNotices } from './change-notice.js';
import { RunTracker, type ActiveRun } from './run-tracker.js';
import type { MessageTarget } from '../router/routes.js';
import { HISTORY_PAGE, MessageSeeker, type TargetState } from './message-seeker.js';
import { ChatHistory, type HistoryView } from './chat-history.js';
import { ChatSending, type SendingCallbacks, type SendingView } from './chat-sending.js';

export { HISTORY_MAX_PAGE, HISTORY_PAGE, type TargetState } from './message-seeker.js';

export interface ChatCallbacks extends SendingCallbacks {
  /** Earlier messages are about to be put above the loaded ones. */
  olderArriving?(): void;
}

/**
 * The conversation of one session: history from `chat.history` (`ChatHistory`), the streaming reply
 * from `chat` events, notes of changes made elsewhere; sending, retrying and stopping are
 * `ChatSending`'s.
 */
export class ChatController extends GatewayController implements HistoryView, SendingView {
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
  private readonly sending: ChatSending;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: ChatCallbacks,
  ) {
    super(host);
    this.sending = new ChatSending(this, () => this.client, this.runs, this.notices, callbacks);
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
  send(text: string): Promise<boolean> {
    return this.sending.send(text);
  }

  /** `chat.retry`: the latest failed turn again, or with `regenerate` another reply; false when refused. */
  retry(regenerate = false): Promise<boolean> {
    return this.sending.retry(regenerate);
  }

  abort(): Promise<void> {
    return this.sending.abort();
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

  sendingChanged(): void {
    this.host.requestUpdate();
  }

  historyStale(): void {
    void this.history.load(true);
  }

  nextLocalId(): string {
    return `local-${++this.localId}`;
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
}
