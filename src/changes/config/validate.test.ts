import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateConfigDocument } from './validate';

describe('config document validation', () => {
  const limits = {
    schemaVersion: 1,
    requestsPerSecond: 100,
    maxConcurrentCommands: 10,
    maxEntities: 1000,
    storageGb: 10,
  };

  test('a complete default document is valid; a missing key at default scope is an error with its path', () => {
    assert.deepEqual(validateConfigDocument('tenant.limits', 'default', limits), { valid: true, errors: [] });
    const { requestsPerSecond: _drop, ...partial } = limits;
    const r = validateConfigDocument('tenant.limits', 'default', partial);
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['requestsPerSecond']
    );
  });

  test('overrides may hold a subset but still need schemaVersion and valid values', () => {
    assert.equal(validateConfigDocument('tenant.limits', 'tenant', { schemaVersion: 1, storageGb: 50 }).valid, true);
    assert.deepEqual(
      validateConfigDocument('tenant.limits', 'plan', { storageGb: 50 }).errors.map((e) => e.path),
      ['schemaVersion']
    );
    const neg = validateConfigDocument('tenant.limits', 'environment', { schemaVersion: 1, storageGb: -1 });
    assert.equal(neg.errors[0].path, 'storageGb');
    assert.match(neg.errors[0].message, />=\s*0|too small/i);
  });

  test('unknown keys are refused (a typo never silently does nothing), nested paths are named', () => {
    const r = validateConfigDocument('gateway.rate-limits', 'environment', {
      schemaVersion: 1,
      perRoute: { '/v1/query': { requestsPerSecond: 5, brust: 3 } },
    });
    assert.equal(r.valid, false);
    assert.ok(
      r.errors.some((e) => e.path.startsWith('perRoute["/v1/query"]')),
      JSON.stringify(r.errors)
    );
    assert.equal(
      validateConfigDocument('drain.thresholds', 'tenant', { schemaVersion: 1, maxInflight: 3 }).valid,
      false
    );
  });

  test('a newer schemaVersion than supported is refused with the reason', () => {
    const r = validateConfigDocument('tenant.flags', 'default', { schemaVersion: 2, flags: {} });
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['schemaVersion']
    );
    assert.match(r.errors[0].message, /newer/);
  });

  test('every kind accepts a sensible complete document', () => {
    assert.ok(
      validateConfigDocument('gateway.auth-policy', 'default', {
        schemaVersion: 1,
        allowedModes: ['oidc'],
        sessionTtlSeconds: 3600,
        maxFailedLogins: 5,
        lockoutSeconds: 900,
        requireMfa: true,
      }).valid
    );
    assert.ok(
      validateConfigDocument('service.concurrency', 'default', {
        schemaVersion: 1,
        caps: { gateway: { maxInFlight: 100, maxQueue: 1000 } },
      }).valid
    );
    assert.ok(
      !validateConfigDocument('service.concurrency', 'default', {
        schemaVersion: 1,
        caps: { frontend: { maxInFlight: 1, maxQueue: 1 } },
      }).valid
    );
    assert.ok(
      validateConfigDocument('drain.thresholds', 'default', {
        schemaVersion: 1,
        maxInFlight: 0,
        maxConsumerLag: 100,
        timeoutSeconds: 300,
      }).valid
    );
    assert.ok(
      validateConfigDocument('gateway.rate-limits', 'default', {
        schemaVersion: 1,
        requestsPerSecond: 1000,
        burst: 2000,
        perRoute: {},
      }).valid
    );
  });
});
