import { css } from 'lit';

/** Styles of cairn-session-switcher: the trigger button and the popover listbox. */
export const switcherStyles = css`
  :host {
    position: relative;
    display: inline-block;
    min-width: 0;
    max-width: 100%;
  }
  .trigger {
    display: inline-flex;
    align-items: center;
    gap: var(--cairn-space-2);
    max-width: 100%;
    min-height: 40px;
    padding: 0 var(--cairn-space-3);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface);
    font-weight: 600;
    cursor: pointer;
  }
  .trigger:hover {
    background: var(--cairn-surface-2);
  }
  .trigger .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chevron {
    color: var(--cairn-text-muted);
    font-size: var(--cairn-text-xs);
  }
  .popover {
    position: absolute;
    z-index: 20;
    top: calc(100% + 6px);
    left: 0;
    display: flex;
    flex-direction: column;
    width: min(380px, calc(100vw - 24px));
    max-height: min(480px, calc(100vh - 120px));
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface);
    box-shadow: var(--cairn-shadow);
  }
  .search {
    padding: var(--cairn-space-2);
    border-bottom: 1px solid var(--cairn-border);
  }
  [role='listbox'] {
    flex: 1;
    min-height: 60px;
    margin: 0;
    padding: var(--cairn-space-1);
    overflow-y: auto;
    list-style: none;
  }
  [role='option'] {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px var(--cairn-space-2);
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius-sm);
    cursor: pointer;
  }
  [role='option'].active {
    background: var(--cairn-accent-soft);
  }
  [role='option'] .label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [role='option'] .meta {
    grid-column: 1 / -1;
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  [role='option'][aria-selected='true'] .label::before {
    content: '✓ ';
    color: var(--cairn-accent);
  }
  .status {
    padding: var(--cairn-space-3);
    font-size: var(--cairn-text-sm);
    color: var(--cairn-text-muted);
  }
  .skeleton-row {
    padding: var(--cairn-space-2) var(--cairn-space-3);
  }
  .skeleton-row .skeleton + .skeleton {
    width: 40%;
    margin-top: 6px;
  }
  .foot {
    display: flex;
    justify-content: space-between;
    gap: var(--cairn-space-2);
    padding: var(--cairn-space-2);
    border-top: 1px solid var(--cairn-border);
  }
`;
