import { css } from 'lit';

/** Controls shared by every element: buttons, inputs, badges, skeletons. Colours come from tokens.css. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--cairn-space-1);
    min-height: 36px;
    padding: 0 var(--cairn-space-3);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-surface);
    font-size: var(--cairn-text-sm);
    cursor: pointer;
    white-space: nowrap;
    text-decoration: none;
  }
  a.btn {
    color: var(--cairn-text);
  }
  .btn:hover {
    background: var(--cairn-surface-2);
  }
  .btn.primary {
    background: var(--cairn-accent);
    border-color: var(--cairn-accent);
    color: var(--cairn-accent-text);
  }
  .btn.primary:hover {
    background: var(--cairn-accent-hover);
  }
  .btn.danger {
    color: var(--cairn-danger);
  }
  .btn.danger.solid {
    background: var(--cairn-danger);
    border-color: var(--cairn-danger);
    color: #fff;
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover {
    background: var(--cairn-surface-2);
  }
  .btn.small {
    min-height: 30px;
    padding: 0 var(--cairn-space-2);
    font-size: var(--cairn-text-xs);
  }
  .btn:disabled,
  .btn[aria-disabled='true'] {
    opacity: 0.45;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 2px solid var(--cairn-focus);
    outline-offset: 2px;
  }
  .field {
    width: 100%;
    font-weight: 400;
    min-height: 36px;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-surface);
  }
  .field[aria-invalid='true'] {
    border-color: var(--cairn-danger);
  }
  .field-error {
    margin: var(--cairn-space-1) 0 0;
    color: var(--cairn-danger);
    font-size: var(--cairn-text-sm);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    padding: 1px 7px;
    border-radius: 999px;
    font-size: var(--cairn-text-xs);
    font-weight: 600;
    line-height: 1.5;
    white-space: nowrap;
  }
  .muted {
    color: var(--cairn-text-muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .skeleton {
    display: block;
    height: 0.9em;
    border-radius: 4px;
    background: var(--cairn-skeleton);
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;

/** The native <dialog> look shared by every modal. */
export const dialogStyles = css`
  dialog {
    width: min(480px, calc(100vw - 2 * var(--cairn-space-4)));
    padding: 0;
    border: 1px solid var(--cairn-border);
    border-radius: var(--cairn-radius-lg);
    background: var(--cairn-surface);
    color: var(--cairn-text);
    box-shadow: var(--cairn-shadow);
  }
  dialog::backdrop {
    background: rgb(10 14 22 / 0.45);
  }
  form {
    display: grid;
    gap: var(--cairn-space-4);
    padding: var(--cairn-space-5);
  }
  h2 {
    margin: 0;
    font-size: var(--cairn-text-lg);
  }
  label {
    display: grid;
    gap: var(--cairn-space-1);
    font-size: var(--cairn-text-sm);
    font-weight: 600;
  }
  .hint {
    font-weight: 400;
    font-size: var(--cairn-text-xs);
    color: var(--cairn-text-muted);
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: var(--cairn-space-2);
    font-weight: 400;
  }
  .check input {
    width: 18px;
    height: 18px;
    margin: 2px 0 0;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--cairn-space-2);
  }
  .form-error {
    margin: 0;
    padding: var(--cairn-space-2) var(--cairn-space-3);
    border-radius: var(--cairn-radius-sm);
    background: var(--cairn-danger-soft);
    color: var(--cairn-danger);
    font-size: var(--cairn-text-sm);
  }
`;
