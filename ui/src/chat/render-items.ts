/** The conversation's rows as a template: messages and summaries' dividers (see transcript.ts). */
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { TranscriptItem } from './transcript.js';

const key = (item: TranscriptItem): string =>
  item.kind === 'message' ? item.message.id : `summary-${item.summary.id}`;

/** Needs cairn-chat-message and cairn-chat-summary defined (the chat view imports both). */
export const renderItems = (items: TranscriptItem[]) =>
  repeat(items, key, (item) =>
    item.kind === 'message'
      ? html`<cairn-chat-message .message=${item.message}></cairn-chat-message>`
      : html`<cairn-chat-summary .item=${item}></cairn-chat-summary>`,
  );
