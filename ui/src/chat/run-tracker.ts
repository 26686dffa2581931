/** The runs of the open session as this view knows them: the one streaming, its own, those ended. */
import type { ChatEvent } from '../gateway/protocol.js';

export interface ActiveRun {
  runId: string;
  text: string;
}

/** What a run's end needs: the text streamed so far, and which reload of the transcript. */
export interface RunEnd {
  partial: string;
  /**
   * `history`: someone else's run (their question is only in the transcript) or a retry (the
   * gateway rewrote the end of it); `run`: this view's own run, whose stored rows replace what the
   * events showed.
   */
  reload: 'history' | 'run';
}

export class RunTracker {
  /** The reply streaming now. */
  current: ActiveRun | null = null;
  private readonly own = new Set<string>();
  private readonly ended = new Set<string>();
  private readonly retries = new Set<string>();

  clear(): void {
    this.current = null;
    this.own.clear();
    this.ended.clear();
    this.retries.clear();
  }

  /** A delta: appended to its run (which becomes the streaming one); false for an ended run. */
  delta(ev: ChatEvent): boolean {
    if (this.ended.has(ev.runId)) return false;
    if (this.current?.runId !== ev.runId) this.current = { runId: ev.runId, text: '' };
    this.current.text += ev.text;
    return true;
  }

  /** A run's last event; null when it had already ended. */
  end(runId: string): RunEnd | null {
    if (this.ended.has(runId)) return null;
    this.ended.add(runId);
    const partial = this.current?.runId === runId ? this.current.text : '';
    if (this.current?.runId === runId) this.current = null;
    const reload = !this.own.has(runId) || this.retries.delete(runId) ? 'history' : 'run';
    return { partial, reload };
  }

  /**
   * A run this view started (a send, or a retry): it streams until its end, which may have come
   * before the gateway's answer (then true: a retry's transcript needs reading).
   */
  started(runId: string, retry = false): boolean {
    this.own.add(runId);
    if (this.ended.has(runId)) return true;
    if (retry) this.retries.add(runId);
    if (!this.current) this.current = { runId, text: '' };
    return false;
  }
}
