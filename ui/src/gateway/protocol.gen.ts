// Generated from docs/api/schema.json (GET /api/schema) by ui/scripts/gen-protocol.js.
// Do not edit: run `npm run gen:protocol` after regenerating the schema.
// OpenRPC 1.3.2, Cairn gateway protocol 1.

export interface AnalyticsKindCount {
  name: string;
  count: number;
}

export interface AnalyticsOverviewDay {
  day: string;
  sessionsCreated: number;
  switches: number;
  resetsBlocked: number;
  createErrors: number;
  activeSessions: number;
}

export interface AnalyticsOverviewParams {
  from?: string | null;
  to?: string | null;
}

export interface AnalyticsOverviewResult {
  from: string;
  to: string;
  sessionsCreated: number;
  switches: number;
  resetsBlocked: number;
  createErrors: number;
  days: AnalyticsOverviewDay[];
  byKind: AnalyticsKindCount[];
  byPersistence: AnalyticsPersistenceCount[];
  topSessions: AnalyticsTopSession[];
  byTag: TagInfo[];
}

export interface AnalyticsPersistenceCount {
  name: string;
  count: number;
}

export interface AnalyticsReplies {
  final: number;
  error: number;
  aborted: number;
}

export interface AnalyticsSessionDay {
  day: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  replies: number;
}

export interface AnalyticsSessionParams {
  key: string;
  from?: string | null;
  to?: string | null;
}

export interface AnalyticsSessionResult {
  key: string;
  label: string;
  from: string;
  to: string;
  model: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCost?: number;
  compactions: number;
  resets: number;
  replies: AnalyticsReplies;
  medianFirstTokenMs?: number;
  medianTotalMs?: number;
  days: AnalyticsSessionDay[];
}

export interface AnalyticsTopSession {
  key: string;
  label: string;
  inputTokens: number;
  outputTokens: number;
  tokens: number;
}

export type ChangeReason =
  | 'created'
  | 'patched'
  | 'reset'
  | 'deleted'
  | 'compacted'
  | 'archived'
  | 'unarchived'
  | 'restored'
  | 'purged';

export interface ChatAbortParams {
  sessionKey: string;
  runId?: string | null;
}

export interface ChatAbortResult {
  aborted: boolean;
  runIds: string[];
}

export interface ChatEvent {
  runId: string;
  sessionKey: string;
  seq: number;
  state: RunState;
  text: string;
  reason?: string;
}

export interface ChatHistoryParams {
  sessionKey: string;
  sessionId?: string | null;
  /** Default: 100 */
  limit?: number;
  before?: number | null;
}

export interface ChatHistoryResult {
  sessionKey: string;
  sessionId: string;
  messages: TranscriptMessage[];
}

export interface ChatRetryParams {
  sessionKey: string;
  /** Default: false */
  wait?: boolean;
  /** Default: false */
  regenerate?: boolean;
}

export interface ChatSendParams {
  message: string;
  sessionKey?: string | null;
  peer?: string | null;
  idempotencyKey?: string | null;
  /** Default: false */
  wait?: boolean;
}

export interface ChatSendResult {
  sessionKey: string;
  status: SendStatus;
  runId?: string;
  message?: TranscriptMessage;
  error?: string;
  command?: CommandReply;
  reason?: string;
}

export interface CommandAction {
  type: string;
  key: string;
}

export interface CommandInfo {
  name: string;
  usage: string;
  summary: string;
}

export interface CommandReply {
  name: string;
  reply: string;
  action?: CommandAction;
}

export interface CommandsListResult {
  commands: CommandInfo[];
}

export interface ConnectClient {
  name: string;
  version?: string | null;
}

export interface ConnectParams {
  token?: string | null;
  client?: ConnectClient | null;
  chat?: string[] | null;
}

export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SESSION_PERSISTENT'
  | 'SESSION_PROTECTED'
  | 'FEATURE_DISABLED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface EventsSubscribeParams {
  chat?: string[] | null;
}

export interface EventsSubscribeResult {
  chat?: string[];
}

export type ExportFormat = 'md' | 'json';

export interface Hello {
  protocol: number;
  server: HelloServer;
  features: HelloFeatures;
  provider: ProviderInfo;
  models?: ModelSummary[];
}

export interface HelloFeatures {
  methods: string[];
  events: string[];
  namedSessions: boolean;
}

export interface HelloServer {
  version: string;
}

export type ImportFormat = 'cairn' | 'chatgpt';

export interface ImportedSessionResult {
  sourceKey: string;
  key: string;
  label: string;
  action: string;
  messages: number;
  generations: number;
}

export interface MergeConflict {
  field: string;
  values: MergeConflictValue[];
  chosen?: string;
  resolution: string;
}

export interface MergeConflictValue {
  key: string;
  value?: string;
}

export interface MergeMessageRef {
  seq: number;
  sourceSeq: number;
  role: string;
  text: string;
  createdAt: number;
}

export type MergeOrder = 'time' | 'sequential';

export interface MergeOutline {
  into?: string;
  label: string;
  order: MergeOrder;
  messages: number;
  sources: MergeSourceOutline[];
  conflicts: MergeConflict[];
}

export interface MergeSourceOutline {
  key: string;
  label: string;
  sessionId: string;
  messages: number;
  first?: MergeMessageRef;
  last?: MergeMessageRef;
  archive: boolean;
}

export interface MethodError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface ModelSummary {
  name: string;
  provider: string;
  model: string;
  contextWindow?: number;
  default: boolean;
  offline: boolean;
  health?: string;
}

export interface ModelsListResult {
  models: ModelSummary[];
  defaultModel: string;
}

export type NoParams = Record<string, never>;

export interface ProviderInfo {
  name: string;
  model: string;
  offline: boolean;
}

export type RunState = 'delta' | 'final' | 'aborted' | 'error';

export interface SearchHighlight {
  start: number;
  length: number;
}

export interface SearchHit {
  kind: SearchHitKind;
  sessionKey: string;
  label: string;
  snippet: string;
  highlights: SearchHighlight[];
  seq?: number;
  sessionId?: string;
  current?: boolean;
  role?: string;
  createdAt?: number;
}

export type SearchHitKind = 'session' | 'message';

export interface SearchQueryParams {
  query: string;
  sessionKey?: string | null;
  persistent?: boolean | null;
  limit?: number | null;
  cursor?: string | null;
  archived?: boolean | null;
  tags?: string[] | null;
}

export interface SearchQueryResult {
  hits: SearchHit[];
  nextCursor?: string;
}

export type SendStatus = 'started' | 'command' | 'final' | 'error' | 'aborted';

export interface SessionEntry {
  key: string;
  sessionId: string;
  label: string;
  description?: string;
  persistent: boolean;
  userCreated: boolean;
  kind: SessionKind;
  createdAt: number;
  updatedAt: number;
  lastMessageAt?: number;
  messageCount: number;
  inputTokens: number;
  outputTokens: number;
  rev: number;
  systemPrompt?: string;
  contextTokens?: number;
  contextWindow?: number;
  archivedAt?: number;
  trashedAt?: number;
  model?: string;
  forkedFrom?: SessionOrigin;
  effectiveModel?: string;
  archived: boolean;
  trashed: boolean;
  pinned: boolean;
  tags: string[];
}

export interface SessionEntryResult {
  entry: SessionEntry;
}

export interface SessionGeneration {
  sessionId: string;
  startedAt: number;
  endedAt?: number;
  messageCount: number;
  current: boolean;
}

export interface SessionGetParams {
  key: string;
}

export interface SessionKeyParams {
  key: string;
}

export type SessionKind = 'main' | 'named' | 'peer';

export interface SessionOrigin {
  key: string;
  sessionId: string;
  seq: number;
}

export type SessionSort = 'updated' | 'created' | 'label';

export interface SessionsActiveParams {
  peer: string;
}

export interface SessionsActiveResult {
  peer: string;
  entry: SessionEntry;
}

export interface SessionsChangedEvent {
  reason: ChangeReason;
  key: string;
  entry?: SessionEntry;
}

export interface SessionsCompactParams {
  key: string;
  instructions?: string | null;
}

export interface SessionsCompactResult {
  entry: SessionEntry;
  summary: TranscriptMessage;
}

export interface SessionsCreateParams {
  label: string;
  key?: string | null;
  description?: string | null;
  persistent?: boolean | null;
  template?: string | null;
  systemPrompt?: string | null;
  model?: string | null;
  tags?: string[] | null;
}

export interface SessionsCreateResult {
  key: string;
  sessionId: string;
  entry: SessionEntry;
  template?: string;
  firstRunId?: string;
}

export interface SessionsDeleteResult {
  key: string;
  deleted: boolean;
  trashed: boolean;
  entry: SessionEntry;
  purgeAt?: number;
}

export interface SessionsExportParams {
  key: string;
  /** Default: "md" */
  format?: ExportFormat;
  /** Default: false */
  currentOnly?: boolean;
}

export interface SessionsExportResult {
  filename: string;
  mediaType: string;
  content: string;
}

export interface SessionsForkParams {
  key: string;
  fromSeq?: number | null;
  label?: string | null;
}

export interface SessionsForkResult {
  key: string;
  sessionId: string;
  entry: SessionEntry;
  copied: number;
}

export interface SessionsGenerationsResult {
  key: string;
  generations: SessionGeneration[];
}

export interface SessionsImportParams {
  content: string;
  /** Default: "cairn" */
  format?: ImportFormat;
}

export interface SessionsImportResult {
  keys: string[];
  sessions: ImportedSessionResult[];
}

export interface SessionsListParams {
  limit?: number | null;
  cursor?: string | null;
  persistent?: boolean | null;
  userCreated?: boolean | null;
  search?: string | null;
  /** Default: "updated" */
  sort?: SessionSort;
  archived?: boolean | null;
  trashed?: boolean | null;
  tags?: string[] | null;
}

export interface SessionsListResult {
  sessions: SessionEntry[];
  nextCursor?: string;
  total: number;
  trashDays?: number;
}

export interface SessionsMergeParams {
  sources: string[];
  into?: string | null;
  label?: string | null;
  /** Default: "time" */
  order?: MergeOrder;
  /** Default: false */
  preview?: boolean;
}

export interface SessionsMergeResult {
  preview: boolean;
  outline: MergeOutline;
  key?: string;
  entry?: SessionEntry;
}

export interface SessionsPatchParams {
  key: string;
  label?: string | null;
  description?: string | null;
  persistent?: boolean | null;
  systemPrompt?: string | null;
  expectedRev?: number | null;
  model?: string | null;
  tags?: string[] | null;
  pinned?: boolean | null;
}

export interface SessionsPurgeResult {
  key: string;
  purged: boolean;
}

export interface SessionsResetResult {
  entry: SessionEntry;
  previousSessionId: string;
}

export interface SessionsResolveParams {
  name: string;
}

export interface SessionsShareParams {
  key: string;
  expiresInDays?: number | null;
  /** Default: false */
  live?: boolean;
}

export interface SessionsShareResult {
  share: ShareLink;
}

export interface SessionsSharesParams {
  key?: string | null;
}

export interface SessionsSharesResult {
  shares: ShareLink[];
}

export interface SessionsUnmergeResult {
  key: string;
  removed: string;
  messagesRemoved: number;
  restored: string[];
  entry?: SessionEntry;
}

export interface SessionsUnshareParams {
  token: string;
}

export interface SessionsUnshareResult {
  token: string;
  revoked: boolean;
}

export interface ShareLink {
  token: string;
  sessionKey: string;
  label: string;
  live: boolean;
  path: string;
  url: string;
  createdAt: number;
  expiresAt: number;
  loopbackOnly: boolean;
}

export interface TagInfo {
  tag: string;
  count: number;
}

export interface TagsListResult {
  tags: TagInfo[];
}

export interface TemplateEntry {
  key: string;
  name: string;
  description?: string;
  systemPrompt?: string;
  model?: string;
  persistent?: boolean;
  tags: string[];
  firstMessage?: string;
  builtIn: boolean;
  createdAt: number;
  updatedAt: number;
  rev: number;
}

export interface TemplateEntryResult {
  template: TemplateEntry;
}

export interface TemplateNameParams {
  name: string;
}

export interface TemplatesCreateParams {
  name: string;
  systemPrompt?: string | null;
  model?: string | null;
  persistent?: boolean | null;
  tags?: string[] | null;
  description?: string | null;
  firstMessage?: string | null;
}

export interface TemplatesDeleteResult {
  key: string;
  deleted: boolean;
  template: TemplateEntry;
}

export interface TemplatesListResult {
  templates: TemplateEntry[];
}

export interface TemplatesPatchParams {
  name: string;
  rename?: string | null;
  systemPrompt?: string | null;
  model?: string | null;
  persistent?: boolean | null;
  tags?: string[] | null;
  description?: string | null;
  firstMessage?: string | null;
  expectedRev?: number | null;
}

export interface TranscriptMessage {
  seq: number;
  role: 'user' | 'assistant' | 'command' | 'notice' | 'summary' | 'error';
  text: string;
  createdAt: number;
  inputTokens?: number;
  outputTokens?: number;
  runId?: string;
  incomplete?: boolean;
  coversFrom?: number;
  coversTo?: number;
  reason?: string;
}

/** Method name → params and result. */
export interface Methods {
  /** The WebSocket handshake, the first request on /ws: the token and who connects; the reply is the hello. */
  connect: { params: ConnectParams; result: Hello };
  /** List sessions in use (or only the archived ones, or the trash), a keyset page at a time, with filters, search and sort. */
  'sessions.list': { params: SessionsListParams; result: SessionsListResult };
  /** Get one session by key. */
  'sessions.get': { params: SessionGetParams; result: SessionEntryResult };
  /** Find a session by key, exact label or unique prefix. */
  'sessions.resolve': { params: SessionsResolveParams; result: SessionEntryResult };
  /** Create a named session (persistent by default), blank or from a template. */
  'sessions.create': { params: SessionsCreateParams; result: SessionsCreateResult };
  /** Rename, describe, tag, pin, or mark a session persistent; optional expectedRev. */
  'sessions.patch': { params: SessionsPatchParams; result: SessionEntryResult };
  /** Start a new conversation in a session; refused for persistent ones. */
  'sessions.reset': { params: SessionKeyParams; result: SessionsResetResult };
  /** Take back a reset: the previous conversation becomes current again; nothing is deleted. */
  'sessions.undoReset': { params: SessionKeyParams; result: SessionsResetResult };
  /** Move a session to the trash (restorable for session.trashDays); main is protected. */
  'sessions.delete': { params: SessionKeyParams; result: SessionsDeleteResult };
  /** Take a session out of the trash, as it was: messages, key, URL and share links. */
  'sessions.restore': { params: SessionKeyParams; result: SessionEntryResult };
  /** Remove a session in the trash for good, with every message; only sessions in the trash. */
  'sessions.purge': { params: SessionKeyParams; result: SessionsPurgeResult };
  /** Archive a session: out of the default list and the switcher, kept whole; it takes no new messages. */
  'sessions.archive': { params: SessionKeyParams; result: SessionEntryResult };
  /** Bring an archived session back into the list; it takes messages again. */
  'sessions.unarchive': { params: SessionKeyParams; result: SessionEntryResult };
  /** A session's conversations: the current one and those earlier resets closed, newest first. */
  'sessions.generations': { params: SessionKeyParams; result: SessionsGenerationsResult };
  /** Every tag of the sessions in use, with how many carry it (most used first). */
  'tags.list': { params: NoParams; result: TagsListResult };
  /** Copy a session's current conversation, up to a message (fromSeq) or all of it, into a new session that records its origin. */
  'sessions.fork': { params: SessionsForkParams; result: SessionsForkResult };
  /** Merge sessions' conversations into a new session (or into one), archiving the sources; preview: the outline only, nothing written. */
  'sessions.merge': { params: SessionsMergeParams; result: SessionsMergeResult };
  /** Take back the last merge into a session: its copies go, the sources it archived are unarchived. */
  'sessions.unmerge': { params: SessionKeyParams; result: SessionsUnmergeResult };
  /** The session a peer (a surface without a URL) is bound to; main if none. */
  'sessions.active': { params: SessionsActiveParams; result: SessionsActiveResult };
  /** Send a message (or a slash command) to a session; the reply streams as chat events. */
  'chat.send': { params: ChatSendParams; result: ChatSendResult };
  /** Read a session's transcript, the current or an older generation. */
  'chat.history': { params: ChatHistoryParams; result: ChatHistoryResult };
  /** Stop the reply being written in a session. */
  'chat.abort': { params: ChatAbortParams; result: ChatAbortResult };
  /** Answer the session's last message again after its turn failed, or (regenerate) write another reply to it; the reply streams as chat events. */
  'chat.retry': { params: ChatRetryParams; result: ChatSendResult };
  /** Summarise the current conversation now, all but its last exchange; optional instructions say what to keep. */
  'sessions.compact': { params: SessionsCompactParams; result: SessionsCompactResult };
  /** Make a read-only link to a session's conversation: a snapshot, or live; expires in 1–365 days (default 30). */
  'sessions.share': { params: SessionsShareParams; result: SessionsShareResult };
  /** Revoke a share link; it stops working at once. */
  'sessions.unshare': { params: SessionsUnshareParams; result: SessionsUnshareResult };
  /** The share links that still work, of one session or of all. */
  'sessions.shares': { params: SessionsSharesParams; result: SessionsSharesResult };
  /** One session as a file: Markdown to read or lossless JSON; every conversation, or the current one. */
  'sessions.export': { params: SessionsExportParams; result: SessionsExportResult };
  /** Search sessions and the messages of every conversation: words, "phrases", prefix*, -exclusions, in:<session>. */
  'search.query': { params: SearchQueryParams; result: SearchQueryResult };
  /** A session's messages, tokens, estimated cost, compactions, resets, replies by state, median reply times and activity per UTC day. */
  'analytics.session': { params: AnalyticsSessionParams; result: AnalyticsSessionResult };
  /** The gateway per UTC day (sessions created, switches, blocked resets, creation errors, active sessions), sessions by kind and persistence, top sessions by tokens. */
  'analytics.overview': { params: AnalyticsOverviewParams; result: AnalyticsOverviewResult };
  /** Every session template (built-in and your own), by name. */
  'templates.list': { params: NoParams; result: TemplatesListResult };
  /** One template by key or name (case-insensitive). */
  'templates.get': { params: TemplateNameParams; result: TemplateEntryResult };
  /** Create a template: name, and any of systemPrompt, model, persistent, tags, description, firstMessage. */
  'templates.create': { params: TemplatesCreateParams; result: TemplateEntryResult };
  /** Change a template (null clears a field; rename keeps its key); sessions made from it do not change. */
  'templates.patch': { params: TemplatesPatchParams; result: TemplateEntryResult };
  /** Delete a template for good (built-ins too); sessions made from it keep their values. */
  'templates.delete': { params: TemplateNameParams; result: TemplatesDeleteResult };
  /** Import Cairn's own export (one JSON document, or JSON Lines of them), or ChatGPT's conversations.json: all of it, or nothing. */
  'sessions.import': { params: SessionsImportParams; result: SessionsImportResult };
  /** The chat commands (/help, /session …): name, usage and summary. */
  'commands.list': { params: NoParams; result: CommandsListResult };
  /** The configured models a session may use: name, provider, upstream model, context window, the default. */
  'models.list': { params: NoParams; result: ModelsListResult };
  /** Choose which sessions' chat events this WebSocket connection gets (null: all; []: none). */
  'events.subscribe': { params: EventsSubscribeParams; result: EventsSubscribeResult };
}
export type MethodName = keyof Methods;

/** Server event name → payload. */
export interface Events {
  /** A session was created, changed, reset or deleted, by anyone; entry is absent after a delete. */
  'sessions.changed': SessionsChangedEvent;
  /** A reply's progress: a delta with the new text, or the end of a run (final text, aborted, or an error message). */
  chat: ChatEvent;
}
export type EventName = keyof Events;
