import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/check-node.mjs', import.meta.url));

/** Runs scripts/check-node.mjs as if Node.js were `version`. */
const check = (version: string) =>
  spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `Object.defineProperty(process, 'version', { value: '${version}' }); await import(${JSON.stringify(script)});`,
    ],
    { encoding: 'utf8' },
  );

describe('scripts/check-node.mjs (run before the UI build)', () => {
  it('passes silently on a Node.js that fits package.json engines', () => {
    const result = check('v22.12.0');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('fails with one line naming the version needed and the one found', () => {
    const result = check('v18.19.0');
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'The web UI needs Node.js ^20.19.0 || >=22.12.0 (this is v18.19.0): install a newer one, or build without the UI with -p:SkipUi=true.',
    ]);
  });

  it('reads ^ as "same major, at least this"', () => {
    expect(check('v20.18.9').status).toBe(1);
    expect(check('v20.19.0').status).toBe(0);
    expect(check('v21.0.0').status).toBe(1);
  });
});
