import { html, nothing, type TemplateResult } from 'lit';
import type { SessionFilter } from '../../router/routes.js';
import { NOUNS } from './sessions-view-text.js';

/** What the sessions view says around its list: what the Archived and Trash lists are, and an empty list. */

/** What the Archived and Trash lists are, and how long the trash keeps a session. */
export function shelfNote(
  filter: SessionFilter,
  trashDays: number | undefined,
): TemplateResult | typeof nothing {
  if (filter === 'archived')
    return html`<p class="note muted">
      Archived sessions keep their messages, key and link, but are out of the switcher and take no
      new messages until you unarchive them.
    </p>`;
  if (filter !== 'trash') return nothing;
  return html`<p class="note muted" id="trash-note">
    ${
      trashDays === undefined
        ? 'Sessions in the trash can be restored until you delete them forever.'
        : trashDays > 0
          ? `Sessions in the trash are kept for ${trashDays} ${trashDays === 1 ? 'day' : 'days'}, then deleted forever. Restore brings one back with its messages, key and link.`
          : 'Sessions in the trash are kept until you delete them forever. Restore brings one back with its messages, key and link.'
    }
  </p>`;
}

/** An empty list: nothing yet, or nothing matching the search and tag, with the way back to all sessions. */
export function emptyList(filter: SessionFilter, searchText: string, tag: string): TemplateResult {
  const search = searchText.trim();
  const what = NOUNS[filter];
  return html`<div class="empty">
    <p>
      <strong
        >${
          search || tag
            ? `No ${what} match${search ? ` “${search}”` : ''}${tag ? ` with the tag “${tag}”` : ''}.`
            : filter === 'trash'
              ? 'The trash is empty.'
              : `No ${what} yet.`
        }</strong
      >
    </p>
    ${
      search || tag || filter !== 'all'
        ? html`<a class="btn" href="/sessions">Show all sessions</a>`
        : nothing
    }
  </div>`;
}
