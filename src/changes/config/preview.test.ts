import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigPreviewSchema } from '../../contract';
import { previewConfigChange, type TenantScopeRef } from './preview';

const def = { schemaVersion: 1, requestsPerSecond: 100, maxConcurrentCommands: 10, maxEntities: 1000, storageGb: 10 };
const documents = new Map([
  ['default', { version: 3, value: def }],
  ['environment:prod', { version: 2, value: { schemaVersion: 1, requestsPerSecond: 200 } }],
  ['plan:enterprise', { version: 1, value: { schemaVersion: 1, storageGb: 100 } }],
  ['tenant:acme-001', { version: 4, value: { schemaVersion: 1, requestsPerSecond: 999 } }],
]);
const tenants: TenantScopeRef[] = [
  { tenantId: 'acme-001', environment: 'prod', plan: 'team' },
  { tenantId: 'globex-002', environment: 'prod', plan: 'enterprise' },
  { tenantId: 'initech-003', environment: 'prod', plan: 'team' },
  { tenantId: 'hooli-004', environment: 'dev', plan: 'team' },
];

describe('config change preview', () => {
  test('an environment change: diff, and only tenants whose effective value changes (an override still wins)', () => {
    const p = previewConfigChange({
      kind: 'tenant.limits',
      scope: 'environment:prod',
      draft: { schemaVersion: 1, requestsPerSecond: 300, storageGb: 20 },
      documents,
      tenants,
      sampleSize: 10,
    });
    ConfigPreviewSchema.parse(p);
    assert.equal(p.validation.valid, true);
    assert.deepEqual(p.diff, [
      { path: 'requestsPerSecond', change: 'changed', before: 200, after: 300 },
      { path: 'storageGb', change: 'added', after: 20 },
    ]);
    assert.deepEqual(
      p.samples,
      [
        { tenantId: 'acme-001', changes: [{ path: 'storageGb', before: 10, after: 20, source: 'environment' }] },
        {
          tenantId: 'initech-003',
          changes: [
            { path: 'requestsPerSecond', before: 200, after: 300, source: 'environment' },
            { path: 'storageGb', before: 10, after: 20, source: 'environment' },
          ],
        },
        {
          tenantId: 'globex-002',
          changes: [{ path: 'requestsPerSecond', before: 200, after: 300, source: 'environment' }],
        },
      ].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
    );
    assert.equal(p.affectedTenants, 3, 'the dev tenant is not affected');
  });

  test('the sample is bounded, the count is not; an invalid draft is reported', () => {
    const p = previewConfigChange({
      kind: 'tenant.limits',
      scope: 'default',
      draft: { ...def, storageGb: -5 },
      documents,
      tenants,
      sampleSize: 1,
    });
    assert.equal(p.validation.valid, false);
    assert.deepEqual(
      p.validation.errors.map((e) => e.path),
      ['storageGb']
    );
    assert.equal(p.samples.length, 1);
    assert.equal(p.affectedTenants, 3, 'the enterprise tenant keeps its plan value');
  });

  test('a tenant document affects only that tenant; a no-op change affects nobody', () => {
    const p = previewConfigChange({
      kind: 'tenant.limits',
      scope: 'tenant:hooli-004',
      draft: { schemaVersion: 1, maxEntities: 5 },
      documents,
      tenants,
      sampleSize: 5,
    });
    assert.deepEqual(p.samples, [
      { tenantId: 'hooli-004', changes: [{ path: 'maxEntities', before: 1000, after: 5, source: 'tenant' }] },
    ]);
    const same = previewConfigChange({
      kind: 'tenant.limits',
      scope: 'plan:enterprise',
      draft: { schemaVersion: 1, storageGb: 100 },
      documents,
      tenants,
      sampleSize: 5,
    });
    assert.equal(same.affectedTenants, 0);
    assert.deepEqual(same.diff, []);
  });
});
