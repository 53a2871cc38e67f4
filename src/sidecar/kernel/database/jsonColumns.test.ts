import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonColumnCacheSize, readJsonColumn } from './jsonColumns';

test('equal texts share one parsed value; different texts do not', () => {
  const a = readJsonColumn<Record<string, number>>('{"cpu":2,"memoryMiB":512}');
  const b = readJsonColumn<Record<string, number>>('{"cpu":2,"memoryMiB":512}');
  const c = readJsonColumn<Record<string, number>>('{"cpu":4,"memoryMiB":512}');
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.deepEqual(a, { cpu: 2, memoryMiB: 512 });
  assert.deepEqual(c, { cpu: 4, memoryMiB: 512 });
});

test('shared values are deep-frozen: an in-place change throws instead of altering another row', () => {
  const v = readJsonColumn<{ owners: { name: string }[]; flags: Record<string, boolean> }>(
    '{"owners":[{"name":"ops"}],"flags":{"killSwitch":false}}'
  );
  assert.throws(() => {
    v.flags.killSwitch = true;
  }, TypeError);
  assert.throws(() => {
    v.owners[0].name = 'x';
  }, TypeError);
  assert.throws(() => v.owners.push({ name: 'y' }), TypeError);
  const copy = { ...v.flags, killSwitch: true };
  assert.equal(copy.killSwitch, true);
  assert.equal(
    readJsonColumn<typeof v>('{"owners":[{"name":"ops"}],"flags":{"killSwitch":false}}').flags.killSwitch,
    false
  );
});

test('long documents are parsed every time and the memo stays bounded', () => {
  const long = JSON.stringify({ note: 'x'.repeat(5000) });
  const before = jsonColumnCacheSize();
  const first = readJsonColumn<{ note: string }>(long);
  assert.notEqual(readJsonColumn(long), first);
  assert.equal(Object.isFrozen(first), true);
  assert.equal(jsonColumnCacheSize(), before);
  for (let i = 0; i < 5000; i++) readJsonColumn(`{"n":${i}}`);
  assert.ok(jsonColumnCacheSize() <= 4096);
});

test('invalid JSON still throws', () => {
  assert.throws(() => readJsonColumn('{'), SyntaxError);
});
