import { css } from 'lit';

/** Styles of cairn-app: the header bar, the connection banner and the main area. */
export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100vh;
    height: 100dvh;
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-3);
    min-height: var(--cairn-header-height);
    padding: 0 var(--cairn-space-4);
    border-bottom: 1px solid var(--cairn-border);
    background: var(--cairn-surface);
  }
  .brand {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-2);
    font-weight: 700;
    font-size: var(--cairn-text-lg);
    color: var(--cairn-text);
    text-decoration: none;
  }
  .brand svg {
    width: 24px;
    height: 24px;
  }
  nav {
    display: flex;
    gap: var(--cairn-space-1);
  }
  nav a {
    padding: var(--cairn-space-1) var(--cairn-space-3);
    border-radius: var(--cairn-radius-sm);
    color: var(--cairn-text-muted);
    text-decoration: none;
    font-size: var(--cairn-text-sm);
    font-weight: 600;
  }
  nav a[aria-current='page'] {
    background: var(--cairn-accent-soft);
    color: var(--cairn-accent);
  }
  .spacer {
    flex: 1;
  }
  .provider {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-2);
    min-width: 0;
    font-size: var(--cairn-text-sm);
  }
  .model {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .echo {
    background: var(--cairn-warning-soft);
    color: var(--cairn-warning);
    border: 1px solid currentColor;
  }
  .dot {
    width: 10px;
    height: 10px;
    flex: none;
    border-radius: 50%;
    background: var(--cairn-success);
  }
  .dot.reconnecting,
  .dot.connecting {
    background: var(--cairn-warning);
  }
  .dot.unauthorized,
  .dot.closed {
    background: var(--cairn-danger);
  }
  .banner {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--cairn-space-3);
    padding: var(--cairn-space-2) var(--cairn-space-4);
    background: var(--cairn-warning-soft);
    color: var(--cairn-warning);
    font-size: var(--cairn-text-sm);
  }
  .body {
    flex: 1;
    min-height: 0;
    display: flex;
  }
  main {
    flex: 1;
    min-width: 0;
    min-height: 0;
  }
  .sidebar-toggle {
    min-height: 32px;
    padding: 0 var(--cairn-space-2);
    color: var(--cairn-text-muted);
  }
  .sidebar-toggle[aria-pressed='true'] {
    color: var(--cairn-accent);
  }
  /* The sidebar is for wide screens; a phone has the switcher. */
  @media (max-width: 959px) {
    cairn-session-sidebar,
    .sidebar-toggle {
      display: none;
    }
  }
  .connecting {
    display: grid;
    place-items: center;
    height: 100%;
    color: var(--cairn-text-muted);
  }
  .not-found {
    padding: var(--cairn-space-6);
    text-align: center;
  }
  @media (max-width: 600px) {
    header {
      gap: var(--cairn-space-2);
      padding: 0 var(--cairn-space-3);
    }
    .brand span,
    .model {
      display: none;
    }
    nav a {
      padding: var(--cairn-space-1) var(--cairn-space-2);
    }
  }
  /* A phone: the nav links and the echo badge share 375 px (the badge wraps, the links scroll). */
  @media (max-width: 420px) {
    header,
    nav {
      gap: var(--cairn-space-1);
    }
    nav {
      min-width: 0;
      overflow-x: auto;
      scrollbar-width: none;
    }
    nav a {
      padding: var(--cairn-space-1) 6px;
    }
    .badge.echo {
      white-space: normal;
      text-align: center;
      line-height: 1.15;
      border-radius: var(--cairn-radius-sm);
    }
  }
`;
