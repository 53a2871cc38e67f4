import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTenantSchema,
  TENANT_STATUSES,
  TENANT_TRANSITIONS,
  TenantPlanSchema,
  type Tenant,
} from '../../../contract';
import {
  NO_SURROUNDINGS,
  flagsAfterStatus,
  planCreate,
  planEdit,
  planStatus,
  summarizePlan,
  tenantDiff,
} from './tenantChanges';

const AT = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));

function tenant(over: Partial<Tenant> = {}): Tenant {
  return {
    id: 'acme',
    displayName: 'Acme',
    plan: 'business',
    environment: 'prod',
    organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    labels: { team: 'core', tier: 'gold' },
    quotas: { requestsPerSecond: 100, storageGb: 10, maxConnections: 50 },
    featureFlags: { killSwitch: false, beta: true },
    contacts: [{ name: 'Ann', email: 'ann@example.com', role: 'owner' }],
    status: 'active',
    version: 3,
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

const codes = (w: Array<{ code: string }>) => w.map((x) => x.code);
const failed = (t: { checks: Array<{ name: string; ok: boolean }> }) =>
  t.checks.filter((c) => !c.ok).map((c) => c.name);

describe('tenantDiff', () => {
  test('records diff per key, other fields whole; equal values are not changes', () => {
    const a = tenant();
    const d = tenantDiff(a, {
      displayName: 'Acme Corp',
      labels: { team: 'core', region: 'eu' },
      quotas: { ...a.quotas, storageGb: 20 },
      contacts: a.contacts,
    });
    assert.deepEqual(
      d.map((e) => [e.field, e.from, e.to]),
      [
        ['displayName', 'Acme', 'Acme Corp'],
        ['labels.region', null, 'eu'],
        ['labels.tier', 'gold', null],
        ['quotas.storageGb', 10, 20],
      ]
    );
  });
});

describe('planCreate', () => {
  const input = CreateTenantSchema.parse({
    id: 'new-one',
    displayName: 'New',
    plan: 'free',
    environment: 'prod',
    organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  });

  test('a free id plans every field and warns about what the operator may have missed', () => {
    const t = planCreate(input, false);
    assert.equal(t.blocked, false);
    assert.equal(t.to, 'provisioning');
    assert.ok(t.changes.some((c) => c.field === 'displayName' && c.to === 'New'));
    assert.ok(t.changes.some((c) => c.field === 'quotas.storageGb' && c.from === null && c.to === 10));
    assert.deepEqual(codes(t.warnings), ['no_contacts', 'free_in_prod']);
    assert.equal(t.warnings[0]?.field, 'contacts');
  });

  test('a taken id is blocked by the "id is free" check; a kill switch on is a warning', () => {
    const t = planCreate({ ...input, featureFlags: { killSwitch: true } }, true);
    assert.equal(t.blocked, true);
    assert.deepEqual(failed(t), ['id is free']);
    assert.equal(t.checks[0].message, 'Tenant id new-one is not available: pick another id');
    assert.equal(t.exists, false, 'the plan describes nothing of the tenant holding the id');
    assert.ok(codes(t.warnings).includes('kill_switch_on'));
  });
});

describe('planEdit', () => {
  test('a current version edits; warnings name the field they are about', () => {
    const current = tenant();
    const t = planEdit(
      'acme',
      current,
      3,
      {
        plan: 'team',
        quotas: { ...current.quotas, storageGb: 5 },
        labels: { team: 'core' },
        featureFlags: { killSwitch: true, beta: true },
      },
      NO_SURROUNDINGS
    );
    assert.equal(t.blocked, false);
    assert.deepEqual(
      t.warnings.map((w) => [w.code, w.field]),
      [
        ['kill_switch_on', 'featureFlags.killSwitch'],
        ['plan_downgrade', 'plan'],
        ['quota_lowered', 'quotas.storageGb'],
        ['labels_removed', 'labels'],
      ]
    );
    assert.deepEqual(
      t.changes.map((c) => c.field),
      ['plan', 'labels.tier', 'quotas.storageGb', 'featureFlags.killSwitch']
    );
  });

  test('a stale version, an archived tenant, and clearing the kill switch of a suspended tenant are blocked', () => {
    assert.deepEqual(failed(planEdit('acme', tenant(), 2, { displayName: 'X' }, NO_SURROUNDINGS)), [
      'version is current',
    ]);
    assert.deepEqual(
      failed(planEdit('acme', tenant({ status: 'archived' }), 3, { displayName: 'X' }, NO_SURROUNDINGS)),
      ['tenant is not archived']
    );
    const suspended = tenant({ status: 'suspended', featureFlags: { killSwitch: true } });
    assert.deepEqual(failed(planEdit('acme', suspended, 3, { featureFlags: { killSwitch: false } }, NO_SURROUNDINGS)), [
      'kill switch follows the status',
    ]);
    assert.deepEqual(failed(planEdit('ghost', null, 1, { displayName: 'X' }, NO_SURROUNDINGS)), ['tenant exists']);
  });

  test('an edit that changes nothing is unchanged, not blocked', () => {
    const t = planEdit('acme', tenant(), 3, { displayName: 'Acme' }, NO_SURROUNDINGS);
    assert.equal(t.unchanged, true);
    assert.equal(t.blocked, false);
    assert.deepEqual(codes(t.warnings), ['no_change']);
  });

  test('active jobs on the tenant are warnings', () => {
    const around = { placements: [], activeJobs: [{ id: 'job-1', type: 'tenant.drain', status: 'running' as const }] };
    const t = planEdit('acme', tenant(), 3, { displayName: 'Other' }, around);
    assert.ok(t.warnings.some((w) => w.code === 'active_job' && w.message.includes('job-1')));
  });
});

describe('planStatus', () => {
  test('every pair of states: allowed exactly when the lifecycle allows it', () => {
    for (const from of TENANT_STATUSES) {
      for (const to of TENANT_STATUSES) {
        const t = planStatus('acme', tenant({ status: from }), to, NO_SURROUNDINGS);
        assert.equal(t.blocked, !TENANT_TRANSITIONS[from].includes(to), `${from} → ${to}`);
        if (t.blocked) assert.deepEqual(t.changes, []);
        else assert.ok(t.changes.some((c) => c.field === 'status' && c.from === from && c.to === to));
      }
    }
  });

  test('suspend trips the kill switch and resume clears it, in the plan and in the effect', () => {
    const suspend = planStatus('acme', tenant(), 'suspended', NO_SURROUNDINGS);
    assert.ok(suspend.changes.some((c) => c.field === 'featureFlags.killSwitch' && c.to === true));
    assert.ok(codes(suspend.warnings).includes('kill_switch_on'));
    const suspended = tenant({ status: 'suspended', featureFlags: { killSwitch: true } });
    assert.equal(flagsAfterStatus(suspended, 'active').killSwitch, false);
    assert.ok(codes(planStatus('acme', suspended, 'active', NO_SURROUNDINGS).warnings).includes('kill_switch_off'));
  });

  test('archive warns that it is final and that placements stay', () => {
    const around = { placements: [{ kind: 'gateway', shardId: 'gw-1' }], activeJobs: [] };
    const t = planStatus('acme', tenant(), 'archived', around);
    assert.deepEqual(codes(t.warnings), ['archive_final', 'still_placed']);
    assert.match(t.warnings[1]?.message ?? '', /gateway gw-1/);
  });

  test('a refused transition names the allowed states; the same state says so', () => {
    const t = planStatus('acme', tenant({ status: 'archived' }), 'active', NO_SURROUNDINGS);
    assert.match(t.checks[1]?.message ?? '', /archived is final/);
    const same = planStatus('acme', tenant(), 'active', NO_SURROUNDINGS);
    assert.match(same.checks[1]?.message ?? '', /already is active/);
  });
});

describe('summarizePlan', () => {
  test('counts change, unchanged and refused; blocked only when nothing may run; valid per the contract', () => {
    const targets = [
      planStatus('a', tenant({ id: 'a', status: 'active' }), 'suspended', NO_SURROUNDINGS),
      planStatus('b', tenant({ id: 'b', status: 'archived' }), 'suspended', NO_SURROUNDINGS),
      planStatus('c', null, 'suspended', NO_SURROUNDINGS),
    ];
    const plan = summarizePlan('bulkStatus', AT, targets, 'suspended');
    assert.deepEqual(plan.counts, { total: 3, change: 1, unchanged: 0, blocked: 2 });
    assert.equal(plan.blocked, false);
    assert.equal(plan.summary, 'Move 3 tenants to suspended: 1 change, 2 refused');
    assert.equal(plan.plannedAt, AT.toISOString());
    TenantPlanSchema.parse(plan);
    assert.equal(summarizePlan('bulkStatus', AT, targets.slice(1), 'suspended').blocked, true);
  });
});
