import { html } from 'lit';

/** Inline SVG icons (no icon font, no emoji: both may be missing on a headless or minimal system). */
export const pinIcon = html`<svg
  viewBox="0 0 16 16"
  width="11"
  height="11"
  aria-hidden="true"
  fill="currentColor"
>
  <path
    d="M10.6 1.2a1 1 0 0 1 1.4 0l2.8 2.8a1 1 0 0 1 0 1.4l-1 1a1 1 0 0 1-1.1.2L10.4 8.9l.3 2.6a1 1 0 0 1-.3.8l-.7.7a.5.5 0 0 1-.7 0L6.5 10.5l-3.6 3.6a.5.5 0 0 1-.7-.7l3.6-3.6L3.3 7.3a.5.5 0 0 1 0-.7l.7-.7a1 1 0 0 1 .8-.3l2.6.3 2.3-2.3a1 1 0 0 1 .2-1.1z"
  />
</svg>`;

/** A pinned session (first in the lists); the slanted pin above marks a persistent one. */
export const pinnedIcon = html`<svg
  viewBox="0 0 16 16"
  width="12"
  height="12"
  aria-hidden="true"
  fill="currentColor"
>
  <path d="M5 1h6v1.5l-1 .5v4l2.5 2.5V11H8.75v4h-1.5v-4H3.5V9.5L6 7V3l-1-.5z" />
</svg>`;

export const plusIcon = html`<svg
  viewBox="0 0 16 16"
  width="14"
  height="14"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
>
  <path d="M8 3v10M3 8h10" />
</svg>`;

export const chevronIcon = html`<svg
  viewBox="0 0 16 16"
  width="12"
  height="12"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M4 6l4 4 4-4" />
</svg>`;

export const arrowDownIcon = html`<svg
  viewBox="0 0 16 16"
  width="12"
  height="12"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M8 3v10M4 9l4 4 4-4" />
</svg>`;

export const historyIcon = html`<svg
  viewBox="0 0 16 16"
  width="14"
  height="14"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="1.6"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.6h2.6M8 5v3.2l2 1.3" />
</svg>`;

export const copyIcon = html`<svg
  viewBox="0 0 16 16"
  width="13"
  height="13"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="1.5"
  stroke-linejoin="round"
>
  <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
  <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
</svg>`;

export const retryIcon = html`<svg
  viewBox="0 0 16 16"
  width="13"
  height="13"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="1.6"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v2.6h-2.6" />
</svg>`;

export const sidebarIcon = html`<svg
  viewBox="0 0 16 16"
  width="16"
  height="16"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="1.5"
  stroke-linejoin="round"
>
  <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.5" />
  <path d="M6 2.75v10.5" />
</svg>`;

/** The brand mark: a cairn of four stones. */
export const cairnLogo = html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  <ellipse cx="12" cy="19" rx="8" ry="3" />
  <ellipse cx="12" cy="13" rx="6" ry="2.6" />
  <ellipse cx="12" cy="7.6" rx="4" ry="2.2" />
  <circle cx="12" cy="3.6" r="1.8" />
</svg>`;
