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

// The Responses API's function-call round: the model calls get_weather,
// the client runs it and sends its output back — after the response it
// continues (previous_response_id), or with the whole conversation as input
// — and the model answers. Streamed, the events' types in order and the
// response of response.completed; else the response objects.
const responsesTool = {
  type: 'function',
  name: 'get_weather',
  description: weatherTool.function.description,
  parameters: weatherTool.function.parameters,
  strict: false,
};

// The text of a response's message items: output_text is the SDK's own
// convenience, set on what create() returns unstreamed, not on the
// response inside a response.completed event.
function messageText(response) {
  return response.output.filter(item => item.type === 'message')
    .flatMap(item => item.content)
    .filter(part => part.type === 'output_text')
    .map(part => part.text)
    .join('');
}

async function responseOf(client, body, stream, eventTypes) {
  if (!stream)
    return client.responses.create(body);
  const events = await client.responses.create({ ...body, stream: true });
  let completed = null;
  for await (const event of events) {
    eventTypes.push(event.type);
    if (event.type === 'response.completed')
      completed = event.response;
  }
  return completed;
}

async function responsesRound(client, stream, continuation) {
  const firstEvents = [];
  const secondEvents = [];
  const question = 'What is the weather in Oslo?';
  const first = await responseOf(client, { model: 'main', input: question, tools: [responsesTool] }, stream,
                                 firstEvents);
  const call = first.output.find(item => item.type === 'function_call');
  const args = JSON.parse(call.arguments);
  const output = { type: 'function_call_output', call_id: call.call_id,
                   output: JSON.stringify({ city: args.city, forecast: 'sunny', celsius: 21 }) };
  const body = continuation === 'previous'
    ? { model: 'main', previous_response_id: first.id, input: [output], tools: [responsesTool] }
    : { model: 'main', input: [{ role: 'user', content: question }, ...first.output, output], tools: [responsesTool],
        store: false };
  const second = await responseOf(client, body, stream, secondEvents);
  return {
    first: { id: first.id, object: first.object, status: first.status, callId: call.call_id, name: call.name,
             arguments: args, usage: first.usage },
    second: { id: second.id, status: second.status, text: messageText(second),
              outputText: second.output_text ?? null, usage: second.usage },
    firstEvents,
    secondEvents,
  };
}

// embeddings.create: without encoding_format the SDK asks for base64 and
// decodes it into floats itself; with "float" it takes the numbers as sent.
async function embeddings(client, encodingFormat) {
  const body = { model: 'embed', input: ['hello world', 'a second text'] };
  if (encodingFormat)
    body.encoding_format = encodingFormat;
  const result = await client.embeddings.create(body);
  return {
    object: result.object,
    model: result.model,
    indexes: result.data.map(d => d.index),
    vectors: result.data.map(d => Array.from(d.embedding)),
    usage: result.usage,
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

  async responsesRoundPrevious(client) {
    return responsesRound(client, false, 'previous');
  },

  async responsesRoundPreviousStream(client) {
    return responsesRound(client, true, 'previous');
  },

  async responsesRoundFullInput(client) {
    return responsesRound(client, false, 'full');
  },

  async responsesRoundFullInputStream(client) {
    return responsesRound(client, true, 'full');
  },

  async embeddings(client) {
    return embeddings(client, null);
  },

  async embeddingsFloat(client) {
    return embeddings(client, 'float');
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
