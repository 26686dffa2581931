import { describe, expect, it } from 'vitest';
import { RunTracker } from '../src/chat/run-tracker.js';
import type { ChatEvent } from '../src/gateway/protocol.js';

const delta = (runId: string, text: string): ChatEvent => ({
  runId,
  sessionKey: 'main',
  seq: 1,
  state: 'delta',
  text,
});

describe('RunTracker', () => {
  it('streams a run, ends it once, and ignores what comes after', () => {
    const runs = new RunTracker();
    runs.started('r1');
    expect(runs.current).toEqual({ runId: 'r1', text: '' });
    runs.delta(delta('r1', 'Hel'));
    runs.delta(delta('r1', 'lo'));
    expect(runs.end('r1')).toEqual({ partial: 'Hello', reload: 'run' });
    expect(runs.current).toBeNull();
    expect(runs.end('r1')).toBeNull();
    expect(runs.delta(delta('r1', 'late'))).toBe(false);
  });

  it("reloads the transcript after someone else's run and after a retry", () => {
    const runs = new RunTracker();
    runs.delta(delta('theirs', 'x'));
    expect(runs.end('theirs')).toEqual({ partial: 'x', reload: 'history' });
    expect(runs.started('again', true)).toBe(false);
    expect(runs.end('again')).toEqual({ partial: '', reload: 'history' });
  });

  it('knows a run that ended before the gateway answered its start', () => {
    const runs = new RunTracker();
    runs.delta(delta('fast', 'ab'));
    expect(runs.end('fast')?.partial).toBe('ab');
    expect(runs.started('fast', true)).toBe(true);
    expect(runs.current).toBeNull();
  });
});
