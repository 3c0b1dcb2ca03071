import assert from 'node:assert/strict';
import { encode } from 'fast-png';
import type { ListFilesOutput, ReadFileOutput, RunJsOutput } from '../mcp/tool-schemas.ts';
import { type AnswerContent, type AnyClient, answerText } from './mcp-clients.ts';

// What the files tests share: small real images, and tool calls read back in their shapes.

/** A real PNG of `width` x `height` (every pixel one colour), made by fast-png. */
export const pngOf = (width: number, height: number): Uint8Array =>
  encode({ width, height, channels: 4, data: new Uint8Array(width * height * 4).fill(200) });

/** A PNG's width and height, read from its IHDR chunk (which follows the 8-byte signature). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  assert.equal(view.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  assert.equal(view.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export interface RunAnswer {
  run: RunJsOutput;
  text: string;
  isError: boolean;
  content: AnswerContent[];
}

export async function runJs(client: AnyClient, args: Record<string, unknown>): Promise<RunAnswer> {
  const answer = await client.callTool('run_js', args);
  return {
    run: answer.structuredContent as RunJsOutput,
    text: answerText(answer),
    isError: answer.isError === true,
    content: answer.content,
  };
}

/** A run that must commit. */
export async function committed(client: AnyClient, args: Record<string, unknown>) {
  const answer = await runJs(client, args);
  assert.equal(answer.run?.ok, true, answer.text);
  return answer;
}

export async function listFiles(client: AnyClient, args: Record<string, unknown>) {
  const answer = await client.callTool('list_files', args);
  assert.notEqual(answer.isError, true, answerText(answer));
  return { listing: answer.structuredContent as ListFilesOutput, text: answerText(answer) };
}

export async function readFile(client: AnyClient, args: Record<string, unknown>) {
  const answer = await client.callTool('read_file', args);
  assert.notEqual(answer.isError, true, answerText(answer));
  assert.equal(answer.content.length, 1);
  return {
    read: answer.structuredContent as ReadFileOutput,
    content: answer.content[0] as AnswerContent,
  };
}

/** A tool call the server refuses: its error text. */
export async function refused(
  client: AnyClient,
  tool: string,
  args: Record<string, unknown>,
): Promise<string> {
  const answer = await client.callTool(tool, args);
  assert.equal(answer.isError, true, `${tool} was refused: ${answerText(answer)}`);
  return answerText(answer);
}

/** The paths a listing holds. */
export const pathsOf = (listing: ListFilesOutput) => listing.files.map((file) => file.path);
