/**
 * The notes above a conversation: that the session is archived, and where the message of `msg=`
 * stands when it is not shown. Templates for `cairn-chat-view`, not elements of their own.
 */
import { html, nothing } from 'lit';
import type { SessionEntry } from '../gateway/protocol.js';
import type { MessageTarget } from '../router/routes.js';
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
