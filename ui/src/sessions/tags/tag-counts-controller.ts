import type { GatewayClient } from '../../gateway/client.js';
import { listTags } from '../../gateway/commands.js';
import { GatewayController } from '../../gateway/gateway-controller.js';
import type { TagInfo } from '../../gateway/protocol.js';

/**
 * The tags in use with their counts (`tags.list`), for the sessions view's tag filter. Any
 * `sessions.changed` may move a count, so it re-reads, at most once per `delayMs`.
 */
export class TagCountsController extends GatewayController {
  tags: TagInfo[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    host: ConstructorParameters<typeof GatewayController>[0],
    private readonly delayMs = 300,
  ) {
    super(host);
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  protected subscribe(client: GatewayClient): (() => void)[] {
    return [client.on('sessions.changed', () => this.schedule())];
  }

  protected resync(): void {
    void this.load();
  }

  protected override onAttach(): void {
    void this.load();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, this.delayMs);
  }

  private async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      this.tags = (await listTags(client)).tags;
    } catch {
      // The filter keeps the tags it had; the list itself reports a broken connection.
    }
    this.host.requestUpdate();
  }
}
