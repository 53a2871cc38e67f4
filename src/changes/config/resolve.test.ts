import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, formatPath, getPath, leaves, type JsonObject } from '../shared/canonical';
import { resolveEffectiveConfig, type ConfigLayers } from './resolve';
import { validateConfigDocument } from './validate';

const KEYS = ['a', 'b', 'c', 'rate', 'flags', 'x.y', '/v1/q'];
const leaf = fc.oneof(
  fc.integer({ min: -5, max: 1000 }),
  fc.boolean(),
  fc.constantFrom('on', 'off'),
  fc.array(fc.nat(9), { maxLength: 3 })
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof({ depthSize: 'small' }, leaf, tie('tree')), { maxKeys: 4 }),
}));
const obj = tree as fc.Arbitrary<JsonObject>;
const layersArb = fc.record({
  default: obj,
  environment: fc.option(obj, { nil: null }),
  plan: fc.option(obj, { nil: null }),
  tenant: fc.option(obj, { nil: null }),
});
const asLayers = (l: {
  default: JsonObject;
  environment: JsonObject | null;
  plan: JsonObject | null;
  tenant: JsonObject | null;
}): ConfigLayers => ({
  default: { scope: 'default', version: null, value: { schemaVersion: 1, ...l.default } },
  environment: l.environment && { scope: 'environment:prod', version: 3, value: l.environment },
  plan: l.plan && { scope: 'plan:team', version: 2, value: l.plan },
  tenant: l.tenant && { scope: 'tenant:acme-001', version: 7, value: l.tenant },
});

describe('effective config resolution (properties)', () => {
  test('a tenant override always wins: every tenant leaf is the effective value, sourced from the tenant', () => {
    fc.assert(
      fc.property(layersArb, fc.option(obj, { nil: null }), (l, tenant) => {
        const t = tenant ?? { a: 1 };
        const eff = resolveEffectiveConfig('tenant.limits', asLayers({ ...l, tenant: t }));
        for (const lf of leaves(t)) {
          assert.equal(canonicalJson(getPath(eff.value, lf.segments)), canonicalJson(lf.value));
          const entry = eff.entries.find((e) => e.path === formatPath(lf.segments));
          assert.equal(entry?.source, 'tenant');
          assert.equal(entry?.version, 7);
        }
      })
    );
  });

  test('removing an override falls back to the next level down', () => {
    fc.assert(
      fc.property(layersArb, (l) => {
        const withTenant = resolveEffectiveConfig('tenant.limits', asLayers(l));
        const without = resolveEffectiveConfig('tenant.limits', asLayers({ ...l, tenant: null }));
        const lower = [l.plan, l.environment, { schemaVersion: 1, ...l.default }];
        for (const e of without.entries) {
          // The value now comes from the highest remaining level that has the path (or an ancestor leaf).
          assert.notEqual(e.source, 'tenant');
          const owner = lower.find((doc) => doc && leaves(doc).some((x) => formatPath(x.segments) === e.path));
          assert.ok(owner, `${e.path} comes from a document that holds it`);
        }
        // And resolving without the tenant equals resolving with an empty tenant document.
        const emptyTenant = resolveEffectiveConfig('tenant.limits', asLayers({ ...l, tenant: {} }));
        assert.equal(canonicalJson(emptyTenant.value), canonicalJson(without.value));
        if (!l.tenant) assert.equal(canonicalJson(withTenant), canonicalJson(without));
      })
    );
  });

  test('deterministic, independent of key order, and every leaf has exactly one provenance entry matching it', () => {
    fc.assert(
      fc.property(layersArb, (l) => {
        const a = resolveEffectiveConfig('tenant.limits', asLayers(l));
        const b = resolveEffectiveConfig('tenant.limits', asLayers(structuredClone(l)));
        assert.equal(canonicalJson(a), canonicalJson(b));
        const reversed = (o: JsonObject | null): JsonObject | null =>
          o &&
          Object.fromEntries(
            Object.entries(o)
              .reverse()
              .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? reversed(v as JsonObject) : v])
          );
        const c = resolveEffectiveConfig(
          'tenant.limits',
          asLayers({
            default: reversed(l.default)!,
            environment: reversed(l.environment),
            plan: reversed(l.plan),
            tenant: reversed(l.tenant),
          })
        );
        assert.equal(canonicalJson(c), canonicalJson(a));
        const paths = leaves(a.value)
          .map((x) => formatPath(x.segments))
          .filter((p) => p !== 'schemaVersion');
        assert.deepEqual(
          a.entries.map((e) => e.path),
          paths
        );
        for (const e of a.entries)
          assert.equal(
            canonicalJson(e.value),
            canonicalJson(getPath(a.value, leaves(a.value).find((x) => formatPath(x.segments) === e.path)!.segments))
          );
      })
    );
  });

  test('inputs are never mutated', () => {
    fc.assert(
      fc.property(layersArb, (l) => {
        const before = canonicalJson(l);
        resolveEffectiveConfig('tenant.limits', asLayers(l));
        assert.equal(canonicalJson(l), before);
      })
    );
  });
});

describe('effective config resolution (a tenant limits example)', () => {
  const def = { schemaVersion: 1, requestsPerSecond: 100, maxConcurrentCommands: 10, maxEntities: 1e6, storageGb: 10 };
  const layers: ConfigLayers = {
    default: { scope: 'default', version: 4, value: def },
    environment: { scope: 'environment:prod', version: 2, value: { schemaVersion: 1, requestsPerSecond: 200 } },
    plan: { scope: 'plan:enterprise', version: 1, value: { schemaVersion: 1, requestsPerSecond: 500, storageGb: 100 } },
    tenant: { scope: 'tenant:acme-001', version: 9, value: { schemaVersion: 1, storageGb: 250 } },
  };

  test('each key says where it comes from', () => {
    const eff = resolveEffectiveConfig('tenant.limits', layers);
    assert.deepEqual(eff.value, { ...def, requestsPerSecond: 500, storageGb: 250 });
    const by = Object.fromEntries(eff.entries.map((e) => [e.path, `${e.source}@${e.scope}#${e.version}`]));
    assert.deepEqual(by, {
      maxConcurrentCommands: 'default@default#4',
      maxEntities: 'default@default#4',
      requestsPerSecond: 'plan@plan:enterprise#1',
      storageGb: 'tenant@tenant:acme-001#9',
    });
    assert.equal(validateConfigDocument('tenant.limits', 'default', eff.value).valid, true);
  });

  test('nested records merge key by key (tenant flags)', () => {
    const eff = resolveEffectiveConfig('tenant.flags', {
      default: { scope: 'default', version: 1, value: { schemaVersion: 1, flags: { beta: false, 'new.ui': false } } },
      tenant: { scope: 'tenant:acme-001', version: 2, value: { schemaVersion: 1, flags: { 'new.ui': true } } },
    });
    assert.deepEqual(eff.value, { schemaVersion: 1, flags: { beta: false, 'new.ui': true } });
    assert.deepEqual(
      eff.entries.map((e) => [e.path, e.source]),
      [
        ['flags.beta', 'default'],
        ['flags["new.ui"]', 'tenant'],
      ]
    );
  });
});
