import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadName } from './download.ts';

test('a file downloads under its own name, never its path', () => {
  assert.equal(downloadName('/work/data/report.csv'), 'report.csv');
  assert.equal(downloadName('/display/1.png'), '1.png');
  assert.equal(downloadName('/'), 'file');
});
