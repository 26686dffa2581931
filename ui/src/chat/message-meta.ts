/** The line under a question or a reply: its time, its token counts, Copy, Fork from here, and Retry. */
import { html, nothing } from 'lit';
import { copyIcon, retryIcon } from '../styles/icons.js';
import { fullDate, messageTime } from '../util/format.js';
import type { DisplayMessage } from './display-message.js';

export interface MetaActions {
  /** Copy was pressed a moment ago: the button says whether it worked. */
  copied: 'yes' | 'failed' | null;
  copy(): void;
  retry(): void;
  regenerate(): void;
  /** "Fork from here": a new session with the conversation up to this message. */
  fork(): void;
}

/** "312 tokens (prompt 1,204)" for a reply whose counts the provider reported; null otherwise. */
export function tokenText(m: DisplayMessage): string | null {
  if (m.outputTokens === undefined) return null;
  const reply = `${m.outputTokens.toLocaleString()} ${m.outputTokens === 1 ? 'token' : 'tokens'}`;
  return m.inputTokens === undefined
    ? reply
    : `${reply} (prompt ${m.inputTokens.toLocaleString()})`;
}

const COPY_TEXT = { yes: 'Copied', failed: 'Copy failed' } as const;

/**
 * Shown once a message is settled (not pending, not streaming). The time is focusable and shows
 * the full date on hover, focus and tap; a stored question left without a reply offers Retry.
 */
export function renderMeta(m: DisplayMessage, actions: MetaActions) {
  if (m.pending || m.streaming) return nothing;
  const tokens = tokenText(m);
  const copyLabel = actions.copied ? COPY_TEXT[actions.copied] : 'Copy';
  return html`<div class="meta">
    <time
      class="when"
      tabindex="0"
      datetime=${new Date(m.createdAt).toISOString()}
      data-full=${fullDate(m.createdAt)}
      >${messageTime(m.createdAt)}</time
    >${tokens ? html`<span class="tokens">${tokens}</span>` : nothing}
    <button
      class="btn ghost small action"
      aria-label=${actions.copied ? copyLabel : m.role === 'user' ? 'Copy message' : 'Copy reply'}
      @click=${actions.copy}
    >
      ${copyIcon}<span>${copyLabel}</span>
    </button>
    ${
      m.forkable
        ? html`<button
            class="btn ghost small action"
            aria-label="Fork from here"
            title="A new session with the conversation up to this message"
            @click=${actions.fork}
          >
            <span>Fork from here</span>
          </button>`
        : nothing
    }
    ${
      m.regenerable
        ? html`<button class="btn ghost small action" @click=${actions.regenerate}>
            ${retryIcon}<span>Regenerate</span>
          </button>`
        : nothing
    }
    ${
      m.retryable
        ? html`<span class="no-reply">No reply</span
            ><button class="btn small action retry" @click=${actions.retry}>
              ${retryIcon}<span>Retry</span>
            </button>`
        : nothing
    }
  </div>`;
}
