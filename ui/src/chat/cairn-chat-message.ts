import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DisplayMessage } from './display-message.js';
import { sharedStyles } from '../styles/shared.js';
import { chatMessageStyles } from './cairn-chat-message.styles.js';
import { fullTime } from '../util/format.js';

/** One line of the conversation. Text is always rendered as text, never as HTML. */
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
    const who = {
      user: 'You',
      assistant: 'Assistant',
      command: 'Command',
      notice: 'System',
      summary: 'Summary',
      error: 'Error',
    }[m.role];
    const cls =
      m.role === 'user' || m.role === 'assistant'
        ? m.role
        : `note ${m.role === 'command' ? 'command' : ''}`;
    return html`<div
      class="bubble ${cls} ${m.failed ? 'failed' : ''} ${m.pending ? 'pending' : ''}"
      title=${fullTime(m.createdAt)}
      aria-busy=${m.streaming ? 'true' : 'false'}
    >
      <span class="visually-hidden">${who}:</span><span class="text">${m.text}</span>${
        m.streaming ? html`<span class="cursor" aria-hidden="true"></span>` : nothing
      }${m.stopped ? html`<span class="tag">(stopped)</span>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-message': CairnChatMessage;
  }
}
