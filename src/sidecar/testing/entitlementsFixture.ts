/**
 * Entitlement test support: a test app with SWITCHYARD_ENTITLEMENTS=on, Grafana teams served by the
 * stand-in identity provider, the standard cast of users, rules mapping their teams, and bulk tenant
 * seeding straight into the store (both backends) for the large list/count checks.
 */
import { DEFAULT_QUOTAS, type EntitlementRuleInput, type Tenant } from '../../contract';
import { tenantToRow } from '../modules/tenants/tenants.store';
import type { AlertsTable, JobsTable } from '../kernel/database/schema';
import { TEST_SA_TOKEN, type TokenOptions } from './identityProvider';
import { idempotencyKey, startTestApp, type Backend, type TestApp } from './testApp';

export const TEAM_A = 'payments';
export const TEAM_B = 'search';
export const TEAM_SRE = 'sre';

/** The matrix's users: login, org role and Grafana teams. */
export const USERS = {
  sre: { login: 'sam-sre', role: 'Editor', teams: [TEAM_SRE] },
  teamA: { login: 'alice-a', role: 'Editor', teams: [TEAM_A] },
  teamB: { login: 'bob-b', role: 'Editor', teams: [TEAM_B] },
  noTeam: { login: 'nora-none', role: 'Editor', teams: [] },
  viewer: { login: 'vic-viewer', role: 'Viewer', teams: [TEAM_A] },
  admin: { login: 'ada-admin', role: 'Admin', teams: [] },
} as const;
export type UserKey = keyof typeof USERS;

export function tokenFor(user: UserKey): TokenOptions {
  const u = USERS[user];
  return { claims: { username: u.login, role: u.role, sub: `user:${u.login}` } };
}

/** Team name → member logins, from USERS plus `extra`. */
export function teamMembers(extra: Record<string, string[]> = {}): Record<string, string[]> {
  const teams: Record<string, string[]> = { ...extra };
  for (const u of Object.values(USERS)) for (const t of u.teams) (teams[t] ??= []).push(u.login);
  return teams;
}

export async function startEntitledApp(backend: Backend, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp(backend, {
    SWITCHYARD_ENTITLEMENTS: 'on',
    SWITCHYARD_GRAFANA_SA_TOKEN: TEST_SA_TOKEN,
    ...env,
  });
  t.idp.setTeams(teamMembers());
  return t;
}

/** Adds a rule as an Admin; returns it. */
export async function addRule(t: TestApp, rule: EntitlementRuleInput) {
  const res = await t.call('createEntitlementRule', {
    body: rule,
    token: tokenFor('admin'),
    headers: { 'idempotency-key': idempotencyKey() },
  });
  if (res.statusCode !== 201) throw new Error(`rule not created: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number };
}

/** The standard rules: SRE sees all, team A and team B see the tenants labelled with their team. */
export async function addStandardRules(t: TestApp): Promise<void> {
  await addRule(t, { subject: { type: 'team', team: TEAM_SRE }, scope: { type: 'all' }, description: 'SRE' });
  await addRule(t, {
    subject: { type: 'team', team: TEAM_A },
    scope: { type: 'labels', labels: { team: TEAM_A } },
    description: '',
  });
  await addRule(t, {
    subject: { type: 'team', team: TEAM_B },
    scope: { type: 'labels', labels: { team: TEAM_B } },
    description: '',
  });
}

export function tenantFixture(id: string, over: Partial<Tenant> = {}, now = new Date(0)): Tenant {
  const ts = now.toISOString();
  return {
    id,
    displayName: `Tenant ${id}`,
    plan: 'team',
    environment: 'prod',
    organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    labels: {},
    quotas: DEFAULT_QUOTAS,
    featureFlags: { killSwitch: false },
    contacts: [],
    status: 'active',
    version: 1,
    createdAt: ts,
    updatedAt: ts,
    ...over,
  };
}

/** Writes tenants (and their label rows) in batches, in one transaction. */
export async function seedTenantRows(t: TestApp, tenants: readonly Tenant[]): Promise<void> {
  const BATCH = 400;
  await t.database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < tenants.length; i += BATCH) {
      const chunk = tenants.slice(i, i + BATCH);
      await trx.insertInto('tenants').values(chunk.map(tenantToRow)).execute();
      const labels = chunk.flatMap((x) =>
        Object.entries(x.labels).map(([key, value]) => ({ tenant_id: x.id, key, value }))
      );
      if (labels.length) await trx.insertInto('tenant_labels').values(labels).execute();
    }
  });
}

/** A finished job row on `tenantId` (null: a fleet job in prod). */
export function jobRow(id: string, tenantId: string | null, at: string): JobsTable {
  return {
    id,
    type: 'tenant.drain',
    status: 'succeeded',
    active: 0,
    environment: 'prod',
    tenant_id: tenantId,
    lock_key: `tenant:${tenantId ?? 'fleet'}`,
    target: tenantId ?? 'prod',
    params: '{}',
    reason: 'test job',
    source: JSON.stringify({ kind: 'api' }),
    requested_by_login: 'bob',
    requested_by_org: 1,
    approval: JSON.stringify({
      required: false,
      status: 'not_required',
      planHash: 'h',
      approvedBy: null,
      approvedAt: null,
    }),
    plan: '{}',
    context: '{}',
    current_step: 0,
    step_count: 0,
    cancel_requested: 0,
    error: null,
    request_id: 'rq-job-0',
    created_at: at,
    updated_at: at,
    started_at: at,
    finished_at: at,
    lease_owner: null,
    lease_expires_at: null,
    fence: 0,
  };
}

/** A firing alert row on `tenantId` (null: a fleet alert in prod), labelled as Alertmanager would. */
export function alertRow(fingerprint: string, tenantId: string | null, at: string): AlertsTable {
  return {
    fingerprint,
    alertname: 'TenantErrorRate',
    status: 'firing',
    active: 1,
    event_ts: at,
    severity: 'warning',
    summary: 'errors',
    runbook_url: null,
    tenant_id: tenantId,
    shard: null,
    service: null,
    environment: 'prod',
    labels: JSON.stringify({ alertname: 'TenantErrorRate', env: 'prod', ...(tenantId ? { tenant_id: tenantId } : {}) }),
    starts_at: at,
    ends_at: null,
    received_at: at,
    generator_url: null,
  };
}
