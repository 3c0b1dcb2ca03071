import { parseArgs } from 'node:util';
import { baseUnitOf } from '../../contract/human-units.ts';
import { defaultUsage, envUsage, flagUsage } from '../../contract/setting-usage.ts';
import { LIST_KINDS, SETTINGS } from '../../contract/settings-registry.ts';

export interface CliArgs {
  stdio: boolean;
  help: boolean;
  version: boolean;
  dataDir?: string;
  /** Setting flags as given, by flag name. */
  flags: Record<string, string | string[] | undefined>;
}

export class CliError extends Error {
  override name = 'CliError';
}

/** Reads the command line; unknown flags and missing values are errors with a hint. */
export function parseCli(argv: string[]): CliArgs {
  const options = {
    stdio: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
    'data-dir': { type: 'string' },
    ...Object.fromEntries(
      SETTINGS.map((definition) => [
        definition.flag,
        { type: 'string', multiple: LIST_KINDS.has(definition.kind) },
      ]),
    ),
  } as const;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see mcp-isolate --help)`);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const flags: CliArgs['flags'] = {};
  for (const definition of SETTINGS) {
    const value = values[definition.flag];
    if (typeof value === 'string' || Array.isArray(value)) flags[definition.flag] = value;
  }
  return {
    stdio: values.stdio === true,
    help: values.help === true,
    version: values.version === true,
    ...(typeof values['data-dir'] === 'string' && { dataDir: values['data-dir'] }),
    flags,
  };
}

export function helpText(): string {
  const rows = [
    ['--stdio', 'serve one MCP connection on stdin/stdout'],
    ['--data-dir DIR', 'sessions, snapshots, logs and settings.json (env MCP_ISOLATE_DATA_DIR)'],
    ...SETTINGS.map((setting) => {
      const unit = baseUnitOf(setting);
      return [
        flagUsage(setting),
        `${setting.help} (${unit ? `${unit}; ` : ''}env ${envUsage(setting)}; default ${defaultUsage(setting)})`,
      ];
    }),
    ['-h, --help', 'this help'],
    ['-v, --version', 'the version'],
  ];
  const width = Math.max(...rows.map(([flag]) => (flag ?? '').length));
  return [
    'Usage: mcp-isolate [options]',
    '',
    'MCP Isolate: persistent JavaScript sessions in V8 isolates, over MCP.',
    'Settings come from flags, then MCP_ISOLATE_* variables, then settings.json in the data directory.',
    '',
    ...rows.map(([flag, text]) => `  ${(flag ?? '').padEnd(width)}  ${text}`),
    '',
  ].join('\n');
}
