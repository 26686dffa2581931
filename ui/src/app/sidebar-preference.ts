/** Whether the sessions sidebar is shown on wide screens: off until turned on, then remembered. */
export const SIDEBAR_STORAGE_KEY = 'cairn.sidebar';

export function readSidebar(storage: Pick<Storage, 'getItem'>): boolean {
  try {
    return storage.getItem(SIDEBAR_STORAGE_KEY) === 'open';
  } catch {
    return false; // storage refused (privacy mode): the default
  }
}

export function storeSidebar(storage: Pick<Storage, 'setItem'>, open: boolean): void {
  try {
    storage.setItem(SIDEBAR_STORAGE_KEY, open ? 'open' : 'closed');
  } catch {
    // Not remembered; the toggle still works for this page.
  }
}
