import { css } from 'lit';

/** Shared by the insights page and the session insights dialog: stat cards, panels, tables. */
export const insightsStyles = css`
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
    gap: var(--cairn-space-3);
    margin: 0;
  }
  .stat {
    padding: var(--cairn-space-3) var(--cairn-space-4);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface);
  }
  .stat dt {
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  .stat dd {
    margin: var(--cairn-space-1) 0 0;
    font-size: var(--cairn-text-lg);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .panel {
    padding: var(--cairn-space-4);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface);
  }
  .panel h2,
  .panel h3 {
    margin: 0 0 var(--cairn-space-2);
    font-size: var(--cairn-text-md);
  }
  table.data {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--cairn-text-sm);
  }
  table.data th,
  table.data td {
    padding: var(--cairn-space-1) var(--cairn-space-2);
    border-bottom: 1px solid var(--cairn-border);
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  table.data th:first-child,
  table.data td:first-child {
    text-align: left;
  }
  table.data thead th {
    color: var(--cairn-text-muted);
    font-weight: 600;
  }
  a {
    color: var(--cairn-accent);
  }
  .empty {
    padding: var(--cairn-space-4);
    border: 1px dashed var(--cairn-border);
    border-radius: var(--cairn-radius);
    text-align: center;
  }
`;
