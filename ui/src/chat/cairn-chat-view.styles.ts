import { css } from 'lit';

/** Styles of cairn-chat-view: header, conversation log and composer area. */
export const chatViewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  .head {
    display: flex;
    align-items: center;
    gap: var(--cairn-space-2);
    padding: var(--cairn-space-3) var(--cairn-space-4);
    border-bottom: 1px solid var(--cairn-border);
    background: var(--cairn-surface);
  }
  .head .title {
    margin: 0;
    font-size: var(--cairn-text-lg);
    font-weight: 600;
  }
  .head .desc {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: var(--cairn-text-sm);
  }
  .head cairn-context-meter {
    margin-left: auto;
  }
  .head .history {
    display: inline-flex;
    align-items: center;
    gap: var(--cairn-space-1);
    white-space: nowrap;
  }
  .log-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    /* The scroll follower keeps the reading position itself; the browser's anchoring would double it. */
    overflow-anchor: none;
    padding: var(--cairn-space-4);
  }
  .log:focus-visible {
    outline: 2px solid var(--cairn-focus);
    outline-offset: -2px;
  }
  .jump {
    position: absolute;
    bottom: var(--cairn-space-3);
    left: 50%;
    transform: translateX(-50%);
    display: inline-flex;
    align-items: center;
    gap: var(--cairn-space-1);
    box-shadow: var(--cairn-shadow);
    background: var(--cairn-surface);
  }
  .inner {
    display: flex;
    flex-direction: column;
    gap: var(--cairn-space-3);
    max-width: var(--cairn-content-width);
    margin: 0 auto;
  }
  .composer {
    padding: var(--cairn-space-3) var(--cairn-space-4) var(--cairn-space-4);
    border-top: 1px solid var(--cairn-border);
    background: var(--cairn-bg);
  }
  .composer cairn-chat-composer {
    max-width: var(--cairn-content-width);
    margin: 0 auto;
  }
  .empty,
  .missing {
    margin: auto;
    padding: var(--cairn-space-6) var(--cairn-space-4);
    text-align: center;
    color: var(--cairn-text-muted);
  }
  .missing h2 {
    color: var(--cairn-text);
    overflow-wrap: anywhere;
  }
  .skeleton-msg {
    width: 60%;
    height: 48px;
    border-radius: var(--cairn-radius-lg);
  }
  .skeleton-msg.right {
    align-self: flex-end;
    width: 40%;
  }
  .older {
    align-self: center;
  }
  .error {
    color: var(--cairn-danger);
  }
  @media (max-width: 600px) {
    .head .desc,
    .head .history-text {
      display: none;
    }
    .log {
      padding: var(--cairn-space-3);
    }
    .composer {
      padding: var(--cairn-space-2);
    }
  }
  .archived {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--cairn-space-2);
    margin: var(--cairn-space-2) var(--cairn-space-4) 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius);
    background: var(--cairn-warning-soft);
    color: var(--cairn-text);
    font-size: var(--cairn-text-sm);
  }
  .target-note {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: var(--cairn-space-2);
    margin: var(--cairn-space-2) var(--cairn-space-4) 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface-2);
    font-size: var(--cairn-text-sm);
  }
`;
