import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consumeGateway } from '../../gateway/context.js';
import type { GatewayClient } from '../../gateway/client.js';
import { errorMessage } from '../../gateway/errors.js';
import { mergeSessions } from '../../gateway/fork-merge-commands.js';
import type { MergeOrder, MergeOutline, SessionEntry } from '../../gateway/protocol.js';
import { emit } from '../../events.js';
import { dialogStyles, sharedStyles } from '../../styles/shared.js';
import { consume } from '../../util/context.js';
import { rememberFocus } from '../../util/focus.js';
import { sessionActionsContext, type SessionActions } from '../session-actions.js';

/**
 * "Merge…": the outline of merging `sources` (a `sessions.merge` preview, asked again when the
 * order or the name changes), the order, the new session's name; Merge writes it (the toast offers
 * Undo). Cancel and Escape write nothing.
 *
 * @fires cairn-dialog-close - once per opening; `confirmed` when the merge was written
 */
@customElement('cairn-merge-dialog')
export class CairnMergeDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      dialog {
        width: min(640px, 100%);
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0 0 var(--cairn-space-3);
        display: flex;
        gap: var(--cairn-space-3);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: var(--cairn-text-sm);
      }
      th,
      td {
        text-align: left;
        padding: var(--cairn-space-1) var(--cairn-space-2);
        border-bottom: 1px solid var(--cairn-border);
        vertical-align: top;
      }
      .excerpt {
        max-width: 16em;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .conflicts {
        padding-left: var(--cairn-space-4);
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property({ attribute: false }) sources: SessionEntry[] = [];

  @state() private order: MergeOrder = 'time';
  @state() private label = '';
  @state() private outline: MergeOutline | null = null;
  @state() private error = '';
  @state() private busy = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  private client: GatewayClient | null = null;
  private actions: SessionActions | null = null;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;
  private previewFor = 0;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.restoreFocus = rememberFocus();
      this.order = 'time';
      this.label = '';
      this.error = '';
      this.dialog.showModal();
      void this.preview();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  /** Asks for the outline of the merge as now set up; only the latest answer is kept. */
  private async preview(): Promise<void> {
    if (!this.client) return;
    const ask = ++this.previewFor;
    this.outline = null;
    this.error = '';
    try {
      const { outline } = await mergeSessions(this.client, { ...this.params(), preview: true });
      if (ask === this.previewFor) this.outline = outline;
    } catch (err) {
      if (ask === this.previewFor) this.error = errorMessage(err);
    }
  }

  private params() {
    const label = this.label.trim();
    return {
      sources: this.sources.map((s) => s.key),
      order: this.order,
      ...(label ? { label } : {}),
    };
  }

  override render() {
    const o = this.outline;
    return html`<dialog aria-labelledby="merge-title" @close=${() => this.finish(false)}>
      <form method="dialog" @submit=${this.onSubmit}>
        <h2 id="merge-title">Merge ${this.sources.length} sessions</h2>
        <fieldset>
          <legend class="visually-hidden">Order</legend>
          ${this.radio('time', 'By time (interleaved)')}
          ${this.radio('sequential', 'One session after another')}
        </fieldset>
        <label for="merge-label"
          >Name of the merged session
          <input
            id="merge-label"
            class="field"
            maxlength="64"
            placeholder=${o?.label ?? ''}
            .value=${this.label}
            @change=${(ev: Event) => {
              this.label = (ev.target as HTMLInputElement).value;
              void this.preview();
            }}
        /></label>
        <div aria-live="polite" aria-busy=${o || this.error ? 'false' : 'true'}>
          ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : nothing}
          ${o ? this.renderOutline(o) : this.error ? nothing : html`<p class="muted">Working out the merge…</p>`}
        </div>
        <div class="actions">
          <button type="button" class="btn cancel" @click=${() => this.finish(false)}>
            Cancel
          </button>
          <button
            type="submit"
            class="btn primary"
            aria-disabled=${!o || this.busy ? 'true' : 'false'}
          >
            Merge
          </button>
        </div>
      </form>
    </dialog>`;
  }

  private radio(value: MergeOrder, text: string) {
    return html`<label
      ><input
        type="radio"
        name="order"
        .checked=${this.order === value}
        @change=${() => {
          this.order = value;
          void this.preview();
        }}
      />
      ${text}</label
    >`;
  }

  private renderOutline(o: MergeOutline) {
    return html`<p>
        ${o.messages} messages into a new session “${o.label}”. The sources are archived (kept
        whole); Undo takes the merge back.
      </p>
      <table>
        <caption class="visually-hidden">
          What each session brings
        </caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Messages</th>
            <th scope="col">First</th>
            <th scope="col">Last</th>
          </tr>
        </thead>
        <tbody>
          ${o.sources.map(
            (s) =>
              html`<tr>
                <td>
                  ${s.label}${s.archive ? nothing : html` <span class="muted">(archived)</span>`}
                </td>
                <td>${s.messages}</td>
                <td class="excerpt" title=${s.first?.text ?? ''}>
                  ${s.first ? `#${s.first.seq} ${s.first.text}` : '—'}
                </td>
                <td class="excerpt" title=${s.last?.text ?? ''}>
                  ${s.last ? `#${s.last.seq} ${s.last.text}` : '—'}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        o.conflicts.length
          ? html`<ul class="conflicts" aria-label="Differences">
              ${o.conflicts.map((c) => html`<li>${CONFLICT_NAMES[c.field] ?? c.field} differ: ${c.resolution}.</li>`)}
            </ul>`
          : nothing
      }`;
  }

  private async onSubmit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    if (!this.outline || this.busy || !this.actions) return;
    this.busy = true;
    try {
      await this.actions.mergeSessions(this.params());
      this.finish(true);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private finish(merged: boolean): void {
    if (!this.open) return;
    this.previewFor++;
    if (this.dialog.open) this.dialog.close();
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed: merged });
  }
}

const CONFLICT_NAMES: Record<string, string> = {
  systemPrompt: 'System prompts',
  description: 'Descriptions',
  persistent: 'Persistence settings',
};

declare global {
  interface HTMLElementTagNameMap {
    'cairn-merge-dialog': CairnMergeDialog;
  }
}
