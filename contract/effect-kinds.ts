import { z } from 'zod';

// What a run asked the host for (its effects), kind by kind, as a run's report and the window
// show it. One table feeds the report's schema, the MCP result's fields and the window's effect
// list: a new kind is a row here (and its performer, guest API file and renderer).

/** Every effect's common fields: how long the host spent on it, and why it failed. */
const common = {
  /** Wall-clock time the host spent on it. */
  ms: z.number(),
  /** Why it got no answer, or a failed one: a network error, a broken limit, a refusal. */
  error: z.string().optional(),
  /** Refused by a policy setting before the host performed it. */
  refused: z.boolean().optional(),
};

/** One fetch of a run, as the network list shows it; never its headers. */
const fetchSummary = z
  .object({
    kind: z.literal('fetch'),
    method: z.string(),
    url: z.string(),
    /** The final response's status, when there was one. */
    status: z.number().int().optional(),
    /** Body bytes received. */
    bytes: z.number().int().optional(),
    /** Redirects followed on the way. */
    redirects: z.number().int().optional(),
    ...common,
  })
  .strict();

/** One package import a run asked the host for. */
const importSummary = z
  .object({
    kind: z.literal('import'),
    /** As the code named it: `lodash`, `npm:pkg@^2`, `pkg/sub`. */
    specifier: z.string(),
    name: z.string().optional(),
    version: z.string().optional(),
    /** Bytes of the bundle the run loaded. */
    bytes: z.number().int().optional(),
    /** `built`: bundled by this run (resolved and downloaded, unless pinned and cached); `cache`: a stored bundle. */
    from: z.enum(['cache', 'built']).optional(),
    ...common,
  })
  .strict();

/**
 * One call of a tool of the user's other MCP servers (`mcp.call`, `mcp.NAME.TOOL`), or a listing
 * of them (`mcp.servers()`): previews only, the whole traffic is in the message log.
 */
const mcpSummary = z
  .object({
    kind: z.literal('mcp'),
    /** '' for a listing. */
    server: z.string(),
    /** Absent for a listing. */
    tool: z.string().optional(),
    /** The arguments' JSON, its first 1 KiB. */
    arguments: z.string().optional(),
    /** What the code got (the structured content's JSON, or the text), its first 1 KiB. */
    result: z.string().optional(),
    /** The whole result's bytes, as JSON. */
    bytes: z.number().int().optional(),
    /** The tool answered an error (isError): the call rejected with its text. */
    toolError: z.boolean().optional(),
    ...common,
  })
  .strict();

export const effectSummarySchema = z.discriminatedUnion('kind', [
  fetchSummary,
  importSummary,
  mcpSummary,
]);

/** Each kind's summary schema, by kind. */
export const EFFECT_SUMMARIES = {
  fetch: fetchSummary,
  import: importSummary,
  mcp: mcpSummary,
} as const;

/** One effect of a run, committed or not, in the order the run asked for it. */
export type EffectSummary = z.infer<typeof effectSummarySchema>;
export type EffectKind = EffectSummary['kind'];
/** An effect of one kind, without its kind (as a kind's own list shows it). */
export type EffectOf<K extends EffectKind> = Omit<Extract<EffectSummary, { kind: K }>, 'kind'>;

/**
 * Each kind: the field of a run's MCP result (and history record) that lists its effects, what
 * that list is, and its list's title.
 */
export const EFFECT_KINDS = {
  fetch: {
    resultField: 'requests',
    listed: "The run's fetch requests, in the order made",
    title: 'Network',
  },
  import: {
    resultField: 'packages',
    listed: 'The packages the run imported for the first time in its heap, in order',
    title: 'Packages',
  },
  mcp: {
    resultField: 'toolCalls',
    listed: "The run's MCP tool calls, in the order made",
    title: 'Tool calls',
  },
} as const satisfies Record<EffectKind, { resultField: string; listed: string; title: string }>;

/** A run's effects of one kind, in order, without their kind. */
export function effectsOf<K extends EffectKind>(
  effects: readonly EffectSummary[],
  kind: K,
): EffectOf<K>[] {
  return effects
    .filter((effect): effect is Extract<EffectSummary, { kind: K }> => effect.kind === kind)
    .map(({ kind: _kind, ...rest }) => rest as EffectOf<K>);
}

/** A run's effects as its result lists them: each kind's under its `resultField`. */
export type EffectFields = {
  [K in EffectKind as (typeof EFFECT_KINDS)[K]['resultField']]?: EffectOf<K>[];
};

/** Each kind's effects under its result field, for the kinds the run asked for. */
export function effectFields(effects: readonly EffectSummary[]): EffectFields {
  const fields: Record<string, unknown> = {};
  for (const kind of Object.keys(EFFECT_KINDS) as EffectKind[]) {
    const listed = effectsOf(effects, kind);
    if (listed.length > 0) fields[EFFECT_KINDS[kind].resultField] = listed;
  }
  return fields as EffectFields;
}

/** A kind's summary without its kind, as its own list holds it. */
function listedSummary(kind: EffectKind): z.ZodType {
  const { kind: _kind, ...fields } = EFFECT_SUMMARIES[kind].shape;
  return z.strictObject(fields);
}

/** The schema of a result's effect fields, one per kind, as a shape to spread into an object's. */
export const effectFieldsShape = Object.fromEntries(
  (Object.keys(EFFECT_KINDS) as EffectKind[]).map((kind) => [
    EFFECT_KINDS[kind].resultField,
    z.array(listedSummary(kind)).optional().describe(EFFECT_KINDS[kind].listed),
  ]),
) as unknown as {
  [K in EffectKind as (typeof EFFECT_KINDS)[K]['resultField']]: z.ZodOptional<
    z.ZodType<EffectOf<K>[]>
  >;
};
