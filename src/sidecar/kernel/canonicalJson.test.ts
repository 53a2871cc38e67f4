import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, jsonString, sha256Hex } from './canonicalJson';

test('canonicalJson sorts keys at every depth and drops undefined members', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}'
  );
});

test('canonicalJson is independent of key order and round-trips through JSON.parse', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const s = canonicalJson(v);
      assert.deepEqual(canonicalJson(JSON.parse(s)), s);
      const shuffled = JSON.parse(JSON.stringify(v), (_k, val) =>
        val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).reverse()) : val
      );
      assert.equal(canonicalJson(shuffled), s);
    })
  );
});

test('canonicalJson refuses values JSON cannot represent', () => {
  assert.throws(() => canonicalJson({ n: Number.NaN }), TypeError);
  assert.throws(() => canonicalJson(10n), TypeError);
});

test('canonicalJson handles 100,000 levels of nesting without recursion', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = i % 2 ? { k: deep } : [deep];
  const s = canonicalJson(deep);
  assert.equal(s, `${'{"k":['.repeat(50_000)}1${']}'.repeat(50_000)}`);
});

test('canonicalJson matches JSON.stringify for undefined array members, dates and toJSON members', () => {
  const v = { a: [1, undefined], b: new Date(0), c: { toJSON: () => ({ z: 1, y: [undefined] }) }, d: undefined };
  assert.equal(canonicalJson(v), '{"a":[1,null],"b":"1970-01-01T00:00:00.000Z","c":{"y":[null],"z":1}}');
});

test('canonicalJson writes the same bytes either side of the depth where it stops recursing', () => {
  type Nested = { z: unknown[]; a?: undefined; m: string } | null;
  type Sorted = { m: string; z: unknown[] } | null;
  const nest = (k: number): Nested => (k === 0 ? null : { z: [k, nest(k - 1), undefined], a: undefined, m: `é${k}` });
  const sorted = (k: number): Sorted => (k === 0 ? null : { m: `é${k}`, z: [k, sorted(k - 1), null] });
  for (const depth of [1, 31, 32, 33, 63, 64, 65, 200]) {
    assert.equal(canonicalJson(nest(depth)), JSON.stringify(sorted(depth)), `depth ${depth}`);
  }
});

test('jsonString quotes every string exactly as JSON.stringify does', () => {
  for (const s of [
    '',
    'plain',
    'a"b',
    'back\\slash',
    'tab\there',
    '\u0000\u001f\u007f',
    '\u2028\u2029',
    '\ud83d\ude00',
    '\ud800',
    'x\udc00y',
  ]) {
    assert.equal(jsonString(s), JSON.stringify(s), JSON.stringify(s));
  }
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => jsonString(s) === JSON.stringify(s)));
});

test('sha256Hex is the SHA-256 of the UTF-8 bytes', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('é€😀'), createHash('sha256').update(Buffer.from('é€😀', 'utf8')).digest('hex'));
});
