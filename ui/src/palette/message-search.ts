/**
 * The palette's message search, without the DOM: debounced as the user types, at least
 * `MIN_CHARS` characters, and only the answer to the latest query is kept (an earlier request that
 * answers late is dropped).
 */
import type { SearchHit } from '../gateway/protocol.js';
import { errorMessage } from '../gateway/errors.js';
import { debounce } from '../util/debounce.js';

export const MIN_CHARS = 2;
export const SEARCH_DELAY_MS = 150;

export type MessageSearchStatus = 'idle' | 'loading' | 'done' | 'error';

export class MessageSearch {
  /** The latest query's message hits (kept while the next one loads). */
  hits: SearchHit[] = [];
  status: MessageSearchStatus = 'idle';
  /** The gateway's refusal of the query (an unclosed quote, nothing to look for), or a failure. */
  error = '';
  /** The query the hits answer. */
  query = '';

  private generation = 0;
  private readonly debounced: ReturnType<typeof debounce<[string]>>;

  constructor(
    private readonly search: (query: string) => Promise<SearchHit[]>,
    private readonly changed: () => void,
    delayMs = SEARCH_DELAY_MS,
  ) {
    this.debounced = debounce((query: string) => void this.run(query), delayMs);
  }

  /** The input's text changed. */
  input(text: string): void {
    const query = text.trim();
    this.generation++;
    if (query.length < MIN_CHARS) {
      this.debounced.cancel();
      this.set('idle', [], '', '');
      return;
    }
    if (this.status !== 'loading') {
      this.status = 'loading';
      this.changed();
    }
    this.debounced(query);
  }

  /** Drops a pending search and any answer still on its way (the palette closed). */
  cancel(): void {
    this.generation++;
    this.debounced.cancel();
    this.set('idle', [], '', '');
  }

  private async run(query: string): Promise<void> {
    const generation = ++this.generation;
    try {
      const hits = await this.search(query);
      if (generation === this.generation) this.set('done', hits, '', query);
    } catch (err) {
      if (generation === this.generation) this.set('error', [], errorMessage(err), query);
    }
  }

  private set(status: MessageSearchStatus, hits: SearchHit[], error: string, query: string): void {
    this.status = status;
    this.hits = hits;
    this.error = error;
    this.query = query;
    this.changed();
  }
}
