// The host side of every effect kind, by kind: the one registry the channel looks kinds up in.
import type { EffectKind } from '../../../contract/effect-kinds.ts';
import { fetchEffect } from '../net/fetch-effect.ts';
import { importEffect } from '../packages/import-effect.ts';
import { mcpEffect } from '../tools/mcp-effect.ts';
import type { EffectHost } from './performer.ts';

export const EFFECT_HOSTS: { [K in EffectKind]: EffectHost<K> } = {
  fetch: fetchEffect,
  import: importEffect,
  mcp: mcpEffect,
};
