import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, formatPath, getPath, leaves } from '../shared/canonical';
import { diffConfig } from './diff';

describe('config diff', () => {
  test('added, removed and changed leaves with nested paths', () => {
    const v1 = {
      schemaVersion: 1,
      requestsPerSecond: 100,
      perRoute: { '/v1/query': { requestsPerSecond: 5, burst: 10 } },
    };
    const v2 = {
      schemaVersion: 1,
      requestsPerSecond: 120,
      perRoute: { '/v1/query': { requestsPerSecond: 5 }, '/v1/commands': { requestsPerSecond: 20, burst: 40 } },
    };
    assert.deepEqual(diffConfig(v1, v2), [
      { path: 'perRoute["/v1/commands"].burst', change: 'added', after: 40 },
      { path: 'perRoute["/v1/commands"].requestsPerSecond', change: 'added', after: 20 },
      { path: 'perRoute["/v1/query"].burst', change: 'removed', before: 10 },
      { path: 'requestsPerSecond', change: 'changed', before: 100, after: 120 },
    ]);
  });

  test('arrays are compared whole', () => {
    assert.deepEqual(diffConfig({ modes: ['oidc', 'password'] }, { modes: ['password', 'oidc'] }), [
      { path: 'modes', change: 'changed', before: ['oidc', 'password'], after: ['password', 'oidc'] },
    ]);
  });

  test('properties: empty for equal values; complete and exact; added ↔ removed when swapped', () => {
    const value = fc.dictionary(
      fc.constantFrom('a', 'b', 'c.d', '/x'),
      fc.oneof(fc.integer(), fc.dictionary(fc.constantFrom('a', 'e'), fc.integer(), { maxKeys: 2 })),
      { maxKeys: 4 }
    );
    fc.assert(
      fc.property(value, value, (a, b) => {
        assert.deepEqual(diffConfig(a, structuredClone(a)), []);
        const d = diffConfig(a, b);
        const la = new Map(leaves(a).map((l) => [formatPath(l.segments), l]));
        const lb = new Map(leaves(b).map((l) => [formatPath(l.segments), l]));
        for (const p of new Set([...la.keys(), ...lb.keys()])) {
          const x = la.get(p);
          const y = lb.get(p);
          const e = d.find((k) => k.path === p);
          if (x && y) assert.equal(!!e, canonicalJson(x.value) !== canonicalJson(y.value), p);
          else assert.equal(e?.change, x ? 'removed' : 'added', p);
          if (e?.change === 'changed') assert.equal(canonicalJson(e.after), canonicalJson(getPath(b, y!.segments)));
        }
        assert.equal(d.length, new Set(d.map((e) => e.path)).size);
        const back = diffConfig(b, a);
        assert.equal(back.filter((e) => e.change === 'added').length, d.filter((e) => e.change === 'removed').length);
        assert.equal(back.filter((e) => e.change === 'changed').length, d.filter((e) => e.change === 'changed').length);
      })
    );
  });
});
