// The official Anthropic SDK for Node (npm @anthropic-ai/sdk) as a client of
// Switchyard's local gateway, for tst_anthropicclients. One run plays one
// scenario and prints what the SDK made of the gateway's answers as one JSON
// line on stdout, so the C++ test judges it; any exception the scenario does
// not expect ends up in that line too, never as a crash.
//
//   node anthropic-sdk-client.cjs NPM_DIR SCENARIO
//
// The SDK reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY from the
// environment, as a user's tool would when pointed at the gateway.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const [npmDir, scenario] = process.argv.slice(2);
const sdk = createRequire(path.join(npmDir, 'package.json'))('@anthropic-ai/sdk');
const Anthropic = sdk.default ?? sdk.Anthropic ?? sdk;

const messages = [{ role: 'user', content: 'Say hello.' }];
const weatherTool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
// A 1×1 PNG.
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function describeError(e) {
  return {
    class: e.constructor.name,
    status: e.status ?? null,
    type: e.error?.error?.type ?? e.error?.type ?? null,
    message: e.message,
    retryAfter: e.headers?.get?.('retry-after') ?? null,
    isApiError: e instanceof Anthropic.APIError,
  };
}

function summary(message) {
  return {
    type: message.type,
    role: message.role,
    model: message.model,
    text: message.content.filter(b => b.type === 'text').map(b => b.text).join(''),
    toolUses: message.content.filter(b => b.type === 'tool_use').map(b => ({ id: b.id, name: b.name, input: b.input })),
    stopReason: message.stop_reason,
    usage: message.usage,
  };
}

const scenarios = {
  async create(client) {
    return summary(await client.messages.create({ model: 'main', max_tokens: 100, system: 'Be brief.', messages }));
  },

  // The SDK's stream helper: text events as they come, then the message it
  // assembled from the event sequence.
  async stream(client) {
    const pieces = [];
    const stream = client.messages.stream({ model: 'main', max_tokens: 100, messages });
    stream.on('text', text => pieces.push(text));
    const final = await stream.finalMessage();
    return { pieces, ...summary(final) };
  },

  // A tool round as an agent runs it: the model calls the tool (streamed),
  // the client runs it and sends the call and its result back.
  async toolRound(client) {
    const first = await client.messages.stream({ model: 'main', max_tokens: 100, messages, tools: [weatherTool] })
      .finalMessage();
    const use = first.content.find(b => b.type === 'tool_use');
    const result = { city: use.input.city, celsius: 21 };
    const second = await client.messages.create({
      model: 'main', max_tokens: 100, tools: [weatherTool],
      messages: [...messages, { role: 'assistant', content: first.content },
                 { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(result) }] }],
    });
    return { first: summary(first), second: summary(second) };
  },

  async image(client) {
    return summary(await client.messages.create({
      model: 'main', max_tokens: 100,
      messages: [{ role: 'user', content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
        { type: 'text', text: 'What is this?' }] }],
    }));
  },

  async countTokens(client) {
    return await client.messages.countTokens({ model: 'main', messages });
  },

  async models(client) {
    const ids = [];
    for await (const model of client.models.list())
      ids.push(model.id);
    return { ids };
  },

  async wrongKey() {
    const client = new Anthropic({ apiKey: 'not-the-token', maxRetries: 0 });
    try {
      await client.messages.create({ model: 'main', max_tokens: 100, messages });
      return { error: null };
    } catch (e) {
      return { error: describeError(e) };
    }
  },

  async rateLimited(client) {
    try {
      await client.messages.create({ model: 'main', max_tokens: 100, messages }, { maxRetries: 0 });
      return { error: null };
    } catch (e) {
      return { error: describeError(e) };
    }
  },

  // A stream cut by the upstream: what had come is kept, the end is an error.
  async cutMidStream(client) {
    const pieces = [];
    try {
      const stream = client.messages.stream({ model: 'main', max_tokens: 100, messages });
      stream.on('text', text => pieces.push(text));
      await stream.finalMessage();
      return { pieces, error: null };
    } catch (e) {
      return { pieces, error: describeError(e) };
    }
  },
};

(async () => {
  try {
    const client = new Anthropic();
    const result = await scenarios[scenario](client);
    process.stdout.write(JSON.stringify({ ok: true, result }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e?.stack ?? e) }) + '\n');
  }
})();
