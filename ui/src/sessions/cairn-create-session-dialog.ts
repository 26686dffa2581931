import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { errorMessage, isGatewayError } from '../gateway/errors.js';
import { emit } from '../events.js';
import { consume } from '../util/context.js';
import { sessionActionsContext, type SessionActions } from './session-actions.js';
import { dialogStyles, sharedStyles } from '../styles/shared.js';
import { rememberFocus } from '../util/focus.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import type { TemplateEntry } from '../gateway/protocol.js';
import { listTemplates } from '../gateway/template-commands.js';

type Field = 'label' | 'description';

/**
 * "New session" form: a template (none = a blank session; the list is read each time it opens, and
 * each choice says what it brings), name, description, persistent (on by default, or as the
 * template says). A template's own description, prompt, model and tags apply unless overridden here. Server validation errors
 * appear under the field they concern. Creates through the provided SessionActions.
 *
 * @fires cairn-session-created - the new session's entry
 * Focus goes back to the control that opened it when it closes, if that control is still there.
 *
 * @fires cairn-dialog-close - after creating (`confirmed: true`), on Cancel or Escape
 */
@customElement('cairn-create-session-dialog')
export class CairnCreateSessionDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      textarea.field {
        min-height: 72px;
        resize: vertical;
      }
    `,
  ];

  @property({ type: Boolean }) open = false;

  @state() private busy = false;
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private formError = '';
  @state() private templates: readonly TemplateEntry[] = [];
  @state() private templatesError = '';
  @state() private chosen: TemplateEntry | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  @query('#label') private labelInput!: HTMLInputElement;
  @query('#persistent') private persistentInput!: HTMLInputElement;

  private actions: SessionActions | null = null;
  private client: GatewayClient | null = null;
  private closedByUs = false;
  private restoreFocus: ReturnType<typeof rememberFocus> | null = null;

  constructor() {
    super();
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
    consumeGateway(this, (client) => (this.client = client));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.form.reset();
      this.errors = {};
      this.formError = '';
      this.chosen = null;
      void this.loadTemplates();
      this.closedByUs = false;
      this.restoreFocus = rememberFocus();
      this.dialog.showModal();
      this.labelInput.focus();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  override render() {
    return html`<dialog aria-labelledby="title" @close=${this.onNativeClose}>
      <form novalidate @submit=${this.onSubmit}>
        <h2 id="title">New session</h2>
        ${this.renderTemplate()} ${this.renderName()} ${this.renderDescription()}
        <label class="check" for="persistent">
          <input id="persistent" name="persistent" type="checkbox" checked />
          <span
            >Persistent
            <span class="hint"
              ><br />Never wiped by /reset, /new or the daily/idle reset policy.</span
            ></span
          >
        </label>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : ''}
        <div class="actions">
          <button type="button" class="btn" @click=${this.cancel}>Cancel</button>
          <button type="submit" class="btn primary" ?disabled=${this.busy}>
            ${this.busy ? 'Creating…' : 'Create session'}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  private async loadTemplates(): Promise<void> {
    this.templatesError = '';
    if (!this.client) return;
    try {
      this.templates = (await listTemplates(this.client)).templates;
    } catch (err) {
      this.templates = [];
      this.templatesError = `Templates could not be loaded: ${errorMessage(err)}`;
    }
  }

  private renderTemplate() {
    const chosen = this.chosen;
    const about = chosen
      ? [
          chosen.description,
          chosen.model ? `Model: ${chosen.model}.` : '',
          chosen.tags.length ? `Tags: ${chosen.tags.join(', ')}.` : '',
          chosen.firstMessage ? 'Sends its first message when created.' : '',
        ]
          .filter(Boolean)
          .join(' ')
      : this.templatesError || 'A blank session: no system prompt, tags or model of its own.';
    return html`<label for="template"
      ><span>Template <span class="hint">(optional)</span></span>
      <select
        id="template"
        name="template"
        class="field"
        aria-describedby="template-hint"
        @change=${this.onTemplate}
      >
        <option value="">None (blank session)</option>
        ${this.templates.map((t) => html`<option value=${t.key}>${t.name}</option>`)}
      </select>
      <span id="template-hint" class="hint" aria-live="polite">${about}</span>
    </label>`;
  }

  private onTemplate(ev: Event): void {
    const key = (ev.target as HTMLSelectElement).value;
    this.chosen = this.templates.find((t) => t.key === key) ?? null;
    this.persistentInput.checked = this.chosen?.persistent ?? true;
  }

  private renderName() {
    const error = this.errors.label;
    return html`<label for="label"
      >Name
      <input
        id="label"
        name="label"
        class="field"
        required
        maxlength="64"
        autocomplete="off"
        placeholder="e.g. Work, Project X, Home"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'label-error' : 'label-hint'}
        @input=${() => this.clearError('label')}
      />
      ${
        error
          ? html`<p id="label-error" class="field-error" role="alert">${error}</p>`
          : html`<span id="label-hint" class="hint">Up to 64 characters; must be unique.</span>`
      }
    </label>`;
  }

  private renderDescription() {
    const error = this.errors.description;
    return html`<label for="description"
      ><span>Description <span class="hint">(optional)</span></span>
      <textarea
        id="description"
        name="description"
        class="field"
        maxlength="500"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'description-error' : ''}
        @input=${() => this.clearError('description')}
      ></textarea>
      ${error ? html`<p id="description-error" class="field-error" role="alert">${error}</p>` : ''}
    </label>`;
  }

  private clearError(field: Field): void {
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  private async onSubmit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const actions = this.actions;
    if (this.busy || !actions) return;
    const data = new FormData(this.form);
    const label = String(data.get('label') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    const template = String(data.get('template') ?? '');
    if (!label) {
      this.errors = { label: 'Give the session a name.' };
      this.labelInput.focus();
      return;
    }
    this.busy = true;
    this.formError = '';
    try {
      const entry = await actions.createSession({
        label,
        persistent: data.get('persistent') === 'on',
        ...(description ? { description } : {}),
        ...(template ? { template } : {}),
      });
      emit(this, 'cairn-session-created', { entry });
      this.close(true);
    } catch (err) {
      this.showError(err);
    } finally {
      this.busy = false;
    }
  }

  private showError(err: unknown): void {
    const message = errorMessage(err);
    if (isGatewayError(err, 'CONFLICT')) {
      this.errors = { label: message };
      this.labelInput.focus();
    } else if (isGatewayError(err, 'INVALID_REQUEST') && err.field === 'description') {
      this.errors = { description: message };
    } else if (
      isGatewayError(err, 'INVALID_REQUEST') &&
      (err.field === 'label' || err.field === 'key')
    ) {
      this.errors = { label: message };
      this.labelInput.focus();
    } else {
      this.formError = message;
    }
  }

  private cancel(): void {
    this.close(false);
  }

  private close(confirmed: boolean): void {
    this.closedByUs = true;
    if (this.dialog.open) this.dialog.close();
    // Back to the opener if it is still there; else the parent decides on cairn-dialog-close.
    this.restoreFocus?.();
    this.restoreFocus = null;
    emit(this, 'cairn-dialog-close', { confirmed });
  }

  private onNativeClose(): void {
    // Escape: the dialog closed itself; tell the parent so its `open` follows.
    if (!this.closedByUs) this.close(false);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-create-session-dialog': CairnCreateSessionDialog;
  }
}
