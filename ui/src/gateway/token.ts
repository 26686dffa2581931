/** Where the gateway token lives in the browser: `#token=…` on first load, then localStorage. */

export const TOKEN_STORAGE_KEY = 'cairn.token';

export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * Moves a `#token=…` fragment into storage and strips it from the address bar (so it is not left
 * in the history or shared by copy-paste). Returns the token to use, or null when there is none.
 */
export function adoptToken(env: TokenEnv): string | null {
  const hash = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : env.location.hash;
  const params = new URLSearchParams(hash);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    const trimmed = fromUrl.trim();
    if (trimmed) env.storage.setItem(TOKEN_STORAGE_KEY, trimmed);
    params.delete('token');
    const rest = params.toString();
    const url = env.location.pathname + env.location.search + (rest ? `#${rest}` : '');
    env.history.replaceState(env.history.state, '', url);
  }
  return readToken(env.storage);
}

export function readToken(storage: TokenEnv['storage']): string | null {
  const value = storage.getItem(TOKEN_STORAGE_KEY);
  return value ? value : null;
}

export function storeToken(storage: TokenEnv['storage'], token: string | null): void {
  if (token) storage.setItem(TOKEN_STORAGE_KEY, token);
  else storage.removeItem(TOKEN_STORAGE_KEY);
}
