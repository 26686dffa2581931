import { noteMessage, type DisplayMessage } from './display-message.js';
/** What a change made elsewhere (another tab, the CLI, the API) says in the open conversation. */
import type { SessionEntry, SessionsChangedEvent } from '../gateway/protocol.js';

/**
 * The sentence for a `sessions.changed` event about the open session, given its entry as this view
 * knew it before; null when there is nothing a reader needs to know (a description, a counter).
 * Deletion is handled by the view (it leaves the session).
 */
export function changeNotice(before: SessionEntry | null, ev: SessionsChangedEvent): string | null {
  switch (ev.reason) {
    case 'reset':
      return 'This conversation was reset elsewhere. Its earlier messages are kept as a previous conversation.';
    case 'compacted':
      return 'This conversation was compacted elsewhere: earlier messages are summarised for the model and stay readable here.';
    case 'patched':
      return patchNotice(before, ev.entry);
    default:
      return null;
  }
}

function patchNotice(before: SessionEntry | null, after: SessionEntry | undefined): string | null {
  if (!before || !after) return null;
  const parts: string[] = [];
  if (before.label !== after.label)
    parts.push(`Renamed elsewhere to “${after.label}” (was “${before.label}”).`);
  if (before.persistent !== after.persistent)
    parts.push(
      after.persistent
        ? 'Made persistent elsewhere: /reset, /new and the reset policy no longer clear it.'
        : 'Made temporary elsewhere: /reset and the reset policy can now clear it.',
    );
  return parts.length ? parts.join(' ') : null;
}

/** Merges notes into the history by time (a note goes after messages of the same moment). */
export function withNotices(
  messages: DisplayMessage[],
  notices: DisplayMessage[],
): DisplayMessage[] {
  const out: DisplayMessage[] = [];
  const queue = [...notices];
  for (const m of messages) {
    while (queue.length && (queue[0]?.createdAt ?? 0) < m.createdAt)
      out.push(...queue.splice(0, 1));
    out.push(m);
  }
  return [...out, ...queue];
}

/** The notes of changes made elsewhere to the open session: what this view knew of it, what it was told. */
export class ChangeNotices {
  /** Slash commands of this view awaiting their reply: the changes they cause are not "elsewhere". */
  commandsPending = 0;
  /** The open session's entry as last shown. */
  private known: SessionEntry | null = null;
  /** Kept across history reloads, shown by time. */
  private notes: DisplayMessage[] = [];

  observe(entry: SessionEntry): void {
    this.known = entry;
  }

  clear(): void {
    this.known = null;
    this.notes = [];
  }

  /** Tells `ev` as a note (returned, and kept for the transcript); null when there is nothing to tell. */
  take(ev: SessionsChangedEvent, id: () => string): string | null {
    const notice = this.commandsPending ? null : changeNotice(this.known, ev);
    if (ev.entry) this.known = ev.entry;
    if (notice) this.notes = [...this.notes, noteMessage(id(), notice)];
    return notice;
  }

  /** `messages` with the notes among them by time. */
  merge(messages: DisplayMessage[]): DisplayMessage[] {
    return this.notes.length ? withNotices(messages, this.notes) : messages;
  }
}
