/** Typed shorthands for `sessions.fork`, `sessions.merge` and `sessions.unmerge` (see commands.ts). */
import type { Requester } from './commands.js';
import type {
  SessionsForkParams,
  SessionsForkResult,
  SessionsMergeParams,
  SessionsMergeResult,
  SessionsUnmergeResult,
} from './protocol.js';

export const forkSession = (
  client: Requester,
  params: SessionsForkParams,
): Promise<SessionsForkResult> => client.request('sessions.fork', params);

/** With `preview: true`, only the outline: nothing is written. */
export const mergeSessions = (
  client: Requester,
  params: SessionsMergeParams,
): Promise<SessionsMergeResult> => client.request('sessions.merge', params);

/** Takes back the last merge into `key` (docs/api/sessions.md#sessionsunmerge). */
export const unmergeSession = (client: Requester, key: string): Promise<SessionsUnmergeResult> =>
  client.request('sessions.unmerge', { key });
