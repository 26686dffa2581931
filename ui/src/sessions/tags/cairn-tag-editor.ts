import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { emit } from '../../events.js';
import { sharedStyles } from '../../styles/shared.js';
import { MAX_TAGS, MAX_TAG_LENGTH, normalizeTag } from './tag-rules.js';

/**
 * A session's tags as chips with an input: Enter or a comma adds what was typed (normalised as the
 * gateway does), × on a chip removes it, Backspace in the empty input removes the last one. It does
 * not change `tags` itself: it asks with an event, and the owner passes the saved tags back.
 *
 * @fires cairn-tags-change - the whole new set of tags
 */
@customElement('cairn-tag-editor')
export class CairnTagEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 2px;
        padding: 0 2px 0 8px;
        border-radius: 999px;
        background: var(--cairn-accent-soft);
        font-size: 0.8rem;
        line-height: 1.6;
      }
      .chip button {
        border: 0;
        background: none;
        color: inherit;
        cursor: pointer;
        padding: 0 4px;
        border-radius: 999px;
        font: inherit;
      }
      .chip button:focus-visible {
        outline: 2px solid var(--cairn-accent);
      }
      input {
        width: 7em;
        min-width: 4em;
        padding: 1px 6px;
        font-size: 0.8rem;
      }
      .error {
        flex-basis: 100%;
        margin: 0;
        color: var(--cairn-danger);
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) tags: readonly string[] = [];
  /** The session's name, for the accessible names of the input and the remove buttons. */
  @property() label = '';
  @property({ type: Boolean }) readonly = false;
  @state() private error = '';
  @query('input') private input?: HTMLInputElement;

  override render() {
    return html`${this.tags.map(
      (t) =>
        html`<span class="chip"
          >${t}${
            this.readonly
              ? nothing
              : html`<button
                  type="button"
                  aria-label=${`Remove tag ${t} from ${this.label}`}
                  title=${`Remove tag ${t}`}
                  @click=${() => this.removeTag(t)}
                >
                  ×
                </button>`
          }</span
        >`,
    )}${
      this.readonly
        ? nothing
        : html`<input
            class="field"
            aria-label=${`Add a tag to ${this.label}`}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby="tag-error"
            placeholder="Add tag"
            maxlength=${MAX_TAG_LENGTH + 8}
            @keydown=${this.onKeyDown}
            @input=${this.onInput}
            @blur=${() => this.commit()}
          />`
    }${this.error ? html`<p id="tag-error" class="error" role="alert">${this.error}</p>` : nothing}`;
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const input = ev.target as HTMLInputElement;
    if (ev.key === 'Enter') {
      ev.preventDefault();
      this.commit();
    } else if (ev.key === 'Backspace' && input.value === '' && this.tags.length > 0) {
      ev.preventDefault();
      this.removeTag(this.tags[this.tags.length - 1] ?? '');
    } else if (ev.key === 'Escape') {
      input.value = '';
      this.error = '';
    }
  }

  private onInput(ev: InputEvent): void {
    const input = ev.target as HTMLInputElement;
    this.error = '';
    if (input.value.includes(',')) this.commit();
  }

  /** Adds every comma-separated tag typed so far; a bad one stays in the input with the reason. */
  private commit(): void {
    const input = this.input;
    if (!input) return;
    const parts = input.value
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    if (parts.length === 0) {
      input.value = '';
      return;
    }
    const next = [...this.tags];
    for (const part of parts) {
      const tag = normalizeTag(part);
      if (tag === null) {
        this.error = `“${part}” is not a valid tag: use 1 to ${MAX_TAG_LENGTH} letters, digits, -, _ or ., starting with a letter or digit.`;
        input.value = part;
        return;
      }
      if (!next.includes(tag)) next.push(tag);
    }
    if (next.length > MAX_TAGS) {
      this.error = `A session can have at most ${MAX_TAGS} tags.`;
      return;
    }
    input.value = '';
    if (next.length !== this.tags.length) emit(this, 'cairn-tags-change', { tags: next.sort() });
  }

  private removeTag(tag: string): void {
    emit(this, 'cairn-tags-change', { tags: this.tags.filter((t) => t !== tag) });
    this.input?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-tag-editor': CairnTagEditor;
  }
}
