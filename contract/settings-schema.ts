// The settings' shape as the admin API checks it where a request comes in, derived from the
// registry; the rules of each value (ranges, patterns, tokens) are server/settings'.
import { z } from 'zod';
import type { McpServerConfig } from './mcp-servers.ts';
import type { NetHeader } from './net-policy.ts';
import { SETTINGS, type SettingKey, type SettingKind, type Settings } from './settings-registry.ts';

const netHeader = z.object({
  pattern: z.string(),
  name: z.string(),
  value: z.string(),
}) satisfies z.ZodType<NetHeader>;

const texts = z.record(z.string(), z.string());
const toolPolicy = { allowTools: z.array(z.string()).optional(), disabled: z.boolean().optional() };
// Loose: a field no server takes reaches mcpServersProblem, which names it, rather than being
// dropped unseen.
const mcpServer = z.union([
  z.looseObject({
    command: z.string(),
    args: z.array(z.string()).optional(),
    env: texts.optional(),
    cwd: z.string().optional(),
    type: z.literal('stdio').optional(),
    ...toolPolicy,
  }),
  z.looseObject({
    url: z.string(),
    headers: texts.optional(),
    type: z.enum(['http', 'streamable-http', 'sse']).optional(),
    ...toolPolicy,
  }),
]) satisfies z.ZodType<McpServerConfig>;

const KIND_SCHEMAS: Record<SettingKind, z.ZodType> = {
  text: z.string(),
  token: z.string().optional(),
  int: z.number(),
  bool: z.boolean(),
  origins: z.array(z.string()),
  netPatterns: z.array(z.string()),
  netHeaders: z.array(netHeader),
  url: z.string(),
  registryToken: z.string().optional(),
  packagePatterns: z.array(z.string()),
  mcpServers: z.record(z.string(), mcpServer),
};

type Shape = {
  [K in SettingKey]-?: undefined extends Settings[K]
    ? z.ZodOptional<z.ZodType<Exclude<Settings[K], undefined>, Exclude<Settings[K], undefined>>>
    : z.ZodType<Settings[K], Settings[K]>;
};

export const settingsSchema = z.object(
  Object.fromEntries(SETTINGS.map(({ key, kind }) => [key, KIND_SCHEMAS[kind]])) as Shape,
);
