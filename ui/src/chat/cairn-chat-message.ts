import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import {
  hasCodeFence,
  highlighterLoaded,
  loadHighlighter,
  renderMarkdown,
} from './markdown/markdown.js';
import { markdownStyles } from './markdown/markdown.styles.js';
import { incompleteText, reasonText, type DisplayMessage } from './display-message.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { chatMessageStyles } from './cairn-chat-message.styles.js';
import { fullTime } from '../util/format.js';
import { copyText } from '../util/clipboard.js';
import { renderMeta } from './message-meta.js';

const WHO: Record<DisplayMessage['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  command: 'Command',
  notice: 'System',
  summary: 'Summary',
  error: 'Failed',
};

/** A note laid out in columns with runs of spaces (the /help list): shown in a monospace font. */
const ALIGNED = /\S {2,}\S/;

/** Same content and marks: a new object for the same message does not re-render it. */
const sameMessage = (a: DisplayMessage | null, b: DisplayMessage | null): boolean => {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DisplayMessage>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
};

/**
 * One line of the conversation. An assistant reply is Markdown, rendered to sanitised HTML (HTML
 * typed in it shows as text); everything else is rendered as text, never as HTML. Only a message
 * whose content changed renders again, so a streaming reply re-parses itself and nothing else.
 * Questions and replies carry a line with their time, token counts and Copy (message-meta.ts). A
 * failed turn (`error` row) shows the provider's message under its reason in words, and a Retry
 * button when it is the latest failed turn.
 *
 * @fires cairn-chat-retry - Retry on the latest failed turn, or on a question left without a reply
 * @fires cairn-chat-regenerate - Regenerate under the last reply
 * @fires cairn-chat-fork - Fork from here, on a stored message of the current conversation
 */
@customElement('cairn-chat-message')
export class CairnChatMessage extends LitElement {
  static override styles = [sharedStyles, chatMessageStyles, markdownStyles];

  @property({ attribute: false, hasChanged: (a, b) => !sameMessage(a as never, b as never) })
  message: DisplayMessage | null = null;

  /** Copy was pressed: what happened, shown on the button for a moment. */
  @state() private copied: 'yes' | 'failed' | null = null;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  /** The rendered Markdown and what it was rendered from (text, and whether code was coloured). */
  private rendered = { source: '', coloured: false, html: '' };

  override willUpdate(): void {
    if (this.message) this.setAttribute('role-name', this.message.role);
    // The message a search hit opened: marked, and focusable so the view can move focus to it.
    const highlighted = !!this.message?.highlighted;
    this.toggleAttribute('highlighted', highlighted);
    if (highlighted) this.tabIndex = -1;
    else this.removeAttribute('tabindex');
  }

  private markdown(text: string) {
    const coloured = highlighterLoaded();
    if (
      this.rendered.source !== text ||
      this.rendered.coloured !== coloured ||
      !this.rendered.html
    ) {
      this.rendered = { source: text, coloured, html: renderMarkdown(text) };
      if (!coloured && hasCodeFence(text)) void loadHighlighter().then(() => this.requestUpdate());
    }
    return html`<div class="markdown" @click=${this.onMarkdownClick}>
      ${unsafeHTML(this.rendered.html)}
    </div>`;
  }

  private async onMarkdownClick(ev: Event): Promise<void> {
    const button = (ev.target as Element | null)?.closest?.('button[data-copy]');
    const code = button?.closest('.code-block')?.querySelector('code')?.textContent;
    if (!button || code === undefined || code === null) return;
    const copied = await copyText(code);
    button.textContent = copied ? 'Copied' : 'Copy failed';
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
  }

  override render() {
    const m = this.message;
    if (!m) return nothing;
    if (m.role === 'error') return this.renderFailure(m);
    if (m.role !== 'user' && m.role !== 'assistant') return this.renderBubble(m);
    return html`<div class="message">
      ${this.renderBubble(m)}
      ${renderMeta(m, {
        copied: this.copied,
        copy: () => void this.copyMessage(m.text),
        retry: () => emit(this, 'cairn-chat-retry', {}),
        regenerate: () => emit(this, 'cairn-chat-regenerate', {}),
        fork: () => {
          if (m.seq !== undefined) emit(this, 'cairn-chat-fork', { seq: m.seq });
        },
      })}
    </div>`;
  }

  private async copyMessage(text: string): Promise<void> {
    this.copied = (await copyText(text)) ? 'yes' : 'failed';
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied = null), 2000);
  }

  private renderBubble(m: DisplayMessage) {
    const turn = m.role === 'user' || m.role === 'assistant';
    const cls = turn
      ? m.role
      : `note ${m.role === 'command' ? 'command' : ''} ${ALIGNED.test(m.text) ? 'aligned' : ''}`;
    return html`<div
      class="bubble ${cls} ${m.pending ? 'pending' : ''} ${m.unanswered ? 'unanswered' : ''} ${
        m.superseded ? 'superseded' : ''
      }"
      title=${turn ? nothing : fullTime(m.createdAt)}
      aria-busy=${m.streaming ? 'true' : 'false'}
    >
      <span class="visually-hidden">${WHO[m.role]}:</span>${
        m.role === 'assistant' ? this.markdown(m.text) : html`<span class="text">${m.text}</span>`
      }${
        m.streaming ? html`<span class="cursor" aria-hidden="true"></span>` : nothing
      }${m.stopped ? html`<span class="tag">(stopped)</span>` : nothing}${
        m.incomplete
          ? html`<span class="tag incomplete">${incompleteText(m.reason)}</span>`
          : nothing
      }${
        m.unanswered
          ? html`<span class="mark unanswered-mark">Not answered: this turn failed</span>`
          : nothing
      }${
        m.superseded
          ? html`<span class="mark superseded-mark">Replaced by the reply below</span>`
          : nothing
      }
    </div>`;
  }

  private renderFailure(m: DisplayMessage) {
    return html`<div class="bubble note failed" title=${fullTime(m.createdAt)}>
      <p class="reason"><span class="visually-hidden">Failed:</span> ${reasonText(m.reason)}.</p>
      ${m.text ? html`<p class="text provider">${m.text}</p>` : nothing}
      ${
        m.retryable
          ? html`<button class="btn small retry" @click=${() => emit(this, 'cairn-chat-retry', {})}>
              Retry
            </button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-message': CairnChatMessage;
  }
}
