import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, contentHash, formatPath, getPath, leaves } from './canonical';
import { sha256Hex } from './sha256';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  test('known vectors', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  test('agrees with node:crypto on any text, across block boundaries', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => sha256Hex(s) === nodeSha(s)));
    for (let n = 50; n < 140; n++) assert.equal(sha256Hex('x'.repeat(n)), nodeSha('x'.repeat(n)), `length ${n}`);
  });
});

describe('canonical JSON', () => {
  test('key order does not matter; values do', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 2], c: null } }), '{"a":{"c":null,"d":[1,2]},"b":1}');
    assert.equal(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }));
    assert.notEqual(contentHash({ a: 1 }), contentHash({ a: '1' }));
    assert.notEqual(contentHash([1, 2]), contentHash([2, 1]));
    assert.throws(() => canonicalJson({ a: Number.NaN }), /non-finite/);
  });
  test('round-trips through JSON.parse', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v)));
  });
});

describe('paths', () => {
  test('identifiers dot, anything else is quoted', () => {
    assert.equal(formatPath(['caps', 'gateway', 'maxInFlight']), 'caps.gateway.maxInFlight');
    assert.equal(formatPath(['perRoute', '/v1/query', 'burst']), 'perRoute["/v1/query"].burst');
    assert.equal(formatPath(['flags', 'beta.ui']), 'flags["beta.ui"]');
    assert.notEqual(formatPath(['a.b']), formatPath(['a', 'b']));
  });
  test('leaves: arrays and empty objects are leaves; getPath finds each', () => {
    const v = { a: { b: [1, { c: 2 }], e: {} }, f: null };
    assert.deepEqual(
      leaves(v).map((l) => formatPath(l.segments)),
      ['a.b', 'a.e', 'f']
    );
    for (const l of leaves(v)) assert.deepEqual(getPath(v, l.segments), l.value);
    assert.equal(getPath(v, ['a', 'x']), undefined);
    assert.equal(getPath(v, ['toString']), undefined);
  });
});
