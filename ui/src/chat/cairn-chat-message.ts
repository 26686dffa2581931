import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
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

/**
 * One line of the conversation. Text is always rendered as text, never as HTML. A failed turn
 * (`error` row) shows the provider's message under its reason in words, and a Retry button when it
 * is the latest failed turn.
 *
 * @fires cairn-chat-retry - the Retry button of the latest failed turn
 */
@customElement('cairn-chat-message')
export class CairnChatMessage extends LitElement {
  static override styles = [sharedStyles, chatMessageStyles];

  @property({ attribute: false }) message: DisplayMessage | null = null;

  override willUpdate(): void {
    if (this.message) this.setAttribute('role-name', this.message.role);
  }

  override render() {
    const m = this.message;
    if (!m) return nothing;
    if (m.role === 'error') return this.renderFailure(m);
    const cls =
      m.role === 'user' || m.role === 'assistant'
        ? m.role
        : `note ${m.role === 'command' ? 'command' : ''}`;
    return html`<div
      class="bubble ${cls} ${m.pending ? 'pending' : ''} ${m.unanswered ? 'unanswered' : ''}"
      title=${fullTime(m.createdAt)}
      aria-busy=${m.streaming ? 'true' : 'false'}
    >
      <span class="visually-hidden">${WHO[m.role]}:</span><span class="text">${m.text}</span>${
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

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-message': CairnChatMessage;
  }
}
