/**
 * One row of the sessions table, as a template for `cairn-sessions-table` (not an element of its
 * own: a custom element between <tbody> and <tr> would break the table's layout and semantics).
 */
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SessionEntry } from '../../gateway/protocol.js';
import type { SessionRowAction } from '../../events.js';
import { chatUrl } from '../../router/routes.js';
import { fullTime, relativeTime } from '../../util/format.js';
import { pinnedIcon } from '../../styles/icons.js';
import type { CairnEvent } from '../../events.js';
import '../tags/cairn-tag-editor.js';

export interface RowState {
  busy: boolean;
  editing: boolean;
  renameError: string;
  /** Named sessions on: the Persistent toggle is shown. */
  canPersist: boolean;
  /** The table has a Select column (for Merge…); `selected`: this row is ticked. */
  selectable?: boolean;
  selected?: boolean;
}

type Act = (action: SessionRowAction) => void;

const isMain = (e: SessionEntry): boolean => e.kind === 'main' || e.key === 'main';

export function sessionRow(e: SessionEntry, state: RowState, act: Act) {
  return html`<tr class=${state.busy ? 'busy' : ''} data-key=${e.key}>
    <td data-label="Label" class="label-cell">
      ${state.selectable && !state.editing ? selectBox(e, state.selected ?? false, act) : nothing}
      ${
        state.editing
          ? renameForm(e, state.renameError, act)
          : html`${
              e.pinned
                ? html`<span class="pinned-icon" role="img" aria-label="Pinned" title="Pinned"
                    >${pinnedIcon}</span
                  >`
                : nothing
            }
            ${
              // A session in the trash has no chat to open (every method but restore and purge refuses it).
              e.trashed
                ? html`<span class="label-link">${e.label}</span>`
                : html`<a href=${chatUrl(e.key)} class="label-link">${e.label}</a>`
            }
            ${e.description ? html`<div class="desc muted">${e.description}</div>` : nothing}`
      }
    </td>
    <td data-label="Key"><code>${e.key}</code></td>
    <td data-label="Tags" class="tags-cell">
      <cairn-tag-editor
        .tags=${e.tags}
        label=${e.label}
        ?readonly=${e.trashed}
        @cairn-tags-change=${(ev: CairnEvent<'cairn-tags-change'>) =>
          act({ action: 'set-tags', entry: e, tags: ev.detail.tags })}
      ></cairn-tag-editor>
    </td>
    <td data-label="Persistent">${persistCell(e, state, act)}</td>
    <td data-label="Messages" class="num">${e.messageCount.toLocaleString()}</td>
    <td data-label="Updated" title=${fullTime(e.updatedAt)}>${relativeTime(e.updatedAt)}</td>
    <td data-label="Created" title=${fullTime(e.createdAt)}>${relativeTime(e.createdAt)}</td>
    <td class="actions-cell">${rowActions(e, act)}</td>
  </tr>`;
}

/** The row's Select box, before its label; main (never merged from) has none. */
function selectBox(e: SessionEntry, selected: boolean, act: Act) {
  return isMain(e)
    ? nothing
    : html`<input
        type="checkbox"
        class="select"
        aria-label=${`Select ${e.label}`}
        .checked=${live(selected)}
        @change=${(ev: Event) =>
          act({
            action: 'select',
            entry: e,
            selected: (ev.target as HTMLInputElement).checked,
          })}
      />`;
}

function persistCell(e: SessionEntry, state: RowState, act: Act) {
  return html`<span class="persist">
    <cairn-persistent-badge ?persistent=${e.persistent} show-temporary></cairn-persistent-badge>
    ${
      state.canPersist && !e.trashed
        ? html`<input
            type="checkbox"
            role="switch"
            class="switch"
            .checked=${live(e.persistent)}
            aria-disabled=${state.busy ? 'true' : 'false'}
            aria-label=${`Persistent: ${e.label}`}
            title=${e.persistent ? 'Make temporary' : 'Make persistent'}
            @click=${(ev: Event) => {
              // Not disabled while busy: a disabled control drops the keyboard focus.
              if (state.busy) ev.preventDefault();
            }}
            @change=${() => act({ action: 'toggle-persistent', entry: e })}
          />`
        : nothing
    }
  </span>`;
}

function rowActions(e: SessionEntry, act: Act) {
  if (e.trashed)
    return html`<div class="row-actions">
      ${plain(`Restore ${e.label}`, 'Restore', () => act({ action: 'restore', entry: e }))}
      ${plain(
        `Delete forever ${e.label}`,
        'Delete forever',
        () => act({ action: 'purge', entry: e }),
        'danger',
      )}
    </div>`;
  return html`<div class="row-actions">
    <button
      class="btn small pin-button"
      aria-pressed=${e.pinned ? 'true' : 'false'}
      aria-label=${`Pin ${e.label}`}
      title=${e.pinned ? 'Unpin: stop keeping it first' : 'Pin: keep it first in the lists'}
      @click=${() => act({ action: 'toggle-pin', entry: e })}
    >
      ${pinnedIcon} Pin
    </button>
    <button
      class="btn small rename-button"
      aria-label=${`Rename ${e.label}`}
      @click=${() => act({ action: 'edit', entry: e })}
    >
      Rename
    </button>
    ${
      e.archived
        ? plain(`Unarchive ${e.label}`, 'Unarchive', () => act({ action: 'unarchive', entry: e }))
        : html`${guarded(
            `Reset ${e.label}`,
            'Reset',
            e.persistent ? 'Persistent sessions cannot be reset. Turn off Persistent first.' : '',
            () => act({ action: 'reset', entry: e }),
          )}
          ${guarded(
            `Archive ${e.label}`,
            'Archive',
            isMain(e) ? 'Main is the default session and cannot be archived.' : '',
            () => act({ action: 'archive', entry: e }),
          )}`
    }
    ${guarded(
      `Delete ${e.label}`,
      'Delete',
      isMain(e) ? 'Main is the default session and cannot be deleted.' : '',
      () => act({ action: 'delete', entry: e }),
      'danger',
    )}
  </div>`;
}

function plain(name: string, text: string, run: () => void, cls = '') {
  return html`<button class="btn small ${cls}" aria-label=${name} title=${name} @click=${run}>
    ${text}
  </button>`;
}

/**
 * A button that stays focusable when refused; its reason shows as a tooltip on hover, and below it
 * while it has the focus (keyboard or tap); the title is its accessible description.
 */
function guarded(name: string, text: string, refusal: string, run: () => void, cls = '') {
  return html`<button
    class="btn small ${cls}"
    aria-label=${name}
    aria-disabled=${refusal ? 'true' : 'false'}
    data-reason=${refusal || nothing}
    title=${refusal || name}
    @click=${() => {
      if (!refusal) run();
    }}
  >
    ${text}
  </button>`;
}

function renameForm(e: SessionEntry, error: string, act: Act) {
  const submit = (ev: SubmitEvent): void => {
    ev.preventDefault();
    const label = String(new FormData(ev.target as HTMLFormElement).get('label') ?? '').trim();
    act({ action: 'rename', entry: e, label });
  };
  return html`<form class="rename" @submit=${submit}>
    <input
      class="field"
      name="label"
      aria-label=${`New name for ${e.label}`}
      .value=${e.label}
      maxlength="64"
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby="rename-error"
      @keydown=${(ev: KeyboardEvent) => {
        if (ev.key === 'Escape') act({ action: 'cancel-edit', entry: e });
      }}
    />
    <button class="btn small primary" type="submit">Save</button>
    <button
      class="btn small"
      type="button"
      @click=${() => act({ action: 'cancel-edit', entry: e })}
    >
      Cancel
    </button>
    ${error ? html`<p id="rename-error" class="field-error" role="alert">${error}</p>` : nothing}
  </form>`;
}
