import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { exportSession } from '../gateway/commands.js';
import type { GatewayClient } from '../gateway/client.js';
import { consumeGateway } from '../gateway/context.js';
import { errorMessage } from '../gateway/errors.js';
import type { ExportFormat, SessionEntry } from '../gateway/protocol.js';
import { emit, type CairnEvent } from '../events.js';
import { sessionActionsContext, type SessionActions } from '../sessions/session-actions.js';
import { sharedStyles } from '../styles/shared.js';
import { consume } from '../util/context.js';
import { downloadFile } from '../util/download.js';
import '../sessions/cairn-share-dialog.js';
import '../ui/cairn-confirm-dialog.js';

type Item =
  | 'pin'
  | 'unpin'
  | 'share'
  | 'insights'
  | 'export-md'
  | 'export-json'
  | 'archive'
  | 'unarchive'
  | 'delete';

/**
 * The chat header's "Session actions" menu: Pin or Unpin, Share link…, Insights…, Export (Markdown, JSON), Archive or
 * Unarchive, Delete… (to the trash, after a confirmation that opens on Cancel). The chat view hears
 * the deletion through `sessions.changed` and offers Undo; everything else reports through toasts.
 *
 * @fires cairn-toast - an export that failed
 */
@customElement('cairn-session-menu')
export class CairnSessionMenu extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      [role='menu'] {
        position: absolute;
        z-index: 20;
        top: calc(100% + 6px);
        right: 0;
        display: grid;
        min-width: 200px;
        padding: var(--cairn-space-1);
        border: 1px solid var(--cairn-border);
        border-radius: var(--cairn-radius);
        background: var(--cairn-surface);
        box-shadow: var(--cairn-shadow);
      }
      [role='menuitem'] {
        justify-content: flex-start;
        border: 0;
        text-align: left;
      }
      [role='separator'] {
        height: 1px;
        margin: var(--cairn-space-1) 0;
        background: var(--cairn-border);
      }
    `,
  ];

  @property({ attribute: false }) entry: SessionEntry | null = null;

  @state() private open = false;
  @state() private sharing = false;
  @state() private insights = false;
  @state() private confirming = false;
  @query('.trigger') private trigger!: HTMLButtonElement;

  private client: GatewayClient | null = null;
  private actions: SessionActions | null = null;

  constructor() {
    super();
    consumeGateway(this, (client) => (this.client = client));
    consume(this, sessionActionsContext, (actions) => (this.actions = actions));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer);
  }

  override render() {
    const entry = this.entry;
    return html`<button
        class="btn ghost small trigger"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-label="Session actions"
        title="Share, export, archive or delete this session"
        ?disabled=${!entry}
        @click=${() => (this.open ? this.close(true) : void this.show())}
      >
        ⋯
      </button>
      ${this.open && entry ? this.renderMenu(entry) : nothing}
      <cairn-share-dialog
        ?open=${this.sharing}
        session-key=${entry?.key ?? ''}
        label=${entry?.label ?? ''}
        @cairn-dialog-close=${(ev: Event) => {
          ev.stopPropagation();
          this.sharing = false;
        }}
      ></cairn-share-dialog>
      <cairn-session-insights-dialog
        ?open=${this.insights}
        session-key=${entry?.key ?? ''}
        label=${entry?.label ?? ''}
        @cairn-dialog-close=${(ev: Event) => {
          ev.stopPropagation();
          this.insights = false;
        }}
      ></cairn-session-insights-dialog>
      <cairn-confirm-dialog
        ?open=${this.confirming}
        danger
        heading=${`Delete “${entry?.label ?? ''}”?`}
        message=${`The session “${entry?.label ?? ''}” goes to the trash with its whole transcript. You can restore it from the Trash on the Sessions page.`}
        confirm-label="Move to trash"
        @cairn-dialog-close=${this.onConfirmClose}
      ></cairn-confirm-dialog>`;
  }

  private renderMenu(entry: SessionEntry) {
    const main = entry.kind === 'main' || entry.key === 'main';
    const item = (id: Item, text: string) =>
      html`<button
        role="menuitem"
        class="btn ghost small"
        tabindex="-1"
        @click=${() => this.pick(id)}
      >
        ${text}
      </button>`;
    return html`<div
      role="menu"
      aria-label="Session actions"
      @keydown=${this.onMenuKey}
      @focusout=${this.onFocusOut}
    >
      ${entry.pinned ? item('unpin', 'Unpin') : item('pin', 'Pin')} ${item('share', 'Share link…')}
      ${item('insights', 'Insights…')} ${item('export-md', 'Export as Markdown')}
      ${item('export-json', 'Export as JSON')}
      ${
        main
          ? nothing
          : html`<div role="separator"></div>
              ${entry.archived ? item('unarchive', 'Unarchive') : item('archive', 'Archive')}
              ${item('delete', 'Delete…')}`
      }
    </div>`;
  }

  private get items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private async show(): Promise<void> {
    this.open = true;
    document.addEventListener('pointerdown', this.onOutsidePointer);
    await this.updateComplete;
    this.items[0]?.focus();
  }

  private close(restoreFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('pointerdown', this.onOutsidePointer);
    if (restoreFocus) this.trigger.focus();
  }

  private pick(item: Item): void {
    const entry = this.entry;
    // Dialogs give the focus back to the trigger, so it has it before they open.
    this.close(true);
    if (!entry) return;
    switch (item) {
      case 'share':
        this.sharing = true;
        break;
      case 'insights':
        void this.openInsights();
        break;
      case 'export-md':
      case 'export-json':
        void this.export(entry, item === 'export-md' ? 'md' : 'json');
        break;
      case 'archive':
      case 'unarchive':
        void this.actions?.setArchived(entry, item === 'archive');
        break;
      case 'pin':
      case 'unpin':
        void this.actions?.setPinned(entry, item === 'pin');
        break;
      case 'delete':
        this.confirming = true;
        break;
    }
  }

  /** The dialog (and uPlot) load on first use, not with the chat. */
  private async openInsights(): Promise<void> {
    await import('../insights/cairn-session-insights-dialog.js');
    this.insights = true;
  }

  private async export(entry: SessionEntry, format: ExportFormat): Promise<void> {
    if (!this.client) return;
    try {
      const file = await exportSession(this.client, { key: entry.key, format });
      downloadFile(file.filename, file.mediaType, file.content);
    } catch (err) {
      emit(this, 'cairn-toast', { kind: 'error', message: errorMessage(err) });
    }
  }

  private onConfirmClose(ev: CairnEvent<'cairn-dialog-close'>): void {
    ev.stopPropagation();
    this.confirming = false;
    // The chat view announces the deletion (with Undo) when sessions.changed says it happened.
    if (ev.detail.confirmed && this.entry) void this.actions?.deleteSession(this.entry, false);
  }

  private onMenuKey(ev: KeyboardEvent): void {
    const items = this.items;
    const index = items.indexOf((this.shadowRoot?.activeElement ?? null) as HTMLButtonElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (ev.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(items.length - 1);
        break;
      case 'Escape':
        this.close(true);
        break;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    ev.preventDefault();
  }

  private onFocusOut(ev: FocusEvent): void {
    const next = ev.relatedTarget;
    if (next instanceof Node && this.renderRoot.contains(next)) return;
    if (next === null) return;
    this.close(false);
  }

  private readonly onOutsidePointer = (ev: PointerEvent): void => {
    if (!ev.composedPath().includes(this)) this.close(false);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-session-menu': CairnSessionMenu;
  }
}
