import { css } from 'lit';

/** Styles of cairn-sessions-view: the page around the table. */
export const sessionsViewStyles = css`
  :host {
    display: block;
    height: 100%;
    overflow-y: auto;
  }
  .page {
    max-width: 1200px;
    margin: 0 auto;
    padding: var(--cairn-space-5) var(--cairn-space-4);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--cairn-space-3);
    margin-bottom: var(--cairn-space-4);
  }
  h1 {
    margin: 0;
    font-size: 1.5rem;
  }
  .count {
    font-size: var(--cairn-text-md);
    font-weight: 400;
  }
  .note {
    margin: 0 0 var(--cairn-space-3);
    font-size: var(--cairn-text-sm);
  }
  .empty {
    padding: var(--cairn-space-6);
    text-align: center;
    color: var(--cairn-text-muted);
  }
  .error-box {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--cairn-space-2);
    margin-bottom: var(--cairn-space-3);
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-danger-soft);
    color: var(--cairn-danger);
  }

  @media (max-width: 720px) {
    .page {
      padding: var(--cairn-space-4) var(--cairn-space-3);
    }
  }
`;
