import { ContextConsumer, createContext } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import type { GatewayClient } from './client.js';

/** The one gateway client, provided by `cairn-app` to every element below it. */
export const gatewayContext = createContext<GatewayClient>(Symbol('cairn-gateway'));

/** Hands the provided client to `attach` as soon as (and whenever) it is available. */
export function consumeGateway(
  host: ReactiveControllerHost & HTMLElement,
  attach: (client: GatewayClient) => void,
): ContextConsumer<typeof gatewayContext, ReactiveControllerHost & HTMLElement> {
  return new ContextConsumer(host, {
    context: gatewayContext,
    subscribe: true,
    callback: (client) => {
      if (client) attach(client);
    },
  });
}
