// Drives a running Cairn gateway's OpenAI-compatible endpoint with the official `openai` package:
// a named session (created on first use), non-streaming and streaming completions with usage,
// history kept server-side across calls, a slash command, the model list, and an error.
// Usage: CAIRN_URL=http://127.0.0.1:5004 CAIRN_TOKEN=… node completions.mjs
// Prints one line per check; exits 1 on the first one that fails.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: `${process.env.CAIRN_URL}/v1`, apiKey: process.env.CAIRN_TOKEN, maxRetries: 0 });
const say = (name, detail) => console.log(`ok ${name}: ${detail}`);
const oneLine = (text) => JSON.stringify(text.length > 70 ? `${text.slice(0, 70)}…` : text);

// 1. A named session, created on first use; a whole (non-streaming) completion with usage.
const first = await client.chat.completions.create(
  { model: 'cairn:sdk-work', messages: [{ role: 'user', content: 'What is on the list?' }] },
  { headers: { 'X-Cairn-Create': 'true' } },
);
assert.equal(first.object, 'chat.completion');
assert.equal(first.model, 'cairn:sdk-work');
assert.equal(first.choices[0].finish_reason, 'stop');
assert.match(first.choices[0].message.content, /^Echo: What is on the list\?/);
assert.ok(first.usage.total_tokens > 0);
say('non-streaming', `model=${first.model} finish=${first.choices[0].finish_reason} usage=${first.usage.prompt_tokens}+${first.usage.completion_tokens}=${first.usage.total_tokens} content=${oneLine(first.choices[0].message.content)}`);

// 2. Streaming, with the usage chunk at the end.
const stream = await client.chat.completions.create({
  model: 'cairn:sdk-work',
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Stream the answer' }],
});
let text = '';
let chunks = 0;
let finish = null;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.choices[0]?.delta?.content) text += chunk.choices[0].delta.content;
  if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
  if (chunk.usage) usage = chunk.usage;
}
assert.match(text, /^Echo: Stream the answer/);
assert.equal(finish, 'stop');
assert.ok(usage && usage.total_tokens > 0);
say('streaming', `chunks=${chunks} finish=${finish} usage=${usage.total_tokens} text=${oneLine(text)}`);

// 3. History kept across calls: the client sends the whole conversation, Cairn takes the new turn
//    and answers from the session's own history (4 stored messages before it, not 8).
const third = await client.chat.completions.create({
  model: 'cairn:sdk-work',
  messages: [
    { role: 'user', content: 'What is on the list?' },
    { role: 'assistant', content: first.choices[0].message.content },
    { role: 'user', content: 'Stream the answer' },
    { role: 'assistant', content: text },
    { role: 'user', content: 'And now?' },
  ],
});
assert.match(third.choices[0].message.content, /has 4 earlier messages; it began with "What is on the list\?"/);
say('history', oneLine(third.choices[0].message.content.split('\n\n')[1]));

// 4. A slash command typed into the client goes through Cairn's chat like any other surface.
const list = await client.chat.completions.create({ model: 'cairn:sdk-work', messages: [{ role: 'user', content: '/session list' }] });
assert.match(list.choices[0].message.content, /sdk-work/);
say('slash command', oneLine(list.choices[0].message.content.replace(/\n/g, ' | ')));

// 5. The model list is the session list.
const models = [];
for await (const model of client.models.list()) models.push(model.id);
assert.ok(models.includes('cairn') && models.includes('cairn:sdk-work') && models.includes('cairn:main'));
say('models', models.join(', '));

// 6. An unknown session is an error the SDK raises as NotFoundError, in OpenAI's error shape.
try {
  await client.chat.completions.create({ model: 'cairn:no-such-session', messages: [{ role: 'user', content: 'hi' }] });
  assert.fail('expected a 404');
} catch (error) {
  assert.ok(error instanceof OpenAI.NotFoundError, `got ${error}`);
  assert.equal(error.code, 'model_not_found');
  say('error', `${error.constructor.name} status=${error.status} type=${error.type} code=${error.code} param=${error.param}`);
}

// 7. A wrong API key is an AuthenticationError.
try {
  await new OpenAI({ baseURL: client.baseURL, apiKey: 'wrong', maxRetries: 0 }).models.list();
  assert.fail('expected a 401');
} catch (error) {
  assert.ok(error instanceof OpenAI.AuthenticationError, `got ${error}`);
  say('auth', `${error.constructor.name} status=${error.status} code=${error.code}`);
}
console.log('openai-sdk: all checks passed');
