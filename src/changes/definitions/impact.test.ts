import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImpactAnalysisSchema } from '../../contract';
import { orderBundle } from './bundle.fixture';
import { analyzeImpact, definitionChanges, type TenantRuntime } from './impact';

const tenants: TenantRuntime[] = [
  {
    tenantId: 'globex-002',
    environment: 'prod',
    bundles: ['orders'],
    placement: { aggregate: 'aggregate-prod-1', runner: 'runner-prod-0', projection: 'projection-prod-0' },
  },
  {
    tenantId: 'acme-001',
    environment: 'prod',
    bundles: ['orders', 'billing'],
    placement: { aggregate: 'aggregate-prod-0', runner: 'runner-prod-0', projection: 'projection-prod-1' },
  },
  { tenantId: 'initech-003', environment: 'prod', bundles: ['billing'], placement: { aggregate: 'aggregate-prod-0' } },
  {
    tenantId: 'hooli-005',
    environment: 'staging',
    bundles: ['orders'],
    placement: { aggregate: 'aggregate-staging-0' },
  },
];

describe('definition impact analysis', () => {
  test('changed definitions map to the services and shards of the tenants running the bundle', () => {
    const prev = orderBundle('1.0.0');
    const next = orderBundle('1.1.0');
    next.sagas[0].effects = [];
    next.effectProviders[0].timeoutMs = 9000;
    next.projections.push({ name: 'Revenue', consumes: ['PaymentCaptured'] });
    const r = analyzeImpact({ bundle: next, previous: prev, environment: 'prod', tenants });
    ImpactAnalysisSchema.parse(r);
    assert.deepEqual(r.changes, {
      added: ['projection:Revenue'],
      removed: [],
      changed: ['effect:receipt', 'saga:Checkout'],
    });
    assert.deepEqual(r.tenants, ['acme-001', 'globex-002']);
    assert.deepEqual(r.services, [
      { kind: 'projection', shards: ['projection-prod-0', 'projection-prod-1'] },
      { kind: 'runner', shards: ['runner-prod-0'] },
    ]);
    assert.equal(r.replaces, '1.0.0');
  });

  test('a first deployment adds everything; an identical bundle changes nothing and touches no service', () => {
    const first = analyzeImpact({ bundle: orderBundle(), previous: null, environment: 'staging', tenants });
    assert.equal(first.changes.added.length, 5);
    assert.deepEqual(first.tenants, ['hooli-005']);
    assert.deepEqual(definitionChanges(orderBundle('1.0.1'), orderBundle('1.0.0')), {
      added: [],
      removed: [],
      changed: [],
    });
    assert.deepEqual(
      analyzeImpact({ bundle: orderBundle('1.0.1'), previous: orderBundle(), environment: 'prod', tenants }).services,
      []
    );
  });

  test('removals are reported', () => {
    const next = orderBundle('2.0.0');
    next.aggregates = next.aggregates.filter((a) => a.name !== 'Payment');
    assert.deepEqual(definitionChanges(next, orderBundle()).removed, ['aggregate:Payment']);
  });
});
