import { createContext } from '@lit/context';
import type { GatewayClient } from './client.js';

/** The one gateway client, provided by `cairn-app` to every element below it. */
export const gatewayContext = createContext<GatewayClient>(Symbol('cairn-gateway'));
