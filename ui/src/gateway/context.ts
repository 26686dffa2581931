import { createContext } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import { consume } from '../util/context.js';
import type { GatewayClient } from './client.js';

/** The one gateway client, provided by `cairn-app` to every element below it. */
export const gatewayContext = createContext<GatewayClient>(Symbol('cairn-gateway'));

/** Hands the provided client to `attach` as soon as (and whenever) it is available. */
export function consumeGateway(
  host: ReactiveControllerHost & HTMLElement,
  attach: (client: GatewayClient) => void,
): void {
  consume(host, gatewayContext, attach);
}
