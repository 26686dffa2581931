/**
 * Helpers for component tests (files that start with `// @vitest-environment happy-dom`): mount
 * an element under a provider of the gateway client and the session actions, look into its
 * shadow root, record the events it dispatches.
 */
import { ContextProvider } from '@lit/context';
import type { LitElement } from 'lit';
import { afterEach } from 'vitest';
import type { CairnEventMap, CairnEventName } from '../src/events.js';
import type { GatewayClient } from '../src/gateway/client.js';
import { gatewayContext } from '../src/gateway/context.js';
import { SessionActions, sessionActionsContext } from '../src/sessions/session-actions.js';
import type { ToastRequest } from '../src/toasts/toast-controller.js';
import { flush } from './fake-socket.js';

afterEach(() => {
  document.body.replaceChildren();
});

export interface Mounted<T> {
  el: T;
  /** Toasts the provided SessionActions raised. */
  toasts: ToastRequest[];
}

/**
 * Creates `<tag>`, sets `props`, and puts it in the document, inside a provider of `client` (and
 * of a SessionActions over it) when one is given.
 */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  client?: GatewayClient,
): Promise<Mounted<HTMLElementTagNameMap[K]>> {
  const toasts: ToastRequest[] = [];
  const root = document.createElement('div');
  if (client) {
    new ContextProvider(root, { context: gatewayContext, initialValue: client });
    const actions = new SessionActions(
      client,
      (t) => toasts.push(t),
      () => undefined,
    );
    new ContextProvider(root, { context: sessionActionsContext, initialValue: actions });
  }
  const el = document.createElement(tag);
  Object.assign(el, props);
  root.append(el);
  document.body.append(root);
  await settle(el);
  return { el, toasts };
}

/** Lets promises and Lit's update cycle (of the element and of those inside it) finish. */
export async function settle(el: Element): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flush();
    await (el as LitElement).updateComplete;
    for (const inner of el.shadowRoot?.querySelectorAll('*') ?? []) {
      if ('updateComplete' in inner) await (inner as LitElement).updateComplete;
    }
  }
}

/** The first match in the element's shadow root; throws when there is none. */
export function $<E extends Element = HTMLElement>(el: Element, selector: string): E {
  const found = el.shadowRoot?.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

export function $$<E extends Element = HTMLElement>(el: Element, selector: string): E[] {
  return [...(el.shadowRoot?.querySelectorAll<E>(selector) ?? [])];
}

/** Text content with whitespace collapsed, for assertions on what a user reads. */
export function text(node: Node): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Records the details of every `name` event reaching `target` (the document by default). */
export function record<K extends CairnEventName>(
  name: K,
  target: EventTarget = document,
): CairnEventMap[K][] {
  const seen: CairnEventMap[K][] = [];
  target.addEventListener(name, (ev) => seen.push((ev as CustomEvent<CairnEventMap[K]>).detail));
  return seen;
}

/** Types into an input or textarea the way a user does: value, then an input event. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function press(target: Element, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const ev = new KeyboardEvent('keydown', {
    key,
    bubbles: true,
    composed: true,
    cancelable: true,
    ...init,
  });
  target.dispatchEvent(ev);
  return ev;
}
