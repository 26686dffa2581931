/**
 * Types for the Cairn gateway protocol (DESIGN.md §4). The records, the `Methods` and `Events` maps
 * and the `ErrorCode` union are generated into protocol.gen.ts from docs/api/schema.json (the
 * gateway's `GET /api/schema`; regenerate with `npm run gen:protocol`). This file gives them the
 * names the UI uses and adds the frames and the client's own error codes. Nothing here has behaviour.
 */
import type {
  ChangeReason,
  ChatSendResult as SendResult,
  CommandReply,
  Events,
  MethodError,
  Methods,
  RunState,
  SendStatus,
  SessionEntryResult,
  SessionsCreateParams,
  SessionsCreateResult,
  SessionsDeleteResult,
  SessionsListParams,
  SessionsListResult,
  SessionsPatchParams,
  SessionsResetResult,
  TranscriptMessage,
} from './protocol.gen.js';

export type * from './protocol.gen.js';

export const PROTOCOL_VERSION = 1;

/** Codes produced by the client itself, never sent by the gateway. */
export type ClientErrorCode = 'TIMEOUT' | 'DISCONNECTED';

/** The `error` of a failed reply. */
export type ErrorShape = MethodError;

export type ListSessionsParams = SessionsListParams;
export type ListSessionsResult = SessionsListResult;
export type CreateSessionParams = SessionsCreateParams;
export type CreateSessionResult = SessionsCreateResult;
export type PatchSessionParams = SessionsPatchParams;
export type EntryResult = SessionEntryResult;
export type ResetSessionResult = SessionsResetResult;
export type DeleteSessionResult = SessionsDeleteResult;

export type ChatMessage = TranscriptMessage;
export type ChatRole = TranscriptMessage['role'];
export type ChatEventState = RunState;
export type SessionsChangedReason = ChangeReason;

/**
 * `chat.send`'s result by status: a run (`started`, or with `wait` its end) has its `runId`, a slash
 * command its `command` reply. The gateway guarantees this but one C# record cannot say it, so it is
 * added here on top of the generated type.
 */
export type ChatSendResult =
  | (SendResult & { status: Exclude<SendStatus, 'command'>; runId: string })
  | (SendResult & { status: 'command'; command: CommandReply });

/** Method name → params and result. The client's `request` is typed from this table. */
export type MethodMap = Omit<Methods, 'chat.send' | 'chat.retry'> & {
  'chat.send': { params: Methods['chat.send']['params']; result: ChatSendResult };
  /** Run the session's last failed turn again; answers like `chat.send`. */
  'chat.retry': { params: Methods['chat.retry']['params']; result: ChatSendResult };
};

export type MethodName = keyof MethodMap;

/** Server event name → payload. */
export type EventMap = Events;

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
