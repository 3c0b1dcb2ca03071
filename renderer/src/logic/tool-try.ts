// Trying an upstream tool from the window: arguments offered from its input schema, checked as
// JSON before they are sent, and its answer in words.
import type { UpstreamTry } from '../../../contract/mcp-upstreams.ts';
import { formatDuration } from './format.ts';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value of `schema` to start from: its default, its first enum or const value, else an empty one of its type. */
function sample(schema: unknown): unknown {
  if (!isObject(schema)) return null;
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return requiredOf(schema);
    default:
      return null;
  }
}

/** An object holding each required property of an object schema, sampled (one level deep: the user fills in the rest). */
function requiredOf(schema: Schema): Schema {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const filled: Schema = {};
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const property = properties[name];
    filled[name] = isObject(property) && property.type === 'object' ? {} : sample(property);
  }
  return filled;
}

/** The arguments a Try starts from, as JSON text: the tool's required properties, each sampled. */
export const tryTemplate = (inputSchema: Schema): string =>
  JSON.stringify(requiredOf(inputSchema), null, 2);

/** The arguments typed, or why they cannot be sent (a tool takes one JSON object). */
export function tryArguments(text: string): { arguments: Schema } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `Not JSON: ${(error as Error).message}` };
  }
  return isObject(value)
    ? { arguments: value }
    : { problem: 'The arguments must be a JSON object: { "name": value, … }' };
}

/** A Try's answer as the dialog shows it: a line saying how it went and in what time, and the text to read. */
export function tryOutcome(answer: UpstreamTry): {
  tone: 'ok' | 'failed';
  heading: string;
  text: string;
} {
  const time = formatDuration(answer.ms);
  if (answer.error !== undefined) {
    return { tone: 'failed', heading: `Failed after ${time}`, text: answer.error };
  }
  const result = answer.result ?? {};
  const toolError = result.isError === true;
  return {
    tone: toolError ? 'failed' : 'ok',
    heading: `${toolError ? 'The tool answered with an error' : 'Answered'} in ${time}`,
    text: JSON.stringify(result, null, 2),
  };
}
