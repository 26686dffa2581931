import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consumeGateway } from '../gateway/context.js';
import type { GatewayClient } from '../gateway/client.js';
import { errorMessage } from '../gateway/errors.js';
import type { TemplateEntry } from '../gateway/protocol.js';
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  patchTemplate,
} from '../gateway/template-commands.js';
import { emit } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import '../ui/cairn-confirm-dialog.js';

interface Draft {
  name: string;
  description: string;
  systemPrompt: string;
  model: string;
  persistent: 'default' | 'yes' | 'no';
  tags: string;
  firstMessage: string;
}

const blank: Draft = {
  name: '',
  description: '',
  systemPrompt: '',
  model: '',
  persistent: 'default',
  tags: '',
  firstMessage: '',
};

const toDraft = (t: TemplateEntry): Draft => ({
  name: t.name,
  description: t.description ?? '',
  systemPrompt: t.systemPrompt ?? '',
  model: t.model ?? '',
  persistent:
    t.persistent === undefined || t.persistent === null ? 'default' : t.persistent ? 'yes' : 'no',
  tags: t.tags.join(', '),
  firstMessage: t.firstMessage ?? '',
});

/** The fields of a draft as `templates.create`/`templates.patch` take them (empty = none). */
export function draftFields(d: Draft) {
  const orNull = (s: string) => (s.trim() ? s.trim() : null);
  return {
    description: orNull(d.description),
    systemPrompt: orNull(d.systemPrompt),
    model: orNull(d.model),
    persistent: d.persistent === 'default' ? null : d.persistent === 'yes',
    tags: d.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    firstMessage: orNull(d.firstMessage),
  };
}

/**
 * The Templates page (`/templates`): every session template with its description, a form to
 * create one or edit the chosen one, and Delete after a confirmation. Sessions made from a template
 * keep what they copied; the page says so.
 */
@customElement('cairn-templates-view')
export class CairnTemplatesView extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 1rem;
        max-width: 60rem;
      }
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        padding: 0.4rem 0;
        border-bottom: 1px solid var(--border, #ddd);
      }
      li .about {
        flex: 1;
      }
      form {
        display: grid;
        gap: 0.5rem;
        margin-top: 1rem;
      }
      textarea.field {
        min-height: 72px;
      }
    `,
  ];

  @state() private templates: readonly TemplateEntry[] = [];
  @state() private editing: TemplateEntry | null = null;
  @state() private draft: Draft = blank;
  @state() private error = '';
  @state() private deleting: TemplateEntry | null = null;
  @query('#t-name') private nameInput!: HTMLInputElement;

  private client: GatewayClient | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => {
      this.client = client;
      void this.load();
    });
  }

  async load(): Promise<void> {
    if (!this.client) return;
    try {
      this.templates = (await listTemplates(this.client)).templates;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  override render() {
    return html`<h1>Templates</h1>
      <p class="hint">
        Presets for new sessions: pick one in the New session dialog. Editing or deleting a template
        does not change the sessions made from it.
      </p>
      <ul aria-label="Templates">
        ${this.templates.map(
          (t) =>
            html`<li>
              <span class="about"
                ><strong>${t.name}</strong
                >${t.builtIn ? html` <span class="hint">(built-in)</span>` : ''}
                <span class="hint">${t.description ?? ''}</span></span
              >
              <button
                class="btn"
                type="button"
                aria-label=${`Edit ${t.name}`}
                @click=${() => this.edit(t)}
              >
                Edit
              </button>
              <button
                class="btn"
                type="button"
                aria-label=${`Delete ${t.name}`}
                @click=${() => (this.deleting = t)}
              >
                Delete
              </button>
            </li>`,
        )}
      </ul>
      ${this.renderForm()}
      <cairn-confirm-dialog
        ?open=${this.deleting !== null}
        danger
        heading=${`Delete template “${this.deleting?.name ?? ''}”?`}
        message="It is deleted for good (a built-in does not come back). Sessions made from it keep their settings."
        confirm-label="Delete template"
        @cairn-dialog-close=${this.onDeleteClose}
      ></cairn-confirm-dialog>`;
  }

  private renderForm() {
    const d = this.draft;
    const set = (field: keyof Draft) => (ev: Event) => {
      this.draft = { ...this.draft, [field]: (ev.target as HTMLInputElement).value };
    };
    return html`<form novalidate @submit=${this.onSubmit} aria-labelledby="form-title">
      <h2 id="form-title">${this.editing ? `Edit “${this.editing.name}”` : 'New template'}</h2>
      <label for="t-name"
        >Name
        <input id="t-name" class="field" maxlength="64" .value=${d.name} @input=${set('name')}
      /></label>
      <label for="t-description"
        >Description
        <input
          id="t-description"
          class="field"
          maxlength="500"
          .value=${d.description}
          @input=${set('description')}
      /></label>
      <label for="t-prompt"
        >System prompt
        <textarea
          id="t-prompt"
          class="field"
          .value=${d.systemPrompt}
          @input=${set('systemPrompt')}
        ></textarea>
      </label>
      <label for="t-model"
        >Model <span class="hint">(a configured model's name; empty: the default)</span>
        <input id="t-model" class="field" .value=${d.model} @input=${set('model')}
      /></label>
      <label for="t-persistent"
        >Persistent
        <select id="t-persistent" class="field" .value=${d.persistent} @change=${set('persistent')}>
          <option value="default">Default (persistent)</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      </label>
      <label for="t-tags"
        >Tags <span class="hint">(comma-separated)</span>
        <input id="t-tags" class="field" .value=${d.tags} @input=${set('tags')}
      /></label>
      <label for="t-first"
        >First message <span class="hint">(sent when a session is created from it)</span>
        <textarea
          id="t-first"
          class="field"
          .value=${d.firstMessage}
          @input=${set('firstMessage')}
        ></textarea>
      </label>
      ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : ''}
      <div class="actions">
        ${
          this.editing
            ? html`<button type="button" class="btn" @click=${() => this.edit(null)}>
                Cancel
              </button>`
            : ''
        }
        <button type="submit" class="btn primary">
          ${this.editing ? 'Save template' : 'Create template'}
        </button>
      </div>
    </form>`;
  }

  private edit(template: TemplateEntry | null): void {
    this.editing = template;
    this.draft = template ? toDraft(template) : blank;
    this.error = '';
    void this.updateComplete.then(() => this.nameInput.focus());
  }

  private async onSubmit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const client = this.client;
    if (!client) return;
    const name = this.draft.name.trim();
    if (!name) {
      this.error = 'Give the template a name.';
      return;
    }
    try {
      const fields = draftFields(this.draft);
      if (this.editing) {
        await patchTemplate(client, {
          name: this.editing.key,
          ...(name !== this.editing.name ? { rename: name } : {}),
          ...fields,
        });
      } else {
        await createTemplate(client, {
          name,
          ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)),
        });
      }
      emit(this, 'cairn-toast', { kind: 'success', message: `Saved template “${name}”.` });
      this.edit(null);
      await this.load();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async onDeleteClose(ev: CustomEvent<{ confirmed: boolean }>): Promise<void> {
    const target = this.deleting;
    this.deleting = null;
    if (!ev.detail.confirmed || !target || !this.client) return;
    try {
      await deleteTemplate(this.client, target.key);
      emit(this, 'cairn-toast', { kind: 'success', message: `Deleted template “${target.name}”.` });
      if (this.editing?.key === target.key) this.edit(null);
      await this.load();
    } catch (err) {
      emit(this, 'cairn-toast', { kind: 'error', message: errorMessage(err) });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-templates-view': CairnTemplatesView;
  }
}
