// The per-run limits: the settings the registry marks `runLimit`, as the engine holds them.
// Each breach is an error that names the limit and its value (server/sandbox/run-errors.ts).
import {
  type SETTING_DECLARATIONS,
  SETTINGS,
  type SettingDeclaration,
  type Settings,
} from './settings-registry.ts';

type Declarations = typeof SETTING_DECLARATIONS;
type LimitKey = {
  [K in keyof Declarations]: Declarations[K] extends { runLimit: true } ? K : never;
}[keyof Declarations];

export type Limits = Pick<Settings, LimitKey>;

const LIMITS = SETTINGS.filter(
  (setting): setting is SettingDeclaration<'int'> & { key: LimitKey } =>
    setting.kind === 'int' && setting.runLimit === true,
);

export const DEFAULT_LIMITS = Object.fromEntries(
  LIMITS.map(({ key, default: value }) => [key, value]),
) as Limits;

/**
 * Why `value` is not a whole number within `range`, shown as `shown` and the range's ends by
 * `show`; undefined when it is.
 */
export function rangeProblem(
  [min, max]: readonly [number, number],
  value: unknown,
  shown: string,
  show: (end: number) => string = String,
): string | undefined {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return ok ? undefined : `must be a whole number from ${show(min)} to ${show(max)}, got ${shown}`;
}

/** The limits of `partial` (whatever else it holds), defaults filled in; one out of range throws. */
export function resolveLimits(partial: Partial<Record<LimitKey, unknown>> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const { key, range } of LIMITS) {
    const value = partial[key];
    if (value === undefined) continue;
    const problem = rangeProblem(range, value, String(value));
    if (problem) throw new RangeError(`${key} ${problem}`);
    limits[key] = value as number;
  }
  return limits;
}
