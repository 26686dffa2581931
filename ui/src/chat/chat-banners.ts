/**
 * What the chat view shows besides messages: that the session is archived, where the message of
 * `msg=` stands when it is not shown, a session that does not exist, and the loading skeleton.
 * Templates for `cairn-chat-view`, not elements of their own.
 */
import { html, nothing } from 'lit';
import type { SessionEntry } from '../gateway/protocol.js';
import { chatUrl, MAIN_SESSION, type MessageTarget } from '../router/routes.js';
import type { TargetState } from './message-seeker.js';

export function archivedBanner(entry: SessionEntry, unarchive: (entry: SessionEntry) => void) {
  return html`<div class="archived" role="status">
    <span
      ><strong>Archived.</strong> “${entry.label}” is out of the session list and takes no new
      messages until you unarchive it.</span
    >
    <button class="btn small" @click=${() => unarchive(entry)}>Unarchive</button>
  </div>`;
}

/** Where the message of `msg=` is, when it is not shown: seeking, earlier, or gone. */
export function targetNote(
  target: MessageTarget | null,
  state: TargetState | null,
  openEarlier: () => void,
) {
  if (!target || !state || state === 'found') return nothing;
  const text =
    state === 'seeking'
      ? 'Finding the message…'
      : state === 'earlier'
        ? 'That message is in an earlier conversation of this session (before a reset).'
        : 'That message is not in this conversation any more.';
  return html`<p class="target-note" role="status">
    ${text}
    ${
      state === 'earlier'
        ? html`<button class="btn small" @click=${openEarlier}>Open previous conversations</button>`
        : nothing
    }
  </p>`;
}

/** The page for a session key that does not exist (deleted, renamed, or a mistyped link). */
export function missingSession(session: string, namedSessions: boolean) {
  return html`<div class="missing" role="alert">
    <h2>No session “${session}”</h2>
    <p>It may have been deleted or renamed, or the link is mistyped.</p>
    <a class="btn primary" href=${chatUrl(MAIN_SESSION)}>Go to Main</a>
    ${namedSessions ? html` <a class="btn" href="/sessions">All sessions</a>` : nothing}
  </div>`;
}

/** Two grey bubbles while the first page of the conversation loads. */
export const conversationSkeleton = html`<span
    class="skeleton skeleton-msg right"
    aria-hidden="true"
  ></span>
  <span class="skeleton skeleton-msg" aria-hidden="true"></span>
  <span class="visually-hidden">Loading conversation…</span>`;
