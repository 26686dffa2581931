import { css } from 'lit';

export const paletteStyles = css`
  dialog {
    width: min(600px, calc(100vw - 2 * var(--cairn-space-4)));
    margin-top: 12vh;
  }
  .body {
    display: grid;
    gap: var(--cairn-space-2);
    padding: var(--cairn-space-4);
  }
  .results {
    max-height: min(55vh, 480px);
    overflow-y: auto;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-2);
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius);
    cursor: pointer;
  }
  li.hit {
    display: grid;
    gap: 2px;
  }
  li[aria-selected='true'] {
    background: var(--cairn-accent-soft);
  }
  .label {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .hit-head {
    display: flex;
    align-items: baseline;
    gap: var(--cairn-space-2);
    font-size: var(--cairn-text-sm);
  }
  .hit-head .label {
    font-weight: 600;
  }
  .earlier {
    padding: 0 var(--cairn-space-1);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-sm);
    font-size: var(--cairn-text-xs);
    white-space: nowrap;
  }
  .snippet {
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    overflow-wrap: anywhere;
    font-size: var(--cairn-text-sm);
  }
  mark {
    padding: 0 1px;
    border-radius: 3px;
    background: var(--cairn-warning-soft);
    color: var(--cairn-text);
    font-weight: 600;
  }
  .group-head {
    margin: var(--cairn-space-2) 0 var(--cairn-space-1);
    padding: 0 var(--cairn-space-3);
    font-size: var(--cairn-text-xs);
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--cairn-text-muted);
  }
  .status,
  .keys {
    margin: 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    font-size: var(--cairn-text-sm);
  }
  .status.error {
    color: var(--cairn-danger);
  }
`;
