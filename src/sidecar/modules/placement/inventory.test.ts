import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Shard } from '../../../contract';
import {
  diffEntries,
  diffInventory,
  hasChanges,
  type ControlPlaneInventory,
  type ControlPlaneTenant,
  type PlatformInventory,
} from './inventory';

const ORG = '00000000-0000-4000-8000-000000000001';
const APP = '00000000-0000-4000-8000-000000000002';
const AT = '2026-01-01T00:00:00.000Z';

const platformTenant = (id: string, env: 'dev' | 'prod', placement: Record<string, string>) => ({
  id,
  displayName: `Tenant ${id}`,
  environment: env,
  plan: 'team' as const,
  organizationId: ORG,
  applicationId: APP,
  placement,
});
const platformShard = (id: string, kind: 'gateway' | 'runner', env: string) => ({
  id,
  kind,
  env,
  region: 'eu-west-1',
  capacityRps: 400,
  version: '2.14.3',
  status: 'ready' as const,
});
const ourTenant = (id: string, patch: Partial<ControlPlaneTenant> = {}): ControlPlaneTenant => ({
  ...platformTenant(id, 'prod', {}),
  status: 'active',
  ...patch,
});
const ourShard = (id: string, patch: Partial<Shard> = {}): Shard => ({
  id,
  kind: 'gateway',
  region: 'eu-west-1',
  labels: { env: 'prod' },
  capacity: 400,
  version: '2.14.3',
  status: 'ready',
  revision: 1,
  updatedAt: AT,
  ...patch,
});

const PLATFORM: PlatformInventory = {
  tenants: [
    platformTenant('acme-001', 'prod', { gateway: 'gw-prod-0', runner: 'run-prod-0' }),
    platformTenant('beta-002', 'prod', { gateway: 'gw-prod-1' }),
  ],
  shards: [
    platformShard('gw-prod-0', 'gateway', 'prod'),
    platformShard('gw-prod-1', 'gateway', 'prod'),
    platformShard('run-prod-0', 'runner', 'prod'),
  ],
  rejected: [],
};
const EMPTY: ControlPlaneInventory = { tenants: [], shards: [], assignments: [] };

describe('inventory diff', () => {
  test('an empty control plane: everything is created, tenants active, shards with their env label', () => {
    const d = diffInventory(PLATFORM, EMPTY);
    assert.deepEqual(
      d.tenants.create.map((t) => t.id),
      ['acme-001', 'beta-002']
    );
    assert.deepEqual(d.tenants.create[0].changes.at(-1), { field: 'status', from: null, to: 'active' });
    assert.deepEqual(
      d.shards.create.map((s) => [s.id, s.environment]),
      [
        ['gw-prod-0', 'prod'],
        ['gw-prod-1', 'prod'],
        ['run-prod-0', 'prod'],
      ]
    );
    assert.deepEqual(d.placements.create, [
      { tenantId: 'acme-001', kind: 'gateway', from: null, to: 'gw-prod-0' },
      { tenantId: 'acme-001', kind: 'runner', from: null, to: 'run-prod-0' },
      { tenantId: 'beta-002', kind: 'gateway', from: null, to: 'gw-prod-1' },
    ]);
    assert.equal(hasChanges(d), true);
    assert.deepEqual(d.conflicts, []);
    const entries = diffEntries(d);
    assert.ok(entries.some((e) => e.resource === 'placement acme-001/runner' && e.to === 'run-prod-0'));
    assert.equal(diffEntries(d, 4).length, 4);
  });

  test('in agreement: nothing to do, everything unchanged', () => {
    const cp: ControlPlaneInventory = {
      tenants: [ourTenant('acme-001'), ourTenant('beta-002')],
      shards: [ourShard('gw-prod-0'), ourShard('gw-prod-1'), ourShard('run-prod-0', { kind: 'runner' })],
      assignments: [
        { tenantId: 'acme-001', kind: 'gateway', shardId: 'gw-prod-0' },
        { tenantId: 'acme-001', kind: 'runner', shardId: 'run-prod-0' },
        { tenantId: 'beta-002', kind: 'gateway', shardId: 'gw-prod-1' },
      ],
    };
    const d = diffInventory(PLATFORM, cp);
    assert.equal(hasChanges(d), false);
    assert.deepEqual([d.tenants.unchanged, d.shards.unchanged, d.placements.unchanged], [2, 3, 3]);
    assert.deepEqual(diffEntries(d), []);
  });

  test('drift: updates what the platform owns, keeps the shard status, lists what only we hold', () => {
    const cp: ControlPlaneInventory = {
      tenants: [
        ourTenant('acme-001', { plan: 'free', displayName: 'Old name' }),
        ourTenant('beta-002'),
        ourTenant('gone-003'),
        ourTenant('old-004', { status: 'archived' }),
      ],
      shards: [
        ourShard('gw-prod-0', { capacity: 100, status: 'cordoned' }),
        ourShard('gw-prod-1', { labels: {} }),
        ourShard('run-prod-0', { kind: 'runner' }),
        ourShard('gw-prod-9'),
      ],
      assignments: [
        { tenantId: 'acme-001', kind: 'gateway', shardId: 'gw-prod-1' },
        { tenantId: 'beta-002', kind: 'gateway', shardId: 'gw-prod-1' },
        { tenantId: 'gone-003', kind: 'gateway', shardId: 'gw-prod-9' },
      ],
    };
    const d = diffInventory(PLATFORM, cp);
    assert.deepEqual(d.tenants.update, [
      {
        id: 'acme-001',
        environment: 'prod',
        changes: [
          { field: 'displayName', from: 'Old name', to: 'Tenant acme-001' },
          { field: 'plan', from: 'free', to: 'team' },
        ],
      },
    ]);
    assert.deepEqual(d.tenants.missing, ['gone-003']);
    assert.deepEqual(d.shards.update, [
      { id: 'gw-prod-0', environment: 'prod', changes: [{ field: 'capacity', from: 100, to: 400 }] },
      { id: 'gw-prod-1', environment: 'prod', changes: [{ field: 'labels.env', from: null, to: 'prod' }] },
    ]);
    assert.ok(!JSON.stringify(d.shards).includes('"status"'), 'a sync never writes a shard status');
    assert.deepEqual(d.shards.missing, ['gw-prod-9']);
    assert.deepEqual(d.placements.update, [
      { tenantId: 'acme-001', kind: 'gateway', from: 'gw-prod-1', to: 'gw-prod-0' },
    ]);
    assert.deepEqual(d.placements.create, [{ tenantId: 'acme-001', kind: 'runner', from: null, to: 'run-prod-0' }]);
    assert.deepEqual(d.placements.missing, [{ tenantId: 'gone-003', kind: 'gateway', shardId: 'gw-prod-9' }]);
  });

  test('conflicts are reported with the reason and never applied', () => {
    const platform: PlatformInventory = {
      tenants: [
        platformTenant('acme-001', 'prod', { gateway: 'gw-dev-0' }),
        platformTenant('beta-002', 'dev', { gateway: 'gw-dev-0' }),
        platformTenant('cool-003', 'prod', { gateway: 'nowhere-0', runner: 'gw-prod-0' }),
        platformTenant('old-004', 'prod', { gateway: 'gw-prod-0' }),
      ],
      shards: [platformShard('gw-dev-0', 'gateway', 'dev'), platformShard('gw-prod-0', 'gateway', 'prod')],
      rejected: [{ tenantId: 'Bad_Id', reason: 'tenantId: tenant id outside [a-z0-9-]' }],
    };
    const cp: ControlPlaneInventory = {
      tenants: [ourTenant('beta-002', { environment: 'prod' }), ourTenant('old-004', { status: 'archived' })],
      shards: [],
      assignments: [],
    };
    const d = diffInventory(platform, cp);
    const reasons = Object.fromEntries(d.conflicts.map((c) => [c.resource, c.reason]));
    assert.match(reasons['tenant Bad_Id'], /not a valid tenant/);
    assert.match(reasons['tenant beta-002'], /runs beta-002 in dev, the control plane has it in prod/);
    assert.match(reasons['tenant old-004'], /archived/);
    assert.match(reasons['placement acme-001/gateway'], /gw-dev-0 in dev, but the tenant is in prod/);
    assert.match(reasons['placement cool-003/gateway'], /does not list/);
    assert.match(reasons['placement cool-003/runner'], /a gateway shard/);
    // Only the clean tenant is created; conflicted tenants' placements are left alone.
    assert.deepEqual(
      d.tenants.create.map((t) => t.id),
      ['acme-001', 'cool-003']
    );
    assert.deepEqual(d.placements.create, []);
    assert.deepEqual(d.tenants.missing, []);
  });
});
