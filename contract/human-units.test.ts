import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseUnitOf, formatQuantity, parseQuantity } from './human-units.ts';
import { SETTINGS } from './settings-registry.ts';

test('sizes are read in B, KiB, MiB and GiB, fractions included, whatever the case and spacing', () => {
  assert.equal(parseQuantity('1 MiB', 'bytes'), 1_048_576);
  assert.equal(parseQuantity('1.5 GiB', 'bytes'), 1_610_612_736);
  assert.equal(parseQuantity('512 KiB', 'bytes'), 524_288);
  assert.equal(parseQuantity('300 B', 'bytes'), 300);
  assert.equal(parseQuantity('  2mib ', 'bytes'), 2_097_152);
  assert.equal(parseQuantity('2 MIB', 'bytes'), 2_097_152);
  assert.equal(parseQuantity('.5 KiB', 'bytes'), 512);
  assert.equal(parseQuantity('2 GiB', 'MiB'), 2048);
});

test('durations are read in ms, s, min and h, fractions included', () => {
  assert.equal(parseQuantity('250 ms', 'ms'), 250);
  assert.equal(parseQuantity('30 s', 'ms'), 30_000);
  assert.equal(parseQuantity('1.5 min', 'ms'), 90_000);
  assert.equal(parseQuantity('1.1 s', 'ms'), 1100);
  assert.equal(parseQuantity('2 Minutes', 'ms'), 120_000);
  assert.equal(parseQuantity('1h', 'ms'), 3_600_000);
});

test('a bare number is a number of the base unit', () => {
  assert.equal(parseQuantity('1048576', 'bytes'), 1_048_576);
  assert.equal(parseQuantity('128', 'MiB'), 128);
  assert.equal(parseQuantity(' 90000 ', 'ms'), 90_000);
});

test('what is not a quantity is refused, saying which units to use', () => {
  assert.equal(
    parseQuantity('lots', 'bytes'),
    '"lots" is not a size: use a number and B, KiB, MiB or GiB, such as 512 KiB or 1.5 GiB',
  );
  assert.equal(
    parseQuantity('2 parsecs', 'ms'),
    '"2 parsecs" is not a duration: use a number and ms, s, min or h, such as 250 ms or 1.5 min',
  );
  assert.match(parseQuantity('-1 MiB', 'bytes') as string, /is not a size/);
  assert.match(parseQuantity('1 MB', 'bytes') as string, /is not a size/);
  assert.match(parseQuantity('', 'MiB') as string, /"" is not a size: use a number and MiB or GiB/);
});

test('a quantity that is no whole number of the base unit is refused', () => {
  assert.equal(parseQuantity('0.5 B', 'bytes'), '"0.5 B" is not a whole number of bytes');
  assert.equal(parseQuantity('512 KiB', 'MiB'), '"512 KiB" is not a whole number of MiB');
  assert.equal(parseQuantity('1.0005 s', 'ms'), '"1.0005 s" is not a whole number of milliseconds');
});

test('a stored value is shown in the largest unit that shows it exactly', () => {
  assert.equal(formatQuantity(1_048_576, 'bytes'), '1 MiB');
  assert.equal(formatQuantity(1536, 'bytes'), '1.5 KiB');
  assert.equal(formatQuantity(1_048_577, 'bytes'), '1048577 B');
  assert.equal(formatQuantity(300, 'bytes'), '300 B');
  assert.equal(formatQuantity(1_800_000, 'ms'), '30 min');
  assert.equal(formatQuantity(90_000, 'ms'), '1.5 min');
  assert.equal(formatQuantity(1001, 'ms'), '1001 ms');
  assert.equal(formatQuantity(7 * 24 * 3_600_000, 'ms'), '168 h');
  assert.equal(formatQuantity(16_384, 'MiB'), '16 GiB');
  assert.equal(formatQuantity(100, 'MiB'), '100 MiB');
});

test('every size and duration setting reads back its default, its least and its most as shown', () => {
  const quantities = SETTINGS.flatMap((setting) => {
    const unit = baseUnitOf(setting);
    return unit && setting.kind === 'int'
      ? [setting.default, ...setting.range].map((value) => ({ unit, value }))
      : [];
  });
  assert.ok(quantities.length >= 30);
  for (const { unit, value } of quantities) {
    assert.equal(parseQuantity(formatQuantity(value, unit), unit), value, `${value} ${unit}`);
  }
});
