/** The conversation's rows as a template: messages and summaries' dividers (see transcript.ts). */
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranscriptItem } from './transcript.js';

const key = (item: TranscriptItem): string =>
  item.kind === 'message' ? item.message.id : `summary-${item.summary.id}`;

/** Needs cairn-chat-message and cairn-chat-summary defined (the chat view imports both). */
export const renderItems = (items: TranscriptItem[]) =>
  repeat(items, key, (item) =>
    item.kind === 'message'
      ? html`<cairn-chat-message
          data-seq=${ifDefined(item.message.seq)}
          .message=${item.message}
        ></cairn-chat-message>`
      : html`<cairn-chat-summary .item=${item}></cairn-chat-summary>`,
  );

/** Whether the items, or those behind their summaries, hold the highlighted message. */
export const holdsHighlight = (items: TranscriptItem[]): boolean =>
  items.some((item) =>
    item.kind === 'message' ? !!item.message.highlighted : holdsHighlight(item.covered),
  );

/**
 * The rendered `cairn-chat-message` of `seq` under `root`, looking behind summaries' dividers
 * (they render their rows in their own shadow roots, once expanded).
 */
export async function findMessageElement(
  root: ParentNode,
  seq: number,
): Promise<HTMLElement | null> {
  const direct = root.querySelector<HTMLElement>(`cairn-chat-message[data-seq="${seq}"]`);
  if (direct) return direct;
  for (const summary of root.querySelectorAll('cairn-chat-summary')) {
    await summary.updateComplete;
    const inner = summary.shadowRoot && (await findMessageElement(summary.shadowRoot, seq));
    if (inner) return inner;
  }
  return null;
}
