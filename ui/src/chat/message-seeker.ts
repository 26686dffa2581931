import type { MessageTarget } from '../router/routes.js';

export const HISTORY_PAGE = 100;
/** The most `chat.history` gives in one page: seeking a message far up loads at most this many. */
export const HISTORY_MAX_PAGE = 500;

/**
 * Where the message the URL points at stands: being looked for (earlier pages loading), `found`
 * (loaded and marked), in an `earlier` conversation than the current one, or `missing`.
 */
export type TargetState = 'seeking' | 'found' | 'earlier' | 'missing';

/** What the seeker reads of the conversation, and how it loads more of it. */
export interface SeekView {
  readonly messages: readonly { seq?: number }[];
  readonly sessionId: string;
  readonly hasOlder: boolean;
  /** Loads a page of earlier messages; false when it failed. */
  loadOlder(limit: number): Promise<boolean>;
}

/**
 * The message to show (`msg=` in the URL): loads earlier pages of the conversation until it is
 * there, or says why it cannot be. A newer target (or none) stops an older search.
 */
export class MessageSeeker {
  target: MessageTarget | null = null;
  state: TargetState | null = null;
  private token = 0;

  constructor(
    private readonly view: SeekView,
    private readonly changed: () => void,
  ) {}

  /** The seq to mark `highlighted`, once found. */
  get highlightedSeq(): number | undefined {
    return this.state === 'found' ? this.target?.seq : undefined;
  }

  /** Takes a new target; false when it is the one already set. */
  set(target: MessageTarget | undefined): boolean {
    const next = target ?? null;
    if (next?.seq === this.target?.seq && next?.conversation === this.target?.conversation)
      return false;
    this.target = next;
    this.state = next ? 'seeking' : null;
    this.token++;
    return true;
  }

  /** Another session or a reload: the target is looked for again. */
  restart(): void {
    if (this.target) this.state = 'seeking';
  }

  /** The conversation could not be read. */
  lost(): void {
    if (this.target) this.state = 'missing';
  }

  /** Loads earlier pages until the target is there, or tells why it cannot be. */
  async seek(): Promise<void> {
    const token = ++this.token;
    for (;;) {
      const target = this.target;
      if (!target || token !== this.token) return;
      const { messages, sessionId, hasOlder } = this.view;
      const oldest = messages.find((m) => m.seq !== undefined)?.seq;
      let state: TargetState | null = null;
      if (target.conversation && target.conversation !== sessionId) state = 'earlier';
      else if (messages.some((m) => m.seq === target.seq)) state = 'found';
      else if (!hasOlder || oldest === undefined || oldest <= target.seq) state = 'missing';
      if (!state) {
        // One page that reaches the message when it can, so a far-up message is few round trips.
        const limit = Math.min(
          HISTORY_MAX_PAGE,
          Math.max(HISTORY_PAGE, (oldest ?? 0) - target.seq + 20),
        );
        if (await this.view.loadOlder(limit)) continue;
        if (token !== this.token) return;
        state = 'missing';
      }
      this.state = state;
      this.changed();
      return;
    }
  }
}
