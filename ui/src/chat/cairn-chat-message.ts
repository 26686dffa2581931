import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import {
  hasCodeFence,
  highlighterLoaded,
  loadHighlighter,
  renderMarkdown,
} from './markdown/markdown.js';
import { markdownStyles } from './markdown/markdown.styles.js';
import { reasonText, type DisplayMessage } from './display-message.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { chatMessageStyles } from './cairn-chat-message.styles.js';
import { fullTime } from '../util/format.js';

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
 * whose content changed renders again, so a streaming reply re-parses itself and nothing else. A
 * failed turn
 * (`error` row) shows the provider's message under its reason in words, and a Retry button when it
 * is the latest failed turn.
 *
 * @fires cairn-chat-retry - the Retry button of the latest failed turn
 */
@customElement('cairn-chat-message')
export class CairnChatMessage extends LitElement {
  static override styles = [sharedStyles, chatMessageStyles, markdownStyles];

  @property({ attribute: false, hasChanged: (a, b) => !sameMessage(a as never, b as never) })
  message: DisplayMessage | null = null;

  /** The rendered Markdown and what it was rendered from (text, and whether code was coloured). */
  private rendered = { source: '', coloured: false, html: '' };

  override willUpdate(): void {
    if (this.message) this.setAttribute('role-name', this.message.role);
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

  override render() {
    const m = this.message;
    if (!m) return nothing;
    if (m.role === 'error') return this.renderFailure(m);
    const cls =
      m.role === 'user' || m.role === 'assistant'
        ? m.role
        : `note ${m.role === 'command' ? 'command' : ''} ${ALIGNED.test(m.text) ? 'aligned' : ''}`;
    return html`<div
      class="bubble ${cls} ${m.pending ? 'pending' : ''} ${m.unanswered ? 'unanswered' : ''}"
      title=${fullTime(m.createdAt)}
      aria-busy=${m.streaming ? 'true' : 'false'}
    >
      <span class="visually-hidden">${WHO[m.role]}:</span>${
        m.role === 'assistant' ? this.markdown(m.text) : html`<span class="text">${m.text}</span>`
      }${
        m.streaming ? html`<span class="cursor" aria-hidden="true"></span>` : nothing
      }${m.stopped ? html`<span class="tag">(stopped)</span>` : nothing}${
        m.incomplete
          ? html`<span class="tag incomplete"
              >(incomplete — the connection to the model broke)</span
            >`
          : nothing
      }${
        m.unanswered
          ? html`<span class="mark unanswered-mark">Not answered: this turn failed</span>`
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

/** The clipboard API where allowed, else the old copy command on a hidden text area. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-message': CairnChatMessage;
  }
}
