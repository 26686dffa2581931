import { css, html, nothing } from 'lit';

/** Read-only tag chips (switcher, sidebar); the sessions table edits them with `cairn-tag-editor`. */
export function tagChips(tags: readonly string[]) {
  if (tags.length === 0) return nothing;
  return html`<span class="tags"
    ><span class="visually-hidden">Tags: ${tags.join(', ')}</span>${tags.map(
      (t) => html`<span class="tag-chip" aria-hidden="true">${t}</span>`,
    )}</span
  >`;
}

export const tagChipStyles = css`
  .tags {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 2px;
    min-width: 0;
  }
  .tag-chip {
    display: inline-block;
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--cairn-accent-soft);
    color: var(--cairn-text);
    font-size: 0.75rem;
    line-height: 1.5;
  }
  .pinned-icon {
    display: inline-flex;
    color: var(--cairn-accent);
  }
`;
