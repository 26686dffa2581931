import { describe, expect, it } from 'vitest';
import { GatewayError } from '../src/gateway/errors.js';
import { sendRefusal } from '../src/chat/send-refusal.js';

describe('sendRefusal', () => {
  it('hints at Stop while a reply streams, and passes a compaction’s own reason through', () => {
    const reply = new GatewayError('CONFLICT', 'busy', { reason: 'run_active', activity: 'reply' });
    const compaction = new GatewayError(
      'CONFLICT',
      'This session’s earlier messages are being summarised.',
      {
        reason: 'run_active',
        activity: 'compaction',
      },
    );
    expect(sendRefusal(reply)).toBe(
      'A reply is still streaming in this session. Wait for it or press Stop.',
    );
    expect(sendRefusal(compaction)).toBe('This session’s earlier messages are being summarised.');
  });
});
