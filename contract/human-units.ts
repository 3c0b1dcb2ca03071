// Sizes and durations as people type and read them (`1.5 MiB`, `30 s`) for settings stored as a
// whole number of a base unit (bytes, MiB or ms): the window's form and the server's flags and
// variables read them alike, and the window shows stored values back this way.
import type { SettingDeclaration, SettingUnit } from './settings-registry.ts';

/** A unit a size or a duration is stored in. */
export type BaseUnit = Exclude<SettingUnit, 'count'>;

interface Scale {
  /** How it is shown. */
  name: string;
  /** Its size in the smallest scale of its list. */
  factor: number;
  /** How it may be typed, lower case. */
  spellings: readonly string[];
}

const SIZES: readonly Scale[] = [
  { name: 'B', factor: 1, spellings: ['b', 'byte', 'bytes'] },
  { name: 'KiB', factor: 1024, spellings: ['kib'] },
  { name: 'MiB', factor: 1024 ** 2, spellings: ['mib'] },
  { name: 'GiB', factor: 1024 ** 3, spellings: ['gib'] },
];

const DURATIONS: readonly Scale[] = [
  { name: 'ms', factor: 1, spellings: ['ms'] },
  { name: 's', factor: 1000, spellings: ['s', 'sec', 'second', 'seconds'] },
  { name: 'min', factor: 60_000, spellings: ['min', 'minute', 'minutes'] },
  { name: 'h', factor: 3_600_000, spellings: ['h', 'hour', 'hours'] },
];

const BASES: Record<
  BaseUnit,
  { scales: readonly Scale[]; base: Scale; what: string; units: string; wholeOf: string }
> = {
  bytes: {
    scales: SIZES,
    base: SIZES[0] as Scale,
    what: 'a size',
    units: 'B, KiB, MiB or GiB, such as 512 KiB or 1.5 GiB',
    wholeOf: 'bytes',
  },
  MiB: {
    scales: SIZES,
    base: SIZES[2] as Scale,
    what: 'a size',
    units: 'MiB or GiB, such as 512 MiB or 1.5 GiB',
    wholeOf: 'MiB',
  },
  ms: {
    scales: DURATIONS,
    base: DURATIONS[0] as Scale,
    what: 'a duration',
    units: 'ms, s, min or h, such as 250 ms or 1.5 min',
    wholeOf: 'milliseconds',
  },
};

/** A number, maybe with a fraction, then maybe a unit. */
const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$/i;

/**
 * `text` as a whole number of `unit` (a bare number is one already), or a sentence saying why it
 * is not one.
 */
export function parseQuantity(text: string, unit: BaseUnit): number | string {
  const { scales, base, what, units, wholeOf } = BASES[unit];
  const typed = text.trim();
  const match = QUANTITY.exec(typed);
  const spelled = match?.[2]?.toLowerCase() ?? '';
  const scale = spelled === '' ? base : scales.find(({ spellings }) => spellings.includes(spelled));
  if (!match || !scale) return `${JSON.stringify(typed)} is not ${what}: use a number and ${units}`;
  // In integers, so 1.1 s is 1100 ms exactly.
  const [whole = '', fraction = ''] = (match[1] as string).split('.');
  const numerator = BigInt(`${whole}${fraction}` || '0') * BigInt(scale.factor);
  const denominator = 10n ** BigInt(fraction.length) * BigInt(base.factor);
  if (numerator % denominator !== 0n) {
    return `${JSON.stringify(typed)} is not a whole number of ${wholeOf}`;
  }
  return Number(numerator / denominator);
}

/**
 * A stored whole number of `unit` in the largest unit that shows it exactly with at most two
 * decimals: 1048576 bytes is `1 MiB`, 1536 bytes `1.5 KiB`, 1800000 ms `30 min`.
 */
export function formatQuantity(value: number, unit: BaseUnit): string {
  const { scales, base } = BASES[unit];
  const larger = scales.filter(({ factor }) => factor > base.factor).reverse();
  for (const scale of larger) {
    const ratio = scale.factor / base.factor;
    if (value >= ratio && (value * 100) % ratio === 0) {
      return `${(value * 100) / ratio / 100} ${scale.name}`;
    }
  }
  return `${value} ${base.name}`;
}

/** The unit a setting's number is stored in when it is a size or a duration, else undefined. */
export const baseUnitOf = (setting: SettingDeclaration): BaseUnit | undefined =>
  setting.kind === 'int' && setting.unit !== undefined && setting.unit !== 'count'
    ? setting.unit
    : undefined;
