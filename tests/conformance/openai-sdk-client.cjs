// The official OpenAI SDK for Node (npm openai, 6.x: the 7.x line needs Node
// 22) as a client of Switchyard's local gateway, for tst_openaisdk. One run
// plays one scenario and prints what the SDK made of the gateway's answers as
// one JSON line on stdout, so the C++ test judges it; any exception the
// scenario does not expect ends up in that line too, never as a crash.
//
//   node openai-sdk-client.cjs NPM_DIR SCENARIO
//
// The SDK reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment, as
// a user's tool would when pointed at the gateway.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const [npmDir, scenario] = process.argv.slice(2);
// The packages live in the build tree, not next to this file.
const { OpenAI, APIError } = createRequire(path.join(npmDir, 'package.json'))('openai');

const messages = [{ role: 'user', content: 'Say hello.' }];
const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

function describeError(e) {
  return {
    class: e.constructor.name,
    status: e.status ?? null,
    type: e.type ?? e.error?.type ?? null,
    code: e.code ?? e.error?.code ?? null,
    message: e.message,
    retryAfter: e.headers?.get?.('retry-after') ?? null,
    isApiError: e instanceof APIError,
  };
}

// The text of a streamed answer, its finish reason and usage chunk, however
// far it got.
async function readStream(stream, out) {
  out.content = '';
  out.chunks = 0;
  for await (const chunk of stream) {
    out.chunks += 1;
    out.object = chunk.object;
    const choice = chunk.choices[0];
    if (choice?.delta?.content)
      out.content += choice.delta.content;
    if (choice?.finish_reason)
      out.finishReason = choice.finish_reason;
    if (chunk.usage)
      out.usage = chunk.usage;
  }
}

async function agentLoop(client, stream) {
  const calledWith = [];
  const runner = client.chat.completions.runTools({
    model: 'main',
    messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
    stream,
    tools: [{
      type: 'function',
      function: {
        name: 'get_weather',
        description: weatherTool.function.description,
        parameters: weatherTool.function.parameters,
        parse: JSON.parse,
        function: ({ city }) => {
          calledWith.push(city);
          return { city, forecast: 'sunny', celsius: 21 };
        },
      },
    }],
  });
  const content = await runner.finalContent();
  return {
    content,
    calledWith,
    roles: runner.messages.map(m => m.role),
    usage: await runner.totalUsage(),
  };
}

const scenarios = {
  async models(client) {
    const ids = [];
    for await (const model of client.models.list())
      ids.push(model.id);
    return { ids };
  },

  async chat(client) {
    const completion = await client.chat.completions.create({ model: 'main', messages });
    const choice = completion.choices[0];
    return {
      object: completion.object,
      content: choice.message.content,
      role: choice.message.role,
      finishReason: choice.finish_reason,
      usage: completion.usage,
    };
  },

  async stream(client) {
    const out = {};
    const stream = await client.chat.completions.create({
      model: 'main', messages, stream: true, stream_options: { include_usage: true },
    });
    await readStream(stream, out);
    return out;
  },

  // The SDK's stream helper assembles tool-call deltas into whole calls.
  async toolsStream(client) {
    const runner = client.chat.completions.stream({ model: 'main', messages, tools: [weatherTool] });
    const final = await runner.finalChatCompletion();
    const choice = final.choices[0];
    return {
      finishReason: choice.finish_reason,
      toolCalls: choice.message.tool_calls.map(c => ({ id: c.id, type: c.type, name: c.function.name,
                                                      arguments: JSON.parse(c.function.arguments) })),
    };
  },

  async tools(client) {
    const completion = await client.chat.completions.create({ model: 'main', messages, tools: [weatherTool],
                                                              tool_choice: 'auto' });
    const choice = completion.choices[0];
    return {
      finishReason: choice.finish_reason,
      toolCalls: (choice.message.tool_calls ?? []).map(c => ({ id: c.id, type: c.type, name: c.function.name,
                                                               arguments: JSON.parse(c.function.arguments) })),
    };
  },

  // The SDK's agent loop: it runs the tool the model called, sends the
  // assistant's call and the tool's result back as the SDK builds them, and
  // stops at the first answer without a call.
  async runTools(client) {
    return agentLoop(client, false);
  },

  async runToolsStream(client) {
    return agentLoop(client, true);
  },

  async jsonMode(client) {
    const completion = await client.chat.completions.create({
      model: 'main', messages, response_format: { type: 'json_object' }, stop: ['END'], max_tokens: 50,
    });
    return { parsed: JSON.parse(completion.choices[0].message.content) };
  },

  // maxRetries 0: the error as the SDK raises it.
  async rateLimited(client) {
    try {
      await client.chat.completions.create({ model: 'main', messages }, { maxRetries: 0 });
      return { error: null };
    } catch (e) {
      return { error: describeError(e) };
    }
  },

  // The SDK's own retry, waiting the Retry-After the gateway passed on.
  async rateLimitedThenRetried(client) {
    const started = Date.now();
    const completion = await client.chat.completions.create({ model: 'main', messages }, { maxRetries: 2 });
    return { content: completion.choices[0].message.content, waitedMs: Date.now() - started };
  },

  async cutMidStream(client) {
    const out = {};
    try {
      const stream = await client.chat.completions.create({ model: 'main', messages, stream: true });
      await readStream(stream, out);
      out.error = null;
    } catch (e) {
      out.error = describeError(e);
    }
    return out;
  },

  // The client gives up after the first piece of text; the gateway must drop
  // the upstream call.
  async abortMidStream(client) {
    const controller = new AbortController();
    const out = { content: '' };
    try {
      const stream = await client.chat.completions.create({ model: 'main', messages, stream: true },
                                                          { signal: controller.signal });
      for await (const chunk of stream) {
        out.content += chunk.choices[0]?.delta?.content ?? '';
        if (out.content)
          controller.abort();
      }
      out.error = null;
    } catch (e) {
      out.error = { class: e.constructor.name };
    }
    return out;
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run)
    throw new Error(`no scenario '${scenario}'`);
  const client = new OpenAI({ timeout: 15000 });
  return run(client);
}

main().then(
  result => process.stdout.write(JSON.stringify({ ok: true, result }) + '\n'),
  e => process.stdout.write(JSON.stringify({ ok: false, error: describeError(e), stack: e.stack }) + '\n'));
