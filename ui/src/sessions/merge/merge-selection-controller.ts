import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionEntry } from '../../gateway/protocol.js';

/**
 * The sessions the user ticked in the sessions table, in the order they were ticked (the order a
 * sequential merge follows), and whether the Merge dialog is open. Kept across pages; cleared
 * when the list's filter or search changes, after a merge, and by Clear.
 */
export class MergeSelectionController implements ReactiveController {
  private picked = new Map<string, SessionEntry>();
  dialogOpen = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  get keys(): ReadonlySet<string> {
    return new Set(this.picked.keys());
  }

  get entries(): SessionEntry[] {
    return [...this.picked.values()];
  }

  get count(): number {
    return this.picked.size;
  }

  /** Main cannot be merged from (a merge archives its sources) and the trash cannot be merged. */
  static canSelect(entry: SessionEntry): boolean {
    return entry.kind !== 'main' && !entry.trashed;
  }

  toggle(entry: SessionEntry, selected: boolean): void {
    if (selected && MergeSelectionController.canSelect(entry)) this.picked.set(entry.key, entry);
    else this.picked.delete(entry.key);
    this.host.requestUpdate();
  }

  clear(): void {
    if (this.picked.size === 0 && !this.dialogOpen) return;
    this.picked = new Map();
    this.dialogOpen = false;
    this.host.requestUpdate();
  }

  openDialog(): void {
    if (this.picked.size < 2) return;
    this.dialogOpen = true;
    this.host.requestUpdate();
  }

  /** The dialog closed: after a merge the selection is done with, after Cancel it stays. */
  closeDialog(merged: boolean): void {
    if (merged) this.picked = new Map();
    this.dialogOpen = false;
    this.host.requestUpdate();
  }

  /** The bar over the table while sessions are ticked: how many, Merge…, Clear. */
  renderBar() {
    const n = this.picked.size;
    if (n === 0) return nothing;
    return html`<div class="selection-bar" role="region" aria-label="Selected sessions">
      <span>${n} ${n === 1 ? 'session' : 'sessions'} selected</span>
      <button
        class="btn small primary"
        aria-disabled=${n < 2 ? 'true' : 'false'}
        title=${n < 2 ? 'Select at least two sessions to merge.' : 'Merge the selected sessions'}
        @click=${() => this.openDialog()}
      >
        Merge…
      </button>
      <button class="btn small" @click=${() => this.clear()}>Clear selection</button>
    </div>`;
  }
}

/** The selection bar's look, for the view that renders it. */
export const selectionBarStyles = css`
  .selection-bar {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-2);
    margin: var(--cairn-space-2) 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-surface-2);
    font-size: var(--cairn-text-sm);
  }
  .selection-bar span {
    flex: 1;
  }
`;
