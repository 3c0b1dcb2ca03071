import { parseArgs } from 'node:util';
import { SETTINGS, type SettingDefinition } from '../../contract/setting-definitions.ts';

type KindName = SettingDefinition['kind']['type'];

/** The kinds of setting whose flag may be given more than once. */
const REPEATABLE: KindName[] = ['origins', 'netPatterns', 'netHeaders', 'packagePatterns'];

/** What follows each kind's flag in the help. */
const FLAG_VALUES: Record<KindName, string> = {
  int: 'N',
  bool: 'true|false',
  string: 'VALUE',
  origins: 'ORIGIN',
  netPatterns: 'PATTERN',
  netHeaders: '"PATTERN=Name: value"',
  url: 'URL',
  secret: 'TOKEN',
  packagePatterns: 'NAME',
};

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
        { type: 'string', multiple: REPEATABLE.includes(definition.kind.type) },
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
    ...SETTINGS.map((definition) => [
      `--${definition.flag} ${FLAG_VALUES[definition.kind.type]}`,
      `${definition.help} (env ${definition.env}${definition.defaultValue === undefined ? '' : `, default ${JSON.stringify(definition.defaultValue)}`})`,
    ]),
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
