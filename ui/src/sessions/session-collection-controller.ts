import type { GatewayClient } from '../gateway/client.js';
import { GatewayController } from '../gateway/gateway-controller.js';
import { sessionCollection, type SessionCollection } from './session-collection.js';

/** Keeps its host subscribed to the shared session collection while connected, re-rendering it on every change. */
export class SessionCollectionController extends GatewayController {
  get collection(): SessionCollection | null {
    return this.client ? sessionCollection(this.client) : null;
  }

  protected subscribe(client: GatewayClient): (() => void)[] {
    return [sessionCollection(client).subscribe(() => this.host.requestUpdate())];
  }

  protected resync(): void {
    // The collection re-fetches itself.
  }
}
