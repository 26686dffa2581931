/**
 * Types for the Cairn gateway WebSocket protocol (DESIGN.md §4). These mirror the wire format
 * exactly; nothing here has behaviour.
 */

export const PROTOCOL_VERSION = 1;

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

/** Codes produced by the client itself, never sent by the gateway. */
export type ClientErrorCode = 'TIMEOUT' | 'DISCONNECTED';

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type SessionKind = 'main' | 'named' | 'peer';

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
}

export type SessionSort = 'updated' | 'created' | 'label';

export interface Hello {
  protocol: number;
  server: { version: string };
  features: { methods: string[]; events: string[]; namedSessions: boolean };
  /** `offline` is set by gateways that mark the built-in echo provider explicitly. */
  provider: { name: string; model: string; offline?: boolean };
}

export interface ConnectParams {
  token?: string;
  client: { name: string; version: string };
}

export interface ListSessionsParams {
  limit?: number;
  cursor?: string;
  persistent?: boolean;
  userCreated?: boolean;
  search?: string;
  sort?: SessionSort;
}
export interface ListSessionsResult {
  sessions: SessionEntry[];
  nextCursor?: string;
  total: number;
}

export interface CreateSessionParams {
  label: string;
  key?: string;
  description?: string;
  persistent?: boolean;
}
export interface CreateSessionResult {
  key: string;
  sessionId: string;
  entry: SessionEntry;
}

export interface PatchSessionParams {
  key: string;
  label?: string;
  description?: string | null;
  persistent?: boolean;
  systemPrompt?: string;
  expectedRev?: number;
}

export interface EntryResult {
  entry: SessionEntry;
}
export interface ResetSessionResult {
  entry: SessionEntry;
  previousSessionId: string;
}
export interface DeleteSessionResult {
  key: string;
  deleted: true;
}

export interface CommandAction {
  type: 'switch';
  key: string;
}
export interface CommandReply {
  name: string;
  reply: string;
  action?: CommandAction;
}

export interface ChatSendParams {
  sessionKey: string;
  message: string;
  idempotencyKey?: string;
  wait?: boolean;
}
export type ChatSendResult =
  { runId: string; status: 'started' } | { status: 'command'; command: CommandReply };

export type ChatRole = 'user' | 'assistant' | 'command' | 'notice';
export interface ChatMessage {
  seq: number;
  role: ChatRole;
  text: string;
  createdAt: number;
}
export interface ChatHistoryParams {
  sessionKey: string;
  sessionId?: string;
  limit?: number;
  before?: number;
}
export interface ChatHistoryResult {
  sessionKey: string;
  sessionId: string;
  messages: ChatMessage[];
}

export interface ChatAbortParams {
  sessionKey: string;
  runId?: string;
}
export interface ChatAbortResult {
  aborted: boolean;
  runIds: string[];
}

export interface CommandInfo {
  name: string;
  usage: string;
  summary: string;
}

/** Method name → params and result. The client's `request` is typed from this table. */
export interface MethodMap {
  connect: { params: ConnectParams; result: Hello };
  'sessions.list': { params: ListSessionsParams; result: ListSessionsResult };
  'sessions.get': { params: { key: string }; result: EntryResult };
  'sessions.resolve': { params: { name: string }; result: EntryResult };
  'sessions.create': { params: CreateSessionParams; result: CreateSessionResult };
  'sessions.patch': { params: PatchSessionParams; result: EntryResult };
  'sessions.reset': { params: { key: string }; result: ResetSessionResult };
  'sessions.delete': { params: { key: string }; result: DeleteSessionResult };
  'chat.send': { params: ChatSendParams; result: ChatSendResult };
  'chat.history': { params: ChatHistoryParams; result: ChatHistoryResult };
  'chat.abort': { params: ChatAbortParams; result: ChatAbortResult };
  'commands.list': { params: Record<string, never>; result: { commands: CommandInfo[] } };
}
export type MethodName = keyof MethodMap;

export type ChatEventState = 'delta' | 'final' | 'aborted' | 'error';
export interface ChatEvent {
  runId: string;
  sessionKey: string;
  seq: number;
  state: ChatEventState;
  text: string;
}

export type SessionsChangedReason = 'created' | 'patched' | 'reset' | 'deleted';
export interface SessionsChangedEvent {
  reason: SessionsChangedReason;
  key: string;
  entry?: SessionEntry;
}

/** Server event name → payload. */
export interface EventMap {
  chat: ChatEvent;
  'sessions.changed': SessionsChangedEvent;
}
export type EventName = keyof EventMap;

export interface RequestFrame {
  type: 'req';
  id: string;
  method: string;
  params: unknown;
}
export type ResponseFrame =
  | { type: 'res'; id: string; ok: true; payload: unknown }
  | { type: 'res'; id: string; ok: false; error: ErrorShape };
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
  seq: number;
}
export type ServerFrame = ResponseFrame | EventFrame;
