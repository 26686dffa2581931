import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CommandInfo } from '../gateway/protocol.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * The send box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a reply streams.
 * Typing "/" lists matching slash commands. The parent answers a submit with `settle(accepted)`.
 *
 * @fires cairn-chat-submit - Enter or Send, with the text as typed
 * @fires cairn-chat-stop - the Stop button while a reply streams
 */
@customElement('cairn-chat-composer')
export class CairnChatComposer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        align-items: flex-end;
        gap: var(--cairn-space-2);
      }
      textarea {
        flex: 1;
        min-height: 44px;
        max-height: 40vh;
        resize: none;
        line-height: 1.4;
        field-sizing: content;
      }
      .btn {
        min-height: 44px;
        min-width: 72px;
      }
      .keys {
        margin: var(--cairn-space-1) 0 0;
        font-size: var(--cairn-text-xs);
        color: var(--cairn-text-muted);
        text-align: right;
      }
      @media (max-width: 600px) {
        .keys {
          display: none;
        }
      }
      .hints {
        margin: 0 0 var(--cairn-space-2);
        padding: var(--cairn-space-2) var(--cairn-space-3);
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius-sm);
        background: var(--cairn-surface);
        list-style: none;
        font-size: var(--cairn-text-sm);
      }
      .hints li {
        padding: 2px 0;
      }
      .hints code {
        font-family: var(--cairn-mono);
        color: var(--cairn-accent);
      }
    `,
  ];

  @property({ type: Boolean }) streaming = false;
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) commands: CommandInfo[] = [];
  @property() placeholder = 'Message';

  @state() private text = '';
  @state() private sending = false;

  @query('textarea') private textarea!: HTMLTextAreaElement;
  private submitted = '';

  override focus(): void {
    this.textarea?.focus();
  }

  /**
   * The answer to `cairn-chat-submit`: sending is over; an accepted text leaves the box (unless
   * the user has typed something else meanwhile), a refused one stays for another try.
   */
  settle(accepted: boolean): void {
    this.sending = false;
    if (accepted && this.text === this.submitted) this.text = '';
  }

  override render() {
    return html`
      ${this.renderHints()}
      <form @submit=${this.onSubmit}>
        <textarea
          class="field"
          rows="1"
          aria-label="Message"
          aria-describedby="keys"
          placeholder=${this.placeholder}
          .value=${this.text}
          ?disabled=${this.disabled}
          @input=${(ev: InputEvent) => (this.text = (ev.target as HTMLTextAreaElement).value)}
          @keydown=${this.onKeyDown}
        ></textarea>
        ${this.streaming ? this.renderStop() : this.renderSend()}
      </form>
      <p class="keys" id="keys">Enter to send · Shift+Enter for a new line · /help for commands</p>
    `;
  }

  private renderHints() {
    const hints = this.matchingCommands();
    if (!hints.length) return nothing;
    return html`<ul class="hints" aria-label="Matching commands">
      ${hints.map(
        (c) => html`<li><code>${c.usage}</code> <span class="muted">${c.summary}</span></li>`,
      )}
    </ul>`;
  }

  private renderStop() {
    return html`<button
      type="button"
      class="btn danger"
      aria-label="Stop the reply"
      @click=${() => emit(this, 'cairn-chat-stop', {})}
    >
      ■ Stop
    </button>`;
  }

  private renderSend() {
    return html`<button
      type="submit"
      class="btn primary"
      aria-label="Send message"
      ?disabled=${this.disabled || this.sending || !this.text.trim()}
    >
      Send
    </button>`;
  }

  private matchingCommands(): CommandInfo[] {
    const text = this.text;
    if (!text.startsWith('/') || text.includes('\n')) return [];
    const word = text.slice(1).split(/\s/)[0]?.toLowerCase() ?? '';
    if (text.length > word.length + 1 && this.commands.some((c) => c.name === word)) {
      return this.commands.filter((c) => c.name === word);
    }
    return this.commands.filter((c) => c.name.toLowerCase().startsWith(word)).slice(0, 6);
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      this.submit();
    }
  }

  private onSubmit(ev: SubmitEvent): void {
    ev.preventDefault();
    this.submit();
  }

  private submit(): void {
    const text = this.text;
    if (!text.trim() || this.sending || this.disabled || this.streaming) return;
    this.sending = true;
    this.submitted = text;
    emit(this, 'cairn-chat-submit', { text });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-chat-composer': CairnChatComposer;
  }
}
