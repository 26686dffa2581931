import { chatHistory } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage, isGatewayError } from '../gateway/errors.js';
import { adoptStored, toDisplay, type DisplayMessage } from './display-message.js';
import { HISTORY_PAGE } from './message-seeker.js';

/** The transcript state the history fills in (the chat controller's), and what it tells it. */
export interface HistoryView {
  readonly sessionKey: string;
  sessionId: string;
  messages: DisplayMessage[];
  loading: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  error: string | null;
  historyChanged(): void;
  /** The latest page is in (a message the URL points at may be looked for now). */
  historyLoaded(): void;
  /** The conversation could not be read. */
  historyLost(): void;
  /** Earlier messages are about to be put above the loaded ones. */
  olderArriving(): void;
  historyFailed(message: string): void;
}

/**
 * Pages of `chat.history` for the shown session: the latest page, earlier pages on demand (one on
 * its way is shared), and the stored rows of a run shown from its events. An answer that arrives
 * after a newer load (another session, a reset) is dropped.
 */
export class ChatHistory {
  private generation = 0;
  private olderLoad: Promise<boolean> | null = null;

  constructor(
    private readonly view: HistoryView,
    private readonly client: () => GatewayClient | null,
  ) {}

  /** Loads the latest page; `quiet` keeps the loading state off (a refresh, not a first load). */
  async load(quiet = false): Promise<void> {
    const client = this.client();
    const view = this.view;
    if (!client || !view.sessionKey) return;
    const generation = ++this.generation;
    if (!quiet) view.loading = true;
    view.historyChanged();
    try {
      const result = await chatHistory(client, {
        sessionKey: view.sessionKey,
        limit: HISTORY_PAGE,
      });
      if (generation !== this.generation) return;
      view.sessionId = result.sessionId;
      const pending = view.messages.filter((m) => m.pending);
      view.messages = [...result.messages.map(toDisplay), ...pending];
      view.hasOlder = result.messages.length >= HISTORY_PAGE;
      view.error = null;
      view.historyLoaded();
    } catch (err) {
      if (generation !== this.generation) return;
      // NOT_FOUND is shown by the session view; anything else is worth a message here.
      view.error = isGatewayError(err, 'NOT_FOUND') ? null : errorMessage(err);
      view.messages = [];
      view.historyLost();
    } finally {
      if (generation === this.generation) view.loading = false;
      view.historyChanged();
    }
  }

  /** Loads a page of earlier messages (one already on its way is shared); false when it failed. */
  loadOlder(limit = HISTORY_PAGE): Promise<boolean> {
    this.olderLoad ??= this.fetchOlder(limit).finally(() => (this.olderLoad = null));
    return this.olderLoad;
  }

  /** The stored rows of a run shown from its events: they bring seq, time and token counts. */
  async adoptRun(runId: string): Promise<void> {
    const client = this.client();
    const { sessionKey } = this.view;
    const generation = this.generation;
    if (!client) return;
    try {
      const tail = await chatHistory(client, { sessionKey, limit: 10 });
      if (generation !== this.generation || sessionKey !== this.view.sessionKey) return;
      this.view.messages = adoptStored(this.view.messages, runId, tail.messages);
      this.view.historyChanged();
    } catch {
      // Only the counts and the stored times are missing; the conversation is already shown.
    }
  }

  private async fetchOlder(limit: number): Promise<boolean> {
    const client = this.client();
    const view = this.view;
    const first = view.messages.find((m) => m.id.startsWith('seq-'));
    if (!client || !first) return false;
    const before = Number(first.id.slice(4));
    const generation = this.generation;
    view.loadingOlder = true;
    view.historyChanged();
    try {
      const result = await chatHistory(client, {
        sessionKey: view.sessionKey,
        sessionId: view.sessionId,
        before,
        limit,
      });
      if (generation !== this.generation) return false;
      view.olderArriving();
      view.messages = [...result.messages.map(toDisplay), ...view.messages];
      view.hasOlder = result.messages.length >= limit;
      return true;
    } catch (err) {
      view.historyFailed(errorMessage(err));
      return false;
    } finally {
      view.loadingOlder = false;
      view.historyChanged();
    }
  }
}
