import { listCommands } from '../gateway/commands.js';
import type { CommandInfo } from '../gateway/protocol.js';
import { GatewayController } from '../gateway/gateway-controller.js';

/** The gateway's slash commands (`commands.list`), for the composer's hints; read once per client. */
export class CommandListController extends GatewayController {
  commands: CommandInfo[] = [];

  protected subscribe(): (() => void)[] {
    return [];
  }

  protected resync(): void {
    // The command table is fixed for a gateway's life.
  }

  protected override onAttach(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.commands = this.client ? await listCommands(this.client) : [];
      this.host.requestUpdate();
    } catch {
      // Hints only; chat works without them.
    }
  }
}
