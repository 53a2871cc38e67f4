import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from './canonicalJson';

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
