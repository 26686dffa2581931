import { errorMessage, isGatewayError } from '../gateway/errors.js';

/**
 * What the user is told when a send is refused. A reply still streaming gets a hint about Stop, an archived
 * session the way to unarchive it; a compaction
 * in progress (`activity: "compaction"`) and every other refusal get the gateway's own message.
 */
export function sendRefusal(err: unknown): string {
  const replying =
    isGatewayError(err, 'CONFLICT') &&
    err.details['reason'] === 'run_active' &&
    err.details['activity'] !== 'compaction';
  if (replying) return 'A reply is still streaming in this session. Wait for it or press Stop.';
  if (isGatewayError(err, 'CONFLICT') && err.details['reason'] === 'archived')
    return 'This session is archived, so it takes no new messages. Unarchive it first (the button above, or /session unarchive).';
  return errorMessage(err);
}
