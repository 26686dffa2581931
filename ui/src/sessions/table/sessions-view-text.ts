/** The words of the sessions view: its confirmations and what an empty list is of. */
import type { SessionEntry } from '../../gateway/protocol.js';
import type { SessionFilter } from '../../router/routes.js';

export interface Pending {
  kind: 'reset' | 'delete' | 'purge';
  entry: SessionEntry;
}

export const CONFIRM_LABELS: Record<Pending['kind'], [string, string]> = {
  reset: ['Reset', 'Reset session'],
  delete: ['Delete', 'Move to trash'],
  purge: ['Delete forever', 'Delete forever'],
};

export const NOUNS: Record<SessionFilter, string> = {
  all: 'sessions',
  persistent: 'persistent sessions',
  temporary: 'temporary sessions',
  archived: 'archived sessions',
  trash: 'sessions in the trash',
};

export function confirmMessage({ kind, entry }: Pending, trashDays: number | undefined): string {
  switch (kind) {
    case 'delete':
      return `The session “${entry.label}” (${entry.key}) goes to the trash with its whole transcript. You can restore it from the Trash${
        trashDays ? ` for ${trashDays} days` : ''
      }.`;
    case 'purge':
      return `The session “${entry.label}” (${entry.key}) and every message of it will be removed for good. This cannot be undone.`;
    case 'reset':
      return `“${entry.label}” starts a fresh transcript. The previous messages are kept in history but no longer sent to the model.`;
  }
}
