/**
 * Typed shorthands for the gateway's methods, as free functions over the transport (the client
 * itself knows only `request`). Every method and its types are in `protocol.ts`'s `MethodMap`.
 */
import type { GatewayClient } from './client.js';
import type {
  ChatAbortParams,
  ChatAbortResult,
  ChatHistoryParams,
  ChatHistoryResult,
  ChatRetryParams,
  ChatSendParams,
  ChatSendResult,
  CommandInfo,
  CreateSessionParams,
  CreateSessionResult,
  DeleteSessionResult,
  EntryResult,
  ListSessionsParams,
  ListSessionsResult,
  PatchSessionParams,
  ResetSessionResult,
  SearchQueryParams,
  SearchQueryResult,
  SessionsCompactParams,
  SessionsCompactResult,
  SessionsExportParams,
  SessionsExportResult,
  SessionsPurgeResult,
  SessionsShareParams,
  SessionsShareResult,
  ShareLink,
  TagsListResult,
} from './protocol.js';

export type Requester = Pick<GatewayClient, 'request'>;

export const listSessions = (
  client: Requester,
  params: ListSessionsParams = {},
): Promise<ListSessionsResult> => client.request('sessions.list', params);

export const getSession = (client: Requester, key: string): Promise<EntryResult> =>
  client.request('sessions.get', { key });

export const resolveSession = (client: Requester, name: string): Promise<EntryResult> =>
  client.request('sessions.resolve', { name });

export const createSession = (
  client: Requester,
  params: CreateSessionParams,
): Promise<CreateSessionResult> => client.request('sessions.create', params);

export const patchSession = (client: Requester, params: PatchSessionParams): Promise<EntryResult> =>
  client.request('sessions.patch', params);

/** Every tag of the sessions in use with its count, most used first (`tags.list`). */
export const listTags = (client: Requester): Promise<TagsListResult> =>
  client.request('tags.list', {});

export const resetSession = (client: Requester, key: string): Promise<ResetSessionResult> =>
  client.request('sessions.reset', { key });

/** Takes back a reset: the previous conversation becomes current again (`sessions.undoReset`). */
export const undoResetSession = (client: Requester, key: string): Promise<ResetSessionResult> =>
  client.request('sessions.undoReset', { key });

export const deleteSession = (client: Requester, key: string): Promise<DeleteSessionResult> =>
  client.request('sessions.delete', { key });

/** Takes a session out of the trash, as it was (`sessions.restore`). */
export const restoreSession = (client: Requester, key: string): Promise<EntryResult> =>
  client.request('sessions.restore', { key });

/** Removes a session in the trash for good (`sessions.purge`). */
export const purgeSession = (client: Requester, key: string): Promise<SessionsPurgeResult> =>
  client.request('sessions.purge', { key });

export const archiveSession = (client: Requester, key: string): Promise<EntryResult> =>
  client.request('sessions.archive', { key });

export const unarchiveSession = (client: Requester, key: string): Promise<EntryResult> =>
  client.request('sessions.unarchive', { key });

export const shareSession = (
  client: Requester,
  params: SessionsShareParams,
): Promise<SessionsShareResult> => client.request('sessions.share', params);

export const unshareSession = async (client: Requester, token: string): Promise<void> => {
  await client.request('sessions.unshare', { token });
};

/** The share links of one session that still work, newest first. */
export const listShares = async (client: Requester, key: string): Promise<ShareLink[]> =>
  (await client.request('sessions.shares', { key })).shares;

export const exportSession = (
  client: Requester,
  params: SessionsExportParams,
): Promise<SessionsExportResult> => client.request('sessions.export', params);

export const sendChat = (client: Requester, params: ChatSendParams): Promise<ChatSendResult> =>
  client.request('chat.send', params);

export const retryChat = (client: Requester, params: ChatRetryParams): Promise<ChatSendResult> =>
  client.request('chat.retry', params);

export const compactSession = (
  client: Requester,
  params: SessionsCompactParams,
): Promise<SessionsCompactResult> => client.request('sessions.compact', params);

export const chatHistory = (
  client: Requester,
  params: ChatHistoryParams,
): Promise<ChatHistoryResult> => client.request('chat.history', params);

export const abortChat = (client: Requester, params: ChatAbortParams): Promise<ChatAbortResult> =>
  client.request('chat.abort', params);

export const listCommands = async (client: Requester): Promise<CommandInfo[]> =>
  (await client.request('commands.list', {})).commands;

export const searchQuery = (
  client: Requester,
  params: SearchQueryParams,
): Promise<SearchQueryResult> => client.request('search.query', params);
