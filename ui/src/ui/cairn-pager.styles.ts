import { css } from 'lit';

/** Styles of cairn-pager: the range, the page buttons and the jump box, wrapping on a phone. */
export const pagerStyles = css`
  :host {
    display: block;
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--cairn-space-2) var(--cairn-space-4);
    margin-top: var(--cairn-space-3);
    font-size: var(--cairn-text-sm);
  }
  .pages {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--cairn-space-1);
  }
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--cairn-space-1);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .number {
    min-width: 32px;
  }
  .number[aria-current='page'] {
    background: var(--cairn-accent-soft);
    border-color: var(--cairn-accent);
    color: var(--cairn-accent);
    font-weight: 700;
  }
  .gap {
    align-self: center;
    padding: 0 var(--cairn-space-1);
    color: var(--cairn-text-muted);
  }
  .jump {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--cairn-space-1);
  }
  .jump label {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-1);
    white-space: nowrap;
  }
  .jump .field {
    width: 5.5em;
    min-height: 30px;
    padding: var(--cairn-space-1) var(--cairn-space-2);
  }
  .jump .field-error {
    margin: 0;
    flex-basis: 100%;
  }
`;
