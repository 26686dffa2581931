import { errorMessage, isGatewayError } from '../gateway/errors.js';

/**
 * What the user is told when a send is refused. A reply still streaming gets a hint about Stop; a compaction
 * in progress (`activity: "compaction"`) and every other refusal get the gateway's own message.
 */
export function sendRefusal(err: unknown): string {
  const replying =
    isGatewayError(err, 'CONFLICT') &&
    err.details['reason'] === 'run_active' &&
    err.details['activity'] !== 'compaction';
  return replying
    ? 'A reply is still streaming in this session. Wait for it or press Stop.'
    : errorMessage(err);
}
