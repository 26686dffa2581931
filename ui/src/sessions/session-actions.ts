import { createContext } from '@lit/context';
import type { GatewayClient } from '../gateway/client.js';
import {
  archiveSession,
  createSession,
  deleteSession,
  patchSession,
  purgeSession,
  resetSession,
  restoreSession,
  unarchiveSession,
  undoResetSession,
} from '../gateway/commands.js';
import { errorMessage } from '../gateway/errors.js';
import { forkSession, mergeSessions, unmergeSession } from '../gateway/fork-merge-commands.js';
import type {
  CreateSessionParams,
  SessionEntry,
  SessionsMergeParams,
  SessionsMergeResult,
} from '../gateway/protocol.js';
import { chatUrl } from '../router/routes.js';
import type { Notify } from '../toasts/toast-controller.js';

/** Changes the URL (the shell's router); used to reopen a session restored from the chat. */
export type Navigate = (url: string) => void;

/** The one SessionActions, provided by `cairn-app` (it owns the toasts the actions raise). */
export const sessionActionsContext = createContext<SessionActions>(Symbol('cairn-session-actions'));

/**
 * The session mutations behind buttons, with their toasts. Methods that feed a form (create,
 * rename) throw so the form can show the error under its field; the others report through a toast
 * and return null on failure.
 */
export class SessionActions {
  constructor(
    private readonly client: GatewayClient,
    private readonly notify: Notify,
    private readonly navigate: Navigate,
  ) {}

  async createSession(params: CreateSessionParams): Promise<SessionEntry> {
    const { entry } = await createSession(this.client, params);
    this.notify({ kind: 'success', message: `Created session “${entry.label}”.` });
    return entry;
  }

  async renameSession(entry: SessionEntry, label: string): Promise<SessionEntry> {
    const trimmed = label.trim();
    if (trimmed === entry.label) return entry;
    const { entry: updated } = await patchSession(this.client, { key: entry.key, label: trimmed });
    this.notify({
      kind: 'success',
      message: `Renamed “${entry.label}” to “${updated.label}”.`,
      action: { label: 'Undo', run: () => void this.undoRename(updated, entry.label) },
    });
    return updated;
  }

  /** Flips `persistent`, offering Undo. */
  togglePersistent(entry: SessionEntry): Promise<SessionEntry | null> {
    return this.setPersistent(entry, !entry.persistent, true);
  }

  async setPersistent(
    entry: SessionEntry,
    persistent: boolean,
    undoable: boolean,
  ): Promise<SessionEntry | null> {
    try {
      const { entry: updated } = await patchSession(this.client, {
        key: entry.key,
        persistent,
        expectedRev: entry.rev,
      });
      this.notify({
        kind: 'success',
        message: persistent
          ? `“${updated.label}” is now persistent: resets will not touch it.`
          : `“${updated.label}” is no longer persistent.`,
        ...(undoable
          ? {
              action: {
                label: 'Undo',
                run: () => void this.setPersistent(updated, !persistent, false),
              },
            }
          : {}),
      });
      return updated;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  /** Pins or unpins; pinned sessions come first in the lists. */
  async setPinned(entry: SessionEntry, pinned: boolean): Promise<SessionEntry | null> {
    try {
      const { entry: updated } = await patchSession(this.client, { key: entry.key, pinned });
      this.notify({
        kind: 'success',
        message: pinned
          ? `Pinned “${updated.label}”: it comes first.`
          : `Unpinned “${updated.label}”.`,
      });
      return updated;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  /** Replaces the tags (the editor sends the whole set); quiet on success, the chips show it. */
  async setTags(entry: SessionEntry, tags: string[]): Promise<SessionEntry | null> {
    try {
      const { entry: updated } = await patchSession(this.client, { key: entry.key, tags });
      return updated;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  async resetSession(entry: SessionEntry): Promise<SessionEntry | null> {
    try {
      const { entry: updated } = await resetSession(this.client, entry.key);
      this.notify({
        kind: 'success',
        message: `Started a fresh transcript in “${updated.label}”.`,
        action: { label: 'Undo', run: () => void this.undoReset(updated) },
      });
      return updated;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  /** The reset toast's Undo: the previous conversation becomes current again (nothing is deleted). */
  private async undoReset(entry: SessionEntry): Promise<void> {
    try {
      const { entry: restored } = await undoResetSession(this.client, entry.key);
      this.notify({
        kind: 'info',
        message: `Back to the previous conversation of “${restored.label}”.`,
      });
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
    }
  }

  /**
   * Moves a session to the trash. The toast offers Undo (`sessions.restore`); `announce: false`
   * leaves the toast to the chat view, which hears the deletion of the session it shows.
   */
  async deleteSession(entry: SessionEntry, announce = true): Promise<boolean> {
    try {
      await deleteSession(this.client, entry.key);
      if (announce) this.announceTrashed(entry.key, entry.label, false);
      return true;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return false;
    }
  }

  /** The toast of a session moved to the trash, with Undo; `reopen` opens it again after the undo. */
  announceTrashed(key: string, label: string, reopen: boolean, suffix = ''): void {
    this.notify({
      kind: 'success',
      message: `Moved “${label}” to the trash.${suffix}`,
      action: { label: 'Undo', run: () => void this.restoreSession(key, label, reopen) },
    });
  }

  /** Takes a session out of the trash; `reopen` opens it in the chat. */
  async restoreSession(key: string, label: string, reopen = false): Promise<SessionEntry | null> {
    try {
      const { entry } = await restoreSession(this.client, key);
      this.notify({ kind: 'info', message: `Restored “${entry.label}”.` });
      if (reopen) this.navigate(chatUrl(entry.key));
      return entry;
    } catch (err) {
      this.notify({ kind: 'error', message: `Could not restore “${label}”: ${errorMessage(err)}` });
      return null;
    }
  }

  /** Removes a session in the trash for good (the caller asked for a confirmation). */
  async purgeSession(entry: SessionEntry): Promise<boolean> {
    try {
      await purgeSession(this.client, entry.key);
      this.notify({ kind: 'success', message: `Deleted “${entry.label}” forever.` });
      return true;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return false;
    }
  }

  /** Archives or unarchives a session; each toast offers the other as Undo. */
  async setArchived(
    entry: SessionEntry,
    archived: boolean,
    undoable = true,
  ): Promise<SessionEntry | null> {
    try {
      const { entry: updated } = archived
        ? await archiveSession(this.client, entry.key)
        : await unarchiveSession(this.client, entry.key);
      this.notify({
        kind: 'success',
        message: archived
          ? `Archived “${updated.label}”: it is out of the session list until you unarchive it.`
          : `Unarchived “${updated.label}”.`,
        ...(undoable
          ? {
              action: {
                label: 'Undo',
                run: () => void this.setArchived(updated, !archived, false),
              },
            }
          : {}),
      });
      return updated;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  /** "Fork from here": a new session with the conversation up to `fromSeq`, opened in the chat. */
  async forkSession(key: string, fromSeq: number): Promise<SessionEntry | null> {
    try {
      const { entry, copied } = await forkSession(this.client, { key, fromSeq });
      this.notify({
        kind: 'success',
        message: `Forked into “${entry.label}” with ${copied} ${copied === 1 ? 'message' : 'messages'}; the original is unchanged.`,
      });
      this.navigate(chatUrl(entry.key));
      return entry;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return null;
    }
  }

  /** Merges (not a preview: the dialog previews itself); the toast's Undo runs `sessions.unmerge`. */
  async mergeSessions(params: SessionsMergeParams): Promise<SessionsMergeResult> {
    const result = await mergeSessions(this.client, { ...params, preview: false });
    const key = result.key ?? '';
    const { outline } = result;
    this.notify({
      kind: 'success',
      message: `Merged ${outline.sources.length} sessions into “${outline.label}” (${outline.messages} messages); the sources are archived.`,
      action: { label: 'Undo', run: () => void this.unmerge(key, outline.label) },
    });
    return result;
  }

  private async unmerge(key: string, label: string): Promise<void> {
    try {
      const { restored } = await unmergeSession(this.client, key);
      this.notify({
        kind: 'info',
        message: `Merge into “${label}” undone; ${restored.length} ${restored.length === 1 ? 'session is' : 'sessions are'} back in the list.`,
      });
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
    }
  }

  private async undoRename(entry: SessionEntry, label: string): Promise<void> {
    try {
      await patchSession(this.client, { key: entry.key, label });
      this.notify({ kind: 'info', message: `Name changed back to “${label}”.` });
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
    }
  }
}
