import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimMetrics } from './metrics';
import type { PlatformModel, SimTenant } from './model';
import type { IsolationProblem, ScenarioState } from './scenarios';

/**
 * The platform's runtime isolation API (the authority Switchyard reads, SPEC §3):
 *   GET /v1/runtime/isolation?tenant=<id>      and      GET /v1/runtime/isolation/<id>
 * 200 with the report below, 400 without a tenant, 404 for an unknown tenant. The
 * `platformApiDelayMs` / `platformApiHang` knobs slow it down or make it never answer.
 */
export interface IsolationReport {
  tenantId: string;
  organizationId: string;
  applicationId: string;
  tenantSchema: string;
  connection: { kind: 'isolated' | 'shared'; host: string; user: string };
  databaseScope: 'app_database' | 'platform_database';
  dataPlaneMode: 'managed' | 'external';
  appDatabase: { name: string; host: string };
  runtimeAuthMode: 'managed_identity' | 'static_password';
  rbacMode: 'enforced' | 'permissive';
  deployment: { target: string; stage: 'dev' | 'staging' | 'prod' };
  catalog: { current: string; expected: string };
  schema: { current: string; expected: string };
  managedCredentialRef: string | null;
  privilegeProbe: { checkedAt: string; forbiddenPlatformTablesReadable: string[]; siblingTablesReadable: string[] };
  credits: { balance: number; currency: 'credits'; status: 'healthy' | 'low' | 'exhausted' };
  hostedRuntime: { endpoint: string; status: 'running' | 'degraded' | 'stopped' };
  entityCounts: { knowledgeGraphNodes: number; knowledgeGraphEdges: number; rbacRoles: number; rbacBindings: number };
  observedAt: string;
}

export const expectedAppDatabaseName = (t: SimTenant): string =>
  `appdb_${t.organizationId.replace(/-/g, '')}_${t.applicationId.replace(/-/g, '').slice(0, 8)}`;

/** The tenant's runtime database: the isolation API reports it, and the tenant's DSN Secret points at it. */
export function runtimeDatabase(t: SimTenant): { host: string; user: string; name: string } {
  const schema = `tenant_${t.id.replace(/-/g, '_')}`;
  return { host: `pg-${t.env}-${t.index % 3}.db.internal`, user: `rt_${schema}`, name: expectedAppDatabaseName(t) };
}

export function problemOf(t: SimTenant, scenarios: ScenarioState): IsolationProblem | null {
  const o = scenarios.get().isolation[t.id];
  if (o === 'clean') return null;
  return o ?? t.seededProblem;
}

export function isolationReport(model: PlatformModel, t: SimTenant, problem: IsolationProblem | null): IsolationReport {
  const schema = `tenant_${t.id.replace(/-/g, '_')}`;
  const { host, user, name: expectedDb } = runtimeDatabase(t);
  const sibling = model.tenants.find((x) => x.env === t.env && x.id !== t.id) ?? t;
  const seed = t.index * 7919;
  return {
    tenantId: t.id,
    organizationId: t.organizationId,
    applicationId: t.applicationId,
    tenantSchema: schema,
    connection:
      problem === 'shared_connection'
        ? { kind: 'shared', host: `pg-${t.env}-platform.db.internal`, user: 'platform_rw' }
        : { kind: 'isolated', host, user },
    databaseScope: 'app_database',
    dataPlaneMode: 'managed',
    appDatabase: { name: problem === 'naming_mismatch' ? `appdb_${t.id.replace(/-/g, '_')}` : expectedDb, host },
    runtimeAuthMode: problem === 'shared_connection' ? 'static_password' : 'managed_identity',
    rbacMode: 'enforced',
    // The deployment serving the tenant: its gateway shard's (deployments are named after shards).
    deployment: { target: `k8s://platform-${t.env}/${model.shardOf(t.id, 'gateway') ?? 'gateway'}`, stage: t.env },
    catalog: { current: expectedDb, expected: expectedDb },
    schema: { current: problem === 'schema_misalignment' ? 'public' : schema, expected: schema },
    managedCredentialRef: problem === 'credential_missing' ? null : `vault:kv/tenants/${t.id}#dsn`,
    privilegeProbe: {
      checkedAt: new Date(model.now()).toISOString(),
      forbiddenPlatformTablesReadable:
        problem === 'privilege_violation' ? ['platform.tenants', 'platform.billing_accounts'] : [],
      siblingTablesReadable:
        problem === 'privilege_violation' ? [`tenant_${sibling.id.replace(/-/g, '_')}.entities`] : [],
    },
    credits: (() => {
      const balance = (seed % 50_000) + (t.plan === 'free' ? 0 : 10_000);
      return {
        balance,
        currency: 'credits' as const,
        status: balance === 0 ? ('exhausted' as const) : balance < 2_000 ? ('low' as const) : ('healthy' as const),
      };
    })(),
    hostedRuntime: { endpoint: `https://${t.id}.${t.env}.runtime.switchyard.dev`, status: 'running' },
    entityCounts: {
      knowledgeGraphNodes: 1_000 + (seed % 90_000),
      knowledgeGraphEdges: 3_000 + (seed % 250_000),
      rbacRoles: 3 + (t.index % 9),
      rbacBindings: 10 + (t.index % 40),
    },
    observedAt: new Date(model.now()).toISOString(),
  };
}

export function registerIsolationRoutes(
  app: FastifyInstance,
  model: PlatformModel,
  scenarios: ScenarioState,
  metrics: SimMetrics
): void {
  const serve = async (tenantId: string | undefined, reply: FastifyReply, endpoint: string) => {
    const s = scenarios.get();
    if (s.platformApiHang) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 600_000);
        reply.raw.on('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
      return reply;
    }
    if (s.platformApiDelayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, s.platformApiDelayMs);
        reply.raw.on('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    const t = tenantId ? model.tenant(tenantId) : undefined;
    const env = t?.env ?? 'unknown';
    if (!tenantId) {
      metrics.platformApiRequests.inc({ service: 'platform-api', env, endpoint, status_class: '4xx' });
      return reply.code(400).send({ error: 'bad_request', message: 'tenant is required (?tenant=<id>)' });
    }
    if (!t) {
      metrics.platformApiRequests.inc({ service: 'platform-api', env, endpoint, status_class: '4xx' });
      return reply.code(404).send({ error: 'not_found', message: `tenant ${tenantId} not found` });
    }
    metrics.platformApiRequests.inc({ service: 'platform-api', env, endpoint, status_class: '2xx' });
    return reply.send(isolationReport(model, t, problemOf(t, scenarios)));
  };
  app.get<{ Querystring: { tenant?: string } }>('/v1/runtime/isolation', async (req, reply) =>
    serve(req.query.tenant, reply, '/v1/runtime/isolation')
  );
  app.get<{ Params: { tenantId: string } }>('/v1/runtime/isolation/:tenantId', async (req, reply) =>
    serve(req.params.tenantId, reply, '/v1/runtime/isolation/:tenantId')
  );
}
