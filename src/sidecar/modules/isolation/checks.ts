/**
 * The isolation checks (SPEC §3): one pure function per check, from the runtime's report (already
 * stripped of the credential reference) and what Switchyard knows about the tenant, to a result
 * with expected vs observed, evidence and remediation. A missing fact is `unknown`, never `pass`.
 */
import {
  CHECK_LABELS,
  type CheckResultValue,
  type Environment,
  type IsolationCheck,
  type IsolationCheckId,
} from '../../../contract';
import type { RuntimeReport } from '../../platform/isolationApi';

export interface TenantContext {
  tenantId: string;
  /** Switchyard's tenant record, when there is one. */
  record?: { organizationId: string; applicationId: string; environment: Environment };
}

export interface CheckOptions {
  /** Characters of the application id (dashes removed) in the app database name. */
  appDbPrefixLength: number;
  now: Date;
  /** A privilege probe older than this is stale (warning). */
  probeMaxAgeMs: number;
}

type Out = Omit<IsolationCheck, 'check' | 'label'>;
type CheckFn = (r: RuntimeReport, t: TenantContext, o: CheckOptions) => Out;

const SHARED_SCHEMAS = new Set(['public', 'platform', 'information_schema', 'pg_catalog', 'dbo', 'main']);

const pass = (expected: string | null, observed: string | null, evidence: string): Out => ({
  result: 'pass',
  expected,
  observed,
  evidence,
  remediation: null,
});
const problem = (
  result: Exclude<CheckResultValue, 'pass'>,
  expected: string | null,
  observed: string | null,
  evidence: string,
  remediation: string
): Out => ({
  result,
  expected,
  observed,
  evidence,
  remediation,
});
const missing = (expected: string | null, field: string): Out =>
  problem(
    'unknown',
    expected,
    null,
    `The runtime did not report ${field}.`,
    `Check that the platform's runtime isolation API reports ${field} for this tenant.`
  );

/** `appdb_<organization uuid without dashes>_<application id prefix>`. */
export function expectedAppDatabaseName(organizationId: string, applicationId: string, prefixLength: number): string {
  const org = organizationId.replace(/-/g, '').toLowerCase();
  const app = applicationId.replace(/-/g, '').toLowerCase().slice(0, prefixLength);
  return `appdb_${org}_${app}`;
}

const CHECKS: Record<IsolationCheckId, CheckFn> = {
  tenant_schema: (r) => {
    if (!r.tenantSchema) return missing('a tenant-specific schema', 'the tenant schema');
    if (SHARED_SCHEMAS.has(r.tenantSchema.toLowerCase())) {
      return problem(
        'violation',
        'a tenant-specific schema',
        r.tenantSchema,
        `The runtime reports the shared schema "${r.tenantSchema}" as the tenant schema.`,
        'Provision a dedicated schema for the tenant and point its runtime at it.'
      );
    }
    return pass('a tenant-specific schema', r.tenantSchema, `The runtime reports tenant schema "${r.tenantSchema}".`);
  },
  connection: (r) => {
    if (!r.connection) return missing('isolated', 'its connection');
    const observed = `${r.connection.kind}${r.connection.host ? ` (${r.connection.host})` : ''}`;
    if (r.connection.kind === 'isolated')
      return pass('isolated', observed, 'The runtime uses its own isolated database connection.');
    return problem(
      'violation',
      'isolated',
      observed,
      `The runtime uses a ${r.connection.kind} connection, not an isolated one: it can reach data outside the tenant.`,
      'Move the tenant to an isolated connection (its own database user and app database) and retire the shared one.'
    );
  },
  database_scope: (r) => {
    if (!r.databaseScope) return missing('app_database', 'the database scope');
    if (r.databaseScope === 'app_database')
      return pass('app_database', r.databaseScope, 'The runtime is scoped to its own application database.');
    return problem(
      'violation',
      'app_database',
      r.databaseScope,
      `The runtime is scoped to "${r.databaseScope}", not to its application database.`,
      'Re-scope the runtime to its application database.'
    );
  },
  data_plane_mode: (r) => {
    if (!r.dataPlaneMode) return missing('managed', 'the data-plane mode');
    if (r.dataPlaneMode === 'managed')
      return pass('managed', r.dataPlaneMode, 'The data plane is managed by the platform.');
    return problem(
      'warning',
      'managed',
      r.dataPlaneMode,
      `The data plane is "${r.dataPlaneMode}": the platform cannot vouch for its isolation.`,
      'Confirm the external data plane is isolated, or move the tenant to the managed data plane.'
    );
  },
  app_database: (r) => {
    const db = r.appDatabase;
    if (!db?.name || !db.host) return missing('an app database name and host', 'the app database name and host');
    const observed = `${db.name} on ${db.host}`;
    if (r.connection?.kind === 'isolated' && r.connection.host && r.connection.host !== db.host) {
      return problem(
        'warning',
        `connection host ${db.host}`,
        `connection host ${r.connection.host}`,
        `The app database is on ${db.host} but the runtime connects to ${r.connection.host}.`,
        'Point the runtime connection at the app database host.'
      );
    }
    return pass('an app database name and host', observed, `App database ${observed}.`);
  },
  runtime_auth_mode: (r) => {
    if (!r.runtimeAuthMode) return missing('managed_identity', 'the runtime auth mode');
    if (r.runtimeAuthMode === 'managed_identity')
      return pass('managed_identity', r.runtimeAuthMode, 'The runtime authenticates with a managed identity.');
    return problem(
      'warning',
      'managed_identity',
      r.runtimeAuthMode,
      `The runtime authenticates with "${r.runtimeAuthMode}".`,
      'Switch the runtime to managed identity (credentials refresh job).'
    );
  },
  rbac_mode: (r) => {
    if (!r.rbacMode) return missing('enforced', 'the runtime RBAC mode');
    if (r.rbacMode === 'enforced') return pass('enforced', r.rbacMode, 'Runtime RBAC is enforced.');
    return problem(
      'warning',
      'enforced',
      r.rbacMode,
      `Runtime RBAC is "${r.rbacMode}".`,
      'Set the runtime RBAC mode to enforced.'
    );
  },
  deployment: (r, t) => {
    const d = r.deployment;
    if (!d?.target || !d.stage) return missing('a deployment target and stage', 'the deployment target and stage');
    const observed = `${d.target} (${d.stage})`;
    const env = t.record?.environment;
    if (env && env !== d.stage) {
      return problem(
        'warning',
        `stage ${env}`,
        observed,
        `Switchyard has the tenant in ${env} but the runtime is deployed to stage ${d.stage}.`,
        'Redeploy the runtime to the tenant’s environment or correct the tenant record.'
      );
    }
    return pass(env ? `stage ${env}` : 'a deployment target and stage', observed, `Deployed to ${observed}.`);
  },
  naming_contract: (r, t, o) => {
    if (r.databaseScope !== 'app_database' || r.dataPlaneMode !== 'managed') {
      return pass(
        null,
        r.appDatabase?.name ?? null,
        'Not applicable: the naming contract applies to managed app_database mode only.'
      );
    }
    const org = t.record?.organizationId ?? r.organizationId;
    const app = t.record?.applicationId ?? r.applicationId;
    const source = t.record ? 'Switchyard’s tenant record' : 'the runtime’s reported ids';
    if (!org || !app) return missing(null, 'the organization and application ids');
    const expected = expectedAppDatabaseName(org, app, o.appDbPrefixLength);
    const actual = r.appDatabase?.name;
    if (!actual) return missing(expected, 'the app database name');
    if (actual === expected)
      return pass(expected, actual, `The app database name follows the naming contract (ids from ${source}).`);
    return problem(
      'warning',
      expected,
      actual,
      `Naming contract mismatch: expected app database "${expected}", actual "${actual}" (ids from ${source}).`,
      `Rename or re-provision the app database as "${expected}", or correct the tenant’s organization/application ids.`
    );
  },
  catalog_schema_alignment: (r) => {
    const c = r.catalog;
    const s = r.schema;
    if (!c?.current || !c.expected || !s?.current || !s.expected)
      return missing(null, 'the current and expected catalog and schema');
    const expected = `${c.expected}.${s.expected}`;
    const observed = `${c.current}.${s.current}`;
    if (c.current !== c.expected || s.current !== s.expected) {
      return problem(
        'violation',
        expected,
        observed,
        `The live connection is on ${observed}, not ${expected}.`,
        'Reset the runtime connection’s catalog and search path to the tenant’s own, then re-probe.'
      );
    }
    if (r.tenantSchema && s.expected !== r.tenantSchema) {
      return problem(
        'warning',
        r.tenantSchema,
        s.expected,
        `The expected schema "${s.expected}" is not the reported tenant schema "${r.tenantSchema}".`,
        'Align the runtime’s expected schema with the tenant schema.'
      );
    }
    return pass(expected, observed, 'The live catalog and schema match the expected ones.');
  },
  credential_reference: (r) =>
    r.credentialConfigured
      ? pass(
          'configured',
          'configured',
          'A managed credential reference is configured (the reference itself is never read).'
        )
      : problem(
          'warning',
          'configured',
          'not configured',
          'No managed credential reference is configured.',
          'Configure a managed credential reference for the runtime (credentials refresh job).'
        ),
  privilege_probe: (r, _t, o) => {
    const p = r.privilegeProbe;
    if (!p) return missing('no forbidden or sibling tables readable', 'the privilege probe');
    const readable = [...p.forbiddenPlatformTablesReadable, ...p.siblingTablesReadable];
    const when = p.checkedAt ? ` (probed ${p.checkedAt})` : '';
    if (readable.length > 0) {
      return problem(
        'violation',
        'no forbidden or sibling tables readable',
        `readable: ${readable.slice(0, 10).join(', ')}`,
        `The runtime's database user can read ${p.forbiddenPlatformTablesReadable.length} forbidden platform table(s) and ${p.siblingTablesReadable.length} sibling tenant table(s)${when}.`,
        'Revoke the grants on these tables from the runtime’s database user, then re-probe.'
      );
    }
    const age = p.checkedAt ? o.now.getTime() - Date.parse(p.checkedAt) : Number.NaN;
    if (!(age <= o.probeMaxAgeMs)) {
      return problem(
        'warning',
        'a recent privilege probe',
        p.checkedAt ?? 'no probe time',
        'The privilege probe found nothing readable, but it is stale or undated.',
        'Have the platform re-run its privilege probe.'
      );
    }
    return pass(
      'no forbidden or sibling tables readable',
      'none readable',
      `No forbidden platform or sibling tables are readable${when}.`
    );
  },
  credit_health: (r) => {
    const c = r.credits;
    if (!c?.status) return missing('healthy', 'the credit balance');
    const observed = `${c.status}${typeof c.balance === 'number' ? ` (balance ${c.balance})` : ''}`;
    if (c.status === 'healthy') return pass('healthy', observed, `Credits are healthy: ${observed}.`);
    return problem(
      'warning',
      'healthy',
      observed,
      `Credits are ${observed}.`,
      'Top up the tenant’s credits or contact its billing owner.'
    );
  },
  hosted_runtime: (r) => {
    const h = r.hostedRuntime;
    if (!h?.endpoint || !h.status) return missing('running', 'the hosted runtime endpoint and status');
    const observed = `${h.status} at ${h.endpoint}`;
    if (!h.endpoint.startsWith('https://')) {
      return problem(
        'warning',
        'an https endpoint',
        observed,
        'The hosted runtime endpoint is not served over https.',
        'Serve the runtime endpoint over https.'
      );
    }
    if (h.status === 'running') return pass('running', observed, `The hosted runtime is ${observed}.`);
    return problem(
      'warning',
      'running',
      observed,
      `The hosted runtime is ${observed}.`,
      'Check the deployments serving the tenant on its Overview tab; restart one there if it is stuck.'
    );
  },
  entity_counts: (r) => {
    const e = r.entityCounts;
    if (!e || e.knowledgeGraphNodes == null || e.rbacRoles == null)
      return missing('entity counts', 'the entity counts');
    const observed = `KG ${e.knowledgeGraphNodes} nodes / ${e.knowledgeGraphEdges ?? '?'} edges, RBAC ${e.rbacRoles} roles / ${e.rbacBindings ?? '?'} bindings`;
    if (e.rbacRoles === 0)
      return problem(
        'warning',
        'at least one RBAC role',
        observed,
        'The runtime reports no RBAC roles: it is not ready.',
        'Seed the tenant’s RBAC roles.'
      );
    return pass('entity counts', observed, `Readiness counts: ${observed}.`);
  },
};

/** Checks whose `unknown` makes the verdict unknown; the others are triage and weigh at most as a warning. */
export const CRITICAL_CHECKS: ReadonlySet<IsolationCheckId> = new Set([
  'tenant_schema',
  'connection',
  'database_scope',
  'catalog_schema_alignment',
  'privilege_probe',
  'naming_contract',
  'credential_reference',
]);

export function runChecks(report: RuntimeReport, tenant: TenantContext, options: CheckOptions): IsolationCheck[] {
  return (Object.keys(CHECKS) as IsolationCheckId[]).map((check) => ({
    check,
    label: CHECK_LABELS[check],
    ...CHECKS[check](report, tenant, options),
  }));
}

/** Every check `unknown`, with the reason the report could not be had. */
export function unknownChecks(evidence: string, remediation: string): IsolationCheck[] {
  return (Object.keys(CHECKS) as IsolationCheckId[]).map((check) => ({
    check,
    label: CHECK_LABELS[check],
    result: 'unknown',
    expected: null,
    observed: null,
    evidence,
    remediation,
  }));
}
