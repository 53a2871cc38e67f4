import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ISOLATION_CHECKS, type IsolationCheck, type IsolationCheckId } from '../../../contract';
import { RuntimeReportSchema } from '../../platform/isolationApi';
import { expectedAppDatabaseName, runChecks, unknownChecks, type TenantContext } from './checks';
import { failingOf, verdictOf } from './verdict';

const ORG = '98787790-b0b2-4be4-9e70-9777c1b9fd70';
const APP = 'e087a89d-afff-4fc2-9f07-dac5d7ea425b';
const DB = 'appdb_98787790b0b24be49e709777c1b9fd70_e087a89d';
const NOW = new Date('2026-11-23T12:00:00.000Z');

function raw(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenantId: 'acme-001',
    organizationId: ORG,
    applicationId: APP,
    tenantSchema: 'tenant_acme_001',
    connection: { kind: 'isolated', host: 'pg-1', user: 'rt_acme' },
    databaseScope: 'app_database',
    dataPlaneMode: 'managed',
    appDatabase: { name: DB, host: 'pg-1' },
    runtimeAuthMode: 'managed_identity',
    rbacMode: 'enforced',
    deployment: { target: 'k8s://platform-prod/gateway', stage: 'prod' },
    catalog: { current: DB, expected: DB },
    schema: { current: 'tenant_acme_001', expected: 'tenant_acme_001' },
    managedCredentialRef: 'vault:kv/tenants/acme-001#dsn',
    privilegeProbe: {
      checkedAt: '2026-11-23T11:59:00.000Z',
      forbiddenPlatformTablesReadable: [],
      siblingTablesReadable: [],
    },
    credits: { balance: 20000, currency: 'credits', status: 'healthy' },
    hostedRuntime: { endpoint: 'https://acme-001.prod.runtime.example', status: 'running' },
    entityCounts: { knowledgeGraphNodes: 10, knowledgeGraphEdges: 20, rbacRoles: 3, rbacBindings: 4 },
    observedAt: '2026-11-23T11:59:00.000Z',
    ...patch,
  };
}

const record = { organizationId: ORG, applicationId: APP, environment: 'prod' as const };
const opts = { appDbPrefixLength: 8, now: NOW, probeMaxAgeMs: 86_400_000 };

function run(
  patch: Record<string, unknown> = {},
  tenant: TenantContext = { tenantId: 'acme-001', record },
  o = opts
): IsolationCheck[] {
  return runChecks(RuntimeReportSchema.parse(raw(patch)), tenant, o);
}
const one = (checks: IsolationCheck[], id: IsolationCheckId) => checks.find((c) => c.check === id)!;

test('a clean report passes every check and is isolated', () => {
  const checks = run();
  assert.deepEqual(
    checks.map((c) => c.check),
    [...ISOLATION_CHECKS]
  );
  for (const c of checks) {
    assert.equal(c.result, 'pass', `${c.check}: ${c.evidence}`);
    assert.equal(c.remediation, null);
    assert.ok(c.evidence.length > 0);
  }
  assert.equal(verdictOf(checks), 'isolated');
  assert.deepEqual(failingOf(checks), []);
});

const cases: Array<[string, IsolationCheckId, Record<string, unknown>, IsolationCheck['result']]> = [
  ['shared schema as tenant schema', 'tenant_schema', { tenantSchema: 'public' }, 'violation'],
  ['no tenant schema', 'tenant_schema', { tenantSchema: null }, 'unknown'],
  ['shared connection', 'connection', { connection: { kind: 'shared', host: 'pg-platform' } }, 'violation'],
  ['no connection', 'connection', { connection: undefined }, 'unknown'],
  ['platform database scope', 'database_scope', { databaseScope: 'platform_database' }, 'violation'],
  ['external data plane', 'data_plane_mode', { dataPlaneMode: 'external' }, 'warning'],
  [
    'app database host differs from the connection host',
    'app_database',
    { appDatabase: { name: DB, host: 'pg-9' } },
    'warning',
  ],
  ['no app database host', 'app_database', { appDatabase: { name: DB } }, 'unknown'],
  ['static password auth', 'runtime_auth_mode', { runtimeAuthMode: 'static_password' }, 'warning'],
  ['permissive RBAC', 'rbac_mode', { rbacMode: 'permissive' }, 'warning'],
  [
    'deployed to another stage than the tenant environment',
    'deployment',
    { deployment: { target: 'k8s://x', stage: 'staging' } },
    'warning',
  ],
  [
    'catalog misaligned',
    'catalog_schema_alignment',
    { catalog: { current: 'appdb_other', expected: DB } },
    'violation',
  ],
  [
    'schema misaligned',
    'catalog_schema_alignment',
    { schema: { current: 'public', expected: 'tenant_acme_001' } },
    'violation',
  ],
  [
    'expected schema is not the tenant schema',
    'catalog_schema_alignment',
    { schema: { current: 'x', expected: 'x' } },
    'warning',
  ],
  ['no managed credential reference', 'credential_reference', { managedCredentialRef: null }, 'warning'],
  ['empty managed credential reference', 'credential_reference', { managedCredentialRef: '  ' }, 'warning'],
  [
    'forbidden platform table readable',
    'privilege_probe',
    {
      privilegeProbe: {
        checkedAt: NOW.toISOString(),
        forbiddenPlatformTablesReadable: ['platform.tenants'],
        siblingTablesReadable: [],
      },
    },
    'violation',
  ],
  [
    'sibling tenant table readable',
    'privilege_probe',
    {
      privilegeProbe: {
        checkedAt: NOW.toISOString(),
        forbiddenPlatformTablesReadable: [],
        siblingTablesReadable: ['tenant_b.entities'],
      },
    },
    'violation',
  ],
  [
    'stale privilege probe',
    'privilege_probe',
    {
      privilegeProbe: {
        checkedAt: '2026-11-01T00:00:00.000Z',
        forbiddenPlatformTablesReadable: [],
        siblingTablesReadable: [],
      },
    },
    'warning',
  ],
  ['no privilege probe', 'privilege_probe', { privilegeProbe: null }, 'unknown'],
  ['low credits', 'credit_health', { credits: { balance: 10, status: 'low' } }, 'warning'],
  ['exhausted credits', 'credit_health', { credits: { balance: 0, status: 'exhausted' } }, 'warning'],
  ['stopped runtime', 'hosted_runtime', { hostedRuntime: { endpoint: 'https://x', status: 'stopped' } }, 'warning'],
  [
    'plain http runtime endpoint',
    'hosted_runtime',
    { hostedRuntime: { endpoint: 'http://x', status: 'running' } },
    'warning',
  ],
  ['no RBAC roles', 'entity_counts', { entityCounts: { knowledgeGraphNodes: 1, rbacRoles: 0 } }, 'warning'],
  ['no entity counts', 'entity_counts', { entityCounts: null }, 'unknown'],
];

for (const [name, id, patch, result] of cases) {
  test(`${id}: ${name} → ${result}`, () => {
    const checks = run(patch);
    const c = one(checks, id);
    assert.equal(c.result, result, c.evidence);
    assert.ok(c.remediation, 'a non-passing check says what to do');
    const others = checks.filter((x) => x.check !== id && x.result !== 'pass');
    // Only checks that share the changed fact may move with it.
    assert.ok(
      others.every((x) => ['naming_contract', 'catalog_schema_alignment', 'app_database'].includes(x.check)),
      others.map((x) => x.check).join()
    );
  });
}

test('naming contract: a mismatch is a warning that spells out expected and actual names', () => {
  const c = one(run({ appDatabase: { name: 'appdb_acme_001', host: 'pg-1' } }), 'naming_contract');
  assert.equal(c.result, 'warning');
  assert.equal(c.expected, DB);
  assert.equal(c.observed, 'appdb_acme_001');
  assert.match(c.evidence, new RegExp(`expected app database "${DB}", actual "appdb_acme_001"`));
});

test('naming contract uses Switchyard’s ids when the tenant record exists, else the runtime’s', () => {
  const otherOrg = '11111111-2222-4333-8444-555555555555';
  const withRecord = one(
    run({}, { tenantId: 'acme-001', record: { ...record, organizationId: otherOrg } }),
    'naming_contract'
  );
  assert.equal(withRecord.result, 'warning');
  assert.equal(withRecord.expected, `appdb_11111111222243338444555555555555_e087a89d`);
  assert.match(withRecord.evidence, /Switchyard/);
  const runtimeIds = one(run({}, { tenantId: 'acme-001' }), 'naming_contract');
  assert.equal(runtimeIds.result, 'pass');
  assert.match(runtimeIds.evidence, /runtime/);
  assert.equal(one(run({ organizationId: null }, { tenantId: 'acme-001' }), 'naming_contract').result, 'unknown');
});

test('naming contract prefix length is configurable and applies only in managed app_database mode', () => {
  assert.equal(expectedAppDatabaseName(ORG, APP, 12), 'appdb_98787790b0b24be49e709777c1b9fd70_e087a89dafff');
  assert.equal(one(run({}, undefined, { ...opts, appDbPrefixLength: 12 }), 'naming_contract').result, 'warning');
  const external = one(
    run({ dataPlaneMode: 'external', appDatabase: { name: 'anything', host: 'pg-1' } }),
    'naming_contract'
  );
  assert.equal(external.result, 'pass');
  assert.match(external.evidence, /Not applicable/);
});

test('verdict: violation beats everything; a critical unknown beats warnings; triage unknowns weigh as warnings', () => {
  assert.equal(
    verdictOf(run({ connection: { kind: 'shared' }, tenantSchema: null, rbacMode: 'permissive' })),
    'violation'
  );
  assert.equal(verdictOf(run({ privilegeProbe: null, rbacMode: 'permissive' })), 'unknown');
  assert.equal(verdictOf(run({ rbacMode: 'permissive' })), 'warning');
  assert.equal(verdictOf(run({ entityCounts: null })), 'warning');
  assert.equal(verdictOf([]), 'unknown');
  const failing = failingOf(
    run({ rbacMode: 'permissive', connection: { kind: 'shared', host: 'pg-1' }, privilegeProbe: null })
  );
  assert.deepEqual(failing, [
    { check: 'connection', result: 'violation' },
    { check: 'privilege_probe', result: 'unknown' },
    { check: 'rbac_mode', result: 'warning' },
  ]);
});

test('no report (fetch failure) → every check unknown → verdict unknown, never isolated', () => {
  const checks = unknownChecks('No report: no answer within 500 ms.', 'Check the platform.');
  assert.equal(checks.length, ISOLATION_CHECKS.length);
  assert.ok(checks.every((c) => c.result === 'unknown'));
  assert.equal(verdictOf(checks), 'unknown');
});

test('the parsed report keeps only known fields and reduces the credential reference to a boolean', () => {
  const parsed = RuntimeReportSchema.parse(
    raw({ secretToken: 'x', connection: { kind: 'isolated', host: 'pg-1', user: 'rt', password: 'pw' } })
  );
  const text = JSON.stringify(parsed);
  assert.doesNotMatch(text, /vault:|secretToken|password|"user"/);
  assert.equal(parsed.credentialConfigured, true);
  assert.equal('managedCredentialRef' in parsed, false);
});
