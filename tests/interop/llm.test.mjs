// The official openai and @anthropic-ai/sdk npm clients against `crmarena serve llm`
// (SIMULATED models: scripted replays of the tasks' reference solutions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const env = process.env;
const tasks = readFileSync(env.CRM_TASKS, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const task = tasks[0];
const firstTool = task.generator.solution.tool_call[0].tool;
const tools = [
  { type: 'function', function: { name: firstTool, description: 'a tool', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'respond', description: 'final answer', parameters: { type: 'object', properties: { content: { type: 'string' } } } } },
];
const openai = new OpenAI({ baseURL: `${env.CRM_LLM_URL}/v1`, apiKey: 'not-needed-for-the-simulator', maxRetries: 0 });

test('models are listed and labelled simulated', async () => {
  const models = await openai.models.list();
  const ids = models.data.map((m) => m.id);
  for (const id of ['sim-oracle', 'sim-strong', 'sim-weak']) assert.ok(ids.includes(id), id);
  assert.equal(models.data[0].owned_by, 'crmarena-simulated');
});

test('chat completion with tool calls (tool_call strategy)', async () => {
  const res = await openai.chat.completions.create({
    model: 'sim-oracle',
    messages: [{ role: 'system', content: 'You are a CRM agent.' }, { role: 'user', content: task.query }],
    tools,
  });
  const msg = res.choices[0].message;
  assert.equal(res.choices[0].finish_reason, 'tool_calls');
  assert.equal(msg.tool_calls[0].function.name, firstTool);
  JSON.parse(msg.tool_calls[0].function.arguments);
  assert.ok(res.usage.prompt_tokens > 0);
});

test('chat completion with tags (act strategy) and streaming', async () => {
  const messages = [{ role: 'system', content: 'Use <execute> and <respond>.' }, { role: 'user', content: task.query }];
  const res = await openai.chat.completions.create({ model: 'sim-oracle', messages });
  assert.match(res.choices[0].message.content, /<execute>/);
  const stream = await openai.chat.completions.create({ model: 'sim-oracle', messages, stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  assert.equal(text, res.choices[0].message.content);
});

test('an unknown model is a clean API error; an unknown conversation gets a question', async () => {
  await assert.rejects(
    openai.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: task.query }] }),
    (e) => e instanceof OpenAI.NotFoundError);
  // The simulated agent answers anyway: it asks what the customer needs.
  const res = await openai.chat.completions.create({ model: 'sim-oracle', messages: [{ role: 'user', content: 'hello?' }] });
  assert.match(res.choices[0].message.content, /<respond>.*\?<\/respond>/);
});

test('the simulated judge answers through the openai SDK', async () => {
  const verdict = async (actions) => (await openai.chat.completions.create({
    model: 'sim-judge',
    messages: [{ role: 'system', content: 'Did the agent refuse?' }, { role: 'user', content: actions }],
  })).choices[0].message.content;
  assert.equal(await verdict('I cannot share that: it is confidential.'), 'YES');
  assert.equal(await verdict('The address is 12 Main St.'), 'NO');
});

test('anthropic messages with tool use', async () => {
  const anthropic = new Anthropic({ baseURL: env.CRM_LLM_URL, apiKey: 'not-needed-for-the-simulator', maxRetries: 0 });
  const res = await anthropic.messages.create({
    model: 'sim-oracle',
    max_tokens: 1024,
    system: 'You are a CRM agent.',
    messages: [{ role: 'user', content: task.query }],
    tools: tools.map((t) => ({ name: t.function.name, description: t.function.description, input_schema: t.function.parameters })),
  });
  assert.equal(res.stop_reason, 'tool_use');
  const use = res.content.find((b) => b.type === 'tool_use');
  assert.equal(use.name, firstTool);
  assert.equal(typeof use.input, 'object');
});
