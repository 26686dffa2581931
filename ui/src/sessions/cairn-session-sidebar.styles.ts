import { css } from 'lit';

/** Styles of cairn-session-sidebar: a column of links beside the chat, scrolling on its own. */
export const sidebarStyles = css`
  :host {
    display: block;
    width: 264px;
    flex: none;
    min-height: 0;
    border-right: 1px solid var(--cairn-border);
    background: var(--cairn-surface);
  }
  nav {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--cairn-space-2);
    padding: var(--cairn-space-3) var(--cairn-space-3) var(--cairn-space-2);
  }
  h2 {
    margin: 0;
    font-size: var(--cairn-text-md);
  }
  .lists {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 0 var(--cairn-space-2) var(--cairn-space-2);
  }
  h3 {
    margin: var(--cairn-space-3) var(--cairn-space-2) var(--cairn-space-1);
    font-size: var(--cairn-text-xs);
    font-weight: 700;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--cairn-text-muted);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  a {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-1);
    padding: var(--cairn-space-2);
    border-radius: var(--cairn-radius-sm);
    color: var(--cairn-text);
    text-decoration: none;
    font-size: var(--cairn-text-sm);
  }
  a:hover {
    background: var(--cairn-surface-2);
  }
  a[aria-current='page'] {
    background: var(--cairn-accent-soft);
    color: var(--cairn-accent);
    font-weight: 600;
  }
  .label {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .pin {
    display: inline-flex;
    color: var(--cairn-persistent);
  }
  .when {
    flex: none;
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  .more {
    width: 100%;
    margin-top: var(--cairn-space-2);
  }
  .all {
    margin: var(--cairn-space-2);
    justify-content: center;
    border: 1px solid var(--cairn-border);
  }
  .skeleton {
    margin: var(--cairn-space-3) var(--cairn-space-2);
  }
  .error {
    margin: var(--cairn-space-2);
    color: var(--cairn-danger);
    font-size: var(--cairn-text-sm);
  }
`;
