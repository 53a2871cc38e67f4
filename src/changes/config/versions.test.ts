import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigVersion } from '../../contract';
import { ConfigVersionSchema } from '../../contract';
import { ConfigVersionConflict, configVersionHash, nextConfigVersion, rollbackConfigVersion } from './versions';

const t0 = new Date('2030-01-01T00:00:00.000Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('config versions', () => {
  test('append-only: versions count up, each parses, the hash covers the content but not who or when', () => {
    const h: ConfigVersion[] = [];
    const base = { kind: 'tenant.limits' as const, scope: 'tenant:acme-001', author: 'alice', reason: 'raise limit' };
    h.push(
      nextConfigVersion(h, { ...base, value: { schemaVersion: 1, storageGb: 20 }, now: at(0), baseVersion: null })
    );
    h.push(nextConfigVersion(h, { ...base, value: { storageGb: 30, schemaVersion: 1 }, now: at(1), baseVersion: 1 }));
    assert.deepEqual(
      h.map((v) => v.version),
      [1, 2]
    );
    for (const v of h) ConfigVersionSchema.parse(v);
    assert.equal(h[1].createdAt, '2030-01-01T00:01:00.000Z');
    assert.equal(
      h[0].hash,
      configVersionHash('tenant.limits', 'tenant:acme-001', 1, { storageGb: 20, schemaVersion: 1 })
    );
    assert.notEqual(h[0].hash, h[1].hash);
    assert.notEqual(
      h[0].hash,
      configVersionHash('tenant.limits', 'tenant:globex-002', 1, { storageGb: 20, schemaVersion: 1 })
    );
  });

  test('a stale base version is a conflict naming the latest', () => {
    const v1 = nextConfigVersion([], {
      kind: 'tenant.flags',
      scope: 'default',
      value: { schemaVersion: 1, flags: {} },
      author: 'a',
      reason: 'init',
      now: at(0),
      baseVersion: null,
    });
    assert.throws(
      () =>
        nextConfigVersion([v1], {
          kind: 'tenant.flags',
          scope: 'default',
          value: { schemaVersion: 1, flags: { x: true } },
          author: 'b',
          reason: 'edit',
          now: at(1),
          baseVersion: null,
        }),
      (e: unknown) => e instanceof ConfigVersionConflict && e.latest === 1
    );
  });

  test('rollback is a new version equal to the old one, with its hash, marked restoredFrom', () => {
    const h: ConfigVersion[] = [];
    const w = (value: Record<string, unknown>, base: number | null, min: number) =>
      h.push(
        nextConfigVersion(h, {
          kind: 'drain.thresholds',
          scope: 'environment:prod',
          value,
          author: 'a',
          reason: 'tune',
          now: at(min),
          baseVersion: base,
        })
      );
    w({ schemaVersion: 1, maxInFlight: 5 }, null, 0);
    w({ schemaVersion: 1, maxInFlight: 50 }, 1, 1);
    const rb = rollbackConfigVersion(h, 1, { author: 'bob', reason: 'too loose', now: at(2) });
    assert.equal(rb.version, 3);
    assert.equal(rb.restoredFrom, 1);
    assert.deepEqual(rb.value, h[0].value);
    assert.equal(rb.hash, h[0].hash);
    assert.throws(() => rollbackConfigVersion(h, 9, { author: 'bob', reason: 'x', now: at(3) }), RangeError);
  });
});
