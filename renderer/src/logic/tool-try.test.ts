import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tryArguments, tryOutcome, tryTemplate } from './tool-try.ts';

test("a Try starts from the tool's required properties, each an empty value of its type", () => {
  const schema = {
    type: 'object',
    properties: {
      text: { type: 'string' },
      times: { type: 'integer' },
      loud: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      mode: { type: 'string', enum: ['fast', 'slow'] },
      size: { type: 'number', default: 3 },
      options: { type: 'object', properties: { deep: { type: 'string' } }, required: ['deep'] },
      either: { type: ['string', 'null'] },
      optional: { type: 'string' },
    },
    required: ['text', 'times', 'loud', 'tags', 'mode', 'size', 'options', 'either', 'unknown'],
  };
  assert.deepEqual(JSON.parse(tryTemplate(schema)), {
    text: '',
    times: 0,
    loud: false,
    tags: [],
    mode: 'fast',
    size: 3,
    options: {},
    either: '',
    unknown: null,
  });
});

test('a tool with no required properties starts from an empty object, whatever its schema holds', () => {
  assert.equal(tryTemplate({ type: 'object' }), '{}');
  assert.equal(tryTemplate({ type: 'object', required: 'text' }), '{}');
});

test('arguments are sent only as a JSON object, and otherwise say why', () => {
  assert.deepEqual(tryArguments('{"a": 1}'), { arguments: { a: 1 } });
  const broken = tryArguments('{"a": ');
  assert.ok('problem' in broken && broken.problem.startsWith('Not JSON: '));
  for (const text of ['[1]', '"a"', 'null']) {
    const answer = tryArguments(text);
    assert.ok('problem' in answer && /must be a JSON object/.test(answer.problem), text);
  }
});

test('an answer says how it went and in what time, and shows the result or the error', () => {
  const result = { content: [{ type: 'text', text: 'hi' }] };
  assert.deepEqual(tryOutcome({ result, ms: 12.4 }), {
    tone: 'ok',
    heading: 'Answered in 12 ms',
    text: JSON.stringify(result, null, 2),
  });
  const toolError = tryOutcome({ result: { ...result, isError: true }, ms: 1500 });
  assert.equal(toolError.tone, 'failed');
  assert.equal(toolError.heading, 'The tool answered with an error in 1.5 s');
  assert.deepEqual(tryOutcome({ error: 'the server exited', ms: 0.5 }), {
    tone: 'failed',
    heading: 'Failed after 500 µs',
    text: 'the server exited',
  });
});
