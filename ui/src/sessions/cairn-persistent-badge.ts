import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import { pinIcon } from '../styles/icons.js';

/** "Persistent" / "Temporary" pill. */
@customElement('cairn-persistent-badge')
export class CairnPersistentBadge extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-flex;
      }
      .persistent {
        background: var(--cairn-persistent-soft);
        color: var(--cairn-persistent);
      }
      .temporary {
        background: var(--cairn-surface-2);
        color: var(--cairn-text-muted);
      }
    `,
  ];

  @property({ type: Boolean }) persistent = false;
  /** Show the Temporary pill too (the table does; the switcher only marks persistent ones). */
  @property({ type: Boolean, attribute: 'show-temporary' }) showTemporary = false;

  override render() {
    if (this.persistent)
      return html`<span class="badge persistent" title="Persistent: resets never touch this session"
        >${pinIcon}Persistent</span
      >`;
    return this.showTemporary ? html`<span class="badge temporary">Temporary</span>` : html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cairn-persistent-badge': CairnPersistentBadge;
  }
}
