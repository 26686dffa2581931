// Generates src/gateway/protocol.gen.ts from docs/api/schema.json, the gateway's OpenRPC description
// (GET /api/schema): an interface or union per component schema, a `Methods` map (name → params and
// result) and an `Events` map (name → payload). Run: npm run gen:protocol. test/protocol-gen.test.ts
// fails when the committed file differs from what this produces.
import { readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export const schemaPath = fileURLToPath(new URL('../../docs/api/schema.json', import.meta.url));
export const outputPath = fileURLToPath(new URL('../src/gateway/protocol.gen.ts', import.meta.url));

const refPrefix = '#/components/schemas/';
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const key = (name) => (identifier.test(name) ? name : `'${name}'`);
const doc = (text) => (text ? `/** ${text.replaceAll('*/', '*\\/')} */\n` : '');
const refName = (schema) => {
  if (typeof schema?.$ref !== 'string' || !schema.$ref.startsWith(refPrefix)) {
    throw new Error(`Expected a $ref to a component schema, got ${JSON.stringify(schema)}`);
  }
  return schema.$ref.slice(refPrefix.length);
};
const union = (types) => [...new Set(types)].join(' | ');

/** The TypeScript type of a JSON Schema, for the subset the gateway's exporter writes. */
function typeOf(schema) {
  if (schema === true || (typeof schema === 'object' && Object.keys(schema).length === 0)) {
    return 'unknown';
  }
  if (schema.$ref) return refName(schema);
  if (schema.allOf) {
    if (schema.allOf.length !== 1) throw new Error(`Unsupported allOf: ${JSON.stringify(schema)}`);
    return typeOf(schema.allOf[0]);
  }
  if (schema.anyOf) return union(schema.anyOf.map(typeOf));
  if (schema.enum) return union(schema.enum.map((v) => JSON.stringify(v)));
  if (Array.isArray(schema.type)) {
    return union(schema.type.map((type) => typeOf({ ...schema, type })));
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = typeOf(schema.items);
      return item.includes(' ') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      if (schema.properties) return `{ ${members(schema)} }`;
      return schema.additionalProperties === false
        ? 'Record<string, never>'
        : 'Record<string, unknown>';
    default:
      throw new Error(`Unsupported schema: ${JSON.stringify(schema)}`);
  }
}

function members(schema) {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .map(([name, property]) => {
      const fallback =
        property.default === undefined ? '' : doc(`Default: ${JSON.stringify(property.default)}`);
      return `${fallback}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(property)};`;
    })
    .join('\n');
}

function declaration(name, schema) {
  if (schema.type === 'object' && schema.properties) {
    return `export interface ${name} {\n${members(schema)}\n}`;
  }
  return `export type ${name} = ${typeOf(schema)};`;
}

/** The contents of protocol.gen.ts for a parsed schema.json, formatted with the project's Prettier settings. */
export async function generate(openrpc) {
  const schemas = openrpc.components.schemas;
  const methods = openrpc.methods.map(
    (m) =>
      `${doc(m.summary)}${key(m.name)}: { params: ${refName(m['x-params'])}; result: ${refName(m.result.schema)} };`,
  );
  const events = openrpc['x-events'].map(
    (e) => `${doc(e.summary)}${key(e.name)}: ${refName(e.payload)};`,
  );
  const source = [
    `// Generated from docs/api/schema.json (GET /api/schema) by ui/scripts/gen-protocol.js.`,
    `// Do not edit: run \`npm run gen:protocol\` after regenerating the schema.`,
    `// OpenRPC ${openrpc.openrpc}, ${openrpc.info.title} protocol ${openrpc.info.version}.`,
    '',
    Object.entries(schemas)
      .map(([name, schema]) => declaration(name, schema))
      .join('\n\n'),
    '',
    '/** Method name → params and result. */',
    `export interface Methods {\n${methods.join('\n')}\n}`,
    'export type MethodName = keyof Methods;',
    '',
    '/** Server event name → payload. */',
    `export interface Events {\n${events.join('\n')}\n}`,
    'export type EventName = keyof Events;',
  ].join('\n');
  const options = await prettier.resolveConfig(outputPath);
  return prettier.format(source, { ...options, parser: 'typescript' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const openrpc = JSON.parse(await readFile(schemaPath, 'utf8'));
  await writeFile(outputPath, await generate(openrpc));
  console.log(`wrote ${outputPath}`);
}
