import { createContext } from '@lit/context';
import type { GatewayClient } from '../gateway/client.js';
import {
  createSession,
  deleteSession,
  patchSession,
  resetSession,
  undoResetSession,
} from '../gateway/commands.js';
import { errorMessage } from '../gateway/errors.js';
import type { CreateSessionParams, SessionEntry } from '../gateway/protocol.js';
import type { Notify } from '../toasts/toast-controller.js';

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

  async deleteSession(entry: SessionEntry): Promise<boolean> {
    try {
      await deleteSession(this.client, entry.key);
      this.notify({ kind: 'success', message: `Deleted session “${entry.label}”.` });
      return true;
    } catch (err) {
      this.notify({ kind: 'error', message: errorMessage(err) });
      return false;
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
