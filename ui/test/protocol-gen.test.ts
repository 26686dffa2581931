import { describe, expect, it } from 'vitest';
import schema from '../../docs/api/schema.json';
import committed from '../src/gateway/protocol.gen.ts?raw';
import { generate } from '../scripts/gen-protocol.js';

describe('protocol.gen.ts', () => {
  it('is what docs/api/schema.json generates', async () => {
    expect(
      committed,
      'src/gateway/protocol.gen.ts is out of date with docs/api/schema.json: run `npm run gen:protocol` in ui/ and commit it',
    ).toBe(await generate(schema));
  });

  it('has every method and event of the schema', async () => {
    const generated = await generate(schema);
    for (const { name } of [...schema.methods, ...schema['x-events']]) {
      expect(generated).toMatch(new RegExp(`^\\s+'?${name.replace('.', '\\.')}'?: `, 'm'));
    }
  });
});
