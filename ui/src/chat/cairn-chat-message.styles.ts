import { css } from 'lit';

/** Styles of cairn-chat-message: bubbles per role, notes, the streaming cursor. */
export const chatMessageStyles = css`
  :host {
    display: flex;
  }
  :host([role-name='user']) {
    justify-content: flex-end;
  }
  :host([role-name='command']),
  :host([role-name='notice']),
  :host([role-name='error']) {
    justify-content: center;
  }
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    max-width: min(720px, 88%);
    min-width: 0;
  }
  :host([role-name='user']) .message {
    align-items: flex-end;
  }
  .message .bubble {
    max-width: 100%;
  }
  .bubble {
    max-width: min(720px, 88%);
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius-lg);
    overflow-wrap: anywhere;
    line-height: 1.45;
  }
  .text {
    white-space: pre-wrap;
  }
  .user {
    background: var(--cairn-user-bubble);
    color: var(--cairn-user-text);
    border-bottom-right-radius: 4px;
  }
  .assistant {
    background: var(--cairn-surface);
    border: 1px solid var(--cairn-border);
    border-bottom-left-radius: 4px;
  }
  .note {
    max-width: min(720px, 96%);
    padding: var(--cairn-space-1) var(--cairn-space-3);
    border: 1px dashed var(--cairn-border);
    border-radius: var(--cairn-radius);
    background: var(--cairn-surface-2);
    color: var(--cairn-text-muted);
    font-size: var(--cairn-text-sm);
  }
  .command,
  .aligned {
    font-family: var(--cairn-mono);
  }
  .aligned {
    overflow-x: auto;
    overflow-wrap: normal;
  }
  .aligned .text {
    white-space: pre;
  }
  .failed {
    border-color: var(--cairn-danger);
    color: var(--cairn-danger);
    background: var(--cairn-danger-soft);
  }
  .failed p {
    margin: 0;
  }
  .failed .reason {
    font-weight: 600;
  }
  .failed .provider {
    color: var(--cairn-text);
    font-family: var(--cairn-mono);
  }
  .retry {
    margin-top: var(--cairn-space-1);
  }
  .unanswered {
    outline: 1px dashed var(--cairn-danger);
    outline-offset: 2px;
  }
  .mark {
    display: block;
    margin-top: var(--cairn-space-1);
    font-size: var(--cairn-text-xs);
    opacity: 0.85;
  }
  .pending {
    opacity: 0.6;
  }
  .superseded {
    border-style: dashed;
    background: transparent;
    color: var(--cairn-text-muted);
  }
  .cursor {
    display: inline-block;
    width: 0.5em;
    height: 1em;
    margin-left: 2px;
    vertical-align: text-bottom;
    background: currentColor;
    animation: blink 1s steps(2) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  .tag {
    margin-left: var(--cairn-space-2);
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  /* The line under a question or reply: subtle until pointed at or focused. */
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--cairn-space-1) var(--cairn-space-2);
    padding: 0 var(--cairn-space-1);
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  .when {
    position: relative;
    border-radius: 3px;
    cursor: default;
  }
  .when:hover::after,
  .when:focus::after {
    content: attr(data-full);
    position: absolute;
    bottom: calc(100% + 4px);
    left: 0;
    z-index: 2;
    padding: var(--cairn-space-1) var(--cairn-space-2);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-text);
    color: var(--cairn-bg);
    white-space: nowrap;
    pointer-events: none;
  }
  :host([role-name='user']) .when:hover::after,
  :host([role-name='user']) .when:focus::after {
    left: auto;
    right: 0;
  }
  .action {
    min-height: 26px;
    color: var(--cairn-text-muted);
  }
  .action:hover,
  .action:focus-visible {
    color: var(--cairn-text);
  }
  .no-reply {
    color: var(--cairn-danger);
  }
  .retry {
    color: var(--cairn-text);
  }
  /* The message a search hit opened: a ring that fades (the focus ring is the usual one). */
  :host([highlighted]) .bubble {
    animation: cairn-found 2.4s ease-out;
  }
  @keyframes cairn-found {
    0%,
    40% {
      box-shadow: 0 0 0 4px var(--cairn-warning);
    }
    100% {
      box-shadow: 0 0 0 4px transparent;
    }
  }
`;
