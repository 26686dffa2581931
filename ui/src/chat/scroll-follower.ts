import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Closer to the bottom than this (px) counts as "at the latest message". */
const BOTTOM_SLACK = 40;
/** Closer to the top than this (px) asks for earlier messages. */
const TOP_SLACK = 200;

/**
 * Where the conversation is scrolled: pinned to the latest message (on open, after sending, while a
 * reply streams) until the user scrolls up; then left alone, with `stuck` false so the view can offer
 * "Jump to latest". Earlier messages put in above keep the reading position (`keepPosition` before
 * they are rendered). Content size is watched with a ResizeObserver, because the messages render in
 * their own elements after the view's update, and replies grow while they stream.
 */
export class ScrollFollower implements ReactiveController {
  /** Following the latest message. */
  stuck = true;

  private log: HTMLElement | null = null;
  private observer: ResizeObserver | null = null;
  /** Distance from the bottom to restore while earlier messages render; null when not anchored. */
  private anchor: number | null = null;
  /** The scrollTop this controller set last: a scroll event at it is ours, not the user's. */
  private ownTop = -1;
  private lastTop = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly nearTop: () => void,
  ) {
    host.addController(this);
  }

  /** Watches `log` (the scroller) and `content` (what grows); call after each render. */
  observe(log: HTMLElement | null | undefined, content: HTMLElement | null | undefined): void {
    if (!log || !content || log === this.log) {
      this.settle();
      return;
    }
    this.release();
    this.log = log;
    log.addEventListener('scroll', this.onScroll, { passive: true });
    if (typeof ResizeObserver !== 'undefined') {
      this.observer = new ResizeObserver(() => this.settle());
      this.observer.observe(content);
    }
    this.settle();
  }

  hostDisconnected(): void {
    this.release();
  }

  /** Pins to the latest message and scrolls there (open, send, "Jump to latest"). */
  follow(): void {
    this.anchor = null;
    if (!this.stuck) {
      this.stuck = true;
      this.host.requestUpdate();
    }
    this.settle();
  }

  /**
   * Lets go of the latest message and scrolls `el` (inside the log) to the middle of the view; the
   * position is kept while content renders above it.
   */
  reveal(el: HTMLElement): void {
    const log = this.log;
    if (!log) return;
    if (this.stuck) {
      this.stuck = false;
      this.host.requestUpdate();
    }
    const box = el.getBoundingClientRect();
    const frame = log.getBoundingClientRect();
    const centre = Math.max(0, (log.clientHeight - box.height) / 2);
    this.scrollTo(log, Math.max(0, log.scrollTop + box.top - frame.top - centre));
    this.anchor = log.scrollHeight - log.scrollTop;
  }

  /** Call before earlier messages are rendered above: the one being read stays in place. */
  keepPosition(): void {
    const log = this.log;
    if (log && !this.stuck) this.anchor = log.scrollHeight - log.scrollTop;
  }

  /** Applies the pin or the anchor after the content changed. */
  settle(): void {
    const log = this.log;
    if (!log) return;
    if (this.stuck) this.scrollTo(log, log.scrollHeight);
    else if (this.anchor !== null) this.scrollTo(log, log.scrollHeight - this.anchor);
  }

  private scrollTo(log: HTMLElement, top: number): void {
    log.scrollTop = top;
    this.ownTop = log.scrollTop;
    this.lastTop = log.scrollTop;
  }

  private readonly onScroll = (): void => {
    const log = this.log;
    if (!log) return;
    const top = log.scrollTop;
    if (top === this.ownTop) return;
    const atBottom = log.scrollHeight - top - log.clientHeight < BOTTOM_SLACK;
    const wasStuck = this.stuck;
    if (atBottom) this.stuck = true;
    else if (top < this.lastTop) this.stuck = false;
    // The user moved: whatever they read now is the position to keep.
    this.anchor = null;
    this.ownTop = -1;
    this.lastTop = top;
    if (wasStuck !== this.stuck) this.host.requestUpdate();
    if (top < TOP_SLACK && !this.stuck) this.nearTop();
  };

  private release(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.log?.removeEventListener('scroll', this.onScroll);
    this.log = null;
  }
}
