import { css } from 'lit';

/** Styles of cairn-sessions-table; on narrow screens each row becomes a card. */
export const sessionsTableStyles = css`
  :host {
    display: block;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface);
    font-size: var(--cairn-text-sm);
    transition: opacity 0.15s;
  }
  table.dim {
    opacity: 0.6;
  }
  th,
  td {
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-bottom: 1px solid var(--cairn-border);
    text-align: left;
    vertical-align: middle;
  }
  th {
    font-size: var(--cairn-text-xs);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cairn-text-muted);
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  tbody tr:hover {
    background: var(--cairn-surface-2);
  }
  tr.busy {
    opacity: 0.6;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .label-cell {
    max-width: 280px;
  }
  .label-cell input.select {
    /* A touch target of at least 24 px (WCAG 2.5.8; axe target-size). */
    width: 24px;
    height: 24px;
    margin: 0 var(--cairn-space-2) 0 0;
    vertical-align: middle;
  }
  .label-link {
    color: var(--cairn-text);
    font-weight: 600;
    text-decoration: none;
    overflow-wrap: anywhere;
  }
  .label-link:hover {
    color: var(--cairn-accent);
    text-decoration: underline;
  }
  .desc {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: var(--cairn-text-xs);
  }
  code {
    font-family: var(--cairn-mono);
    font-size: var(--cairn-text-xs);
  }
  .persist {
    display: inline-flex;
    align-items: center;
    gap: var(--cairn-space-2);
  }
  .switch {
    appearance: none;
    position: relative;
    width: 34px;
    height: 20px;
    margin: 0;
    border-radius: 999px;
    background: var(--cairn-border);
    cursor: pointer;
    transition: background 0.15s;
  }
  .switch::after {
    content: '';
    position: absolute;
    top: 2px;
    left: 2px;
    width: 16px;
    height: 16px;
    border-radius: 50%;
    background: #fff;
    transition: transform 0.15s;
  }
  .switch:checked {
    background: var(--cairn-persistent);
  }
  .switch:checked::after {
    transform: translateX(14px);
  }
  .row-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--cairn-space-1);
    white-space: nowrap;
  }
  .rename {
    display: flex;
    flex-wrap: wrap;
    gap: var(--cairn-space-1);
  }
  .rename .field {
    flex: 1;
    min-width: 120px;
    min-height: 30px;
    padding: 2px var(--cairn-space-2);
  }
  .rename .field-error {
    flex-basis: 100%;
  }
  .skeleton-row td {
    padding: var(--cairn-space-3);
  }

  /* Narrow screens: each row becomes a card, each cell labelled by its column. */
  @media (max-width: 720px) {
    table,
    tbody,
    tr,
    td {
      display: block;
    }
    table {
      border: none;
      background: none;
    }
    thead {
      display: none;
    }
    tbody tr {
      margin-bottom: var(--cairn-space-3);
      padding: var(--cairn-space-2) 0;
      border: 1px solid var(--cairn-border);
      border-radius: var(--cairn-radius);
      background: var(--cairn-surface);
    }
    td {
      display: flex;
      justify-content: space-between;
      gap: var(--cairn-space-3);
      padding: var(--cairn-space-1) var(--cairn-space-3);
      border: none;
    }
    td[data-label]::before {
      content: attr(data-label);
      color: var(--cairn-text-muted);
      font-size: var(--cairn-text-xs);
      text-transform: uppercase;
    }
    .label-cell {
      max-width: none;
      flex-direction: column;
    }
    .label-cell::before {
      display: none;
    }
    .row-actions {
      justify-content: flex-start;
      flex-wrap: wrap;
      padding-top: var(--cairn-space-1);
    }
    .num {
      text-align: left;
    }
  }
  .row-actions .btn[data-reason] {
    position: relative;
  }
  .row-actions .btn[data-reason]:focus::after {
    content: attr(data-reason);
    position: absolute;
    z-index: 5;
    top: calc(100% + 6px);
    right: 0;
    width: max-content;
    max-width: 240px;
    padding: var(--cairn-space-1) var(--cairn-space-2);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-surface);
    color: var(--cairn-text);
    box-shadow: var(--cairn-shadow);
    font-size: var(--cairn-text-xs);
    font-weight: 400;
    white-space: normal;
    text-align: left;
  }
`;
