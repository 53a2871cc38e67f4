import { z } from 'zod';
import { csvList, IsoDateSchema, PageQuerySchema, ReasonSchema } from './common';
import { EnvironmentSchema } from './tenants';

/**
 * Runtime isolation posture (SPEC §3). The platform's runtime isolation API is the authority; the
 * sidecar turns each report into checks and a verdict. Nothing here ever carries a credential:
 * the managed credential reference is reduced to a boolean before it reaches this shape.
 */

/** Most severe first: the order of the posture list and of the verdict rule. */
export const ISOLATION_VERDICTS = ['violation', 'unknown', 'warning', 'isolated'] as const;
export const IsolationVerdictSchema = z.enum(ISOLATION_VERDICTS);
export type IsolationVerdict = z.infer<typeof IsolationVerdictSchema>;

export const CHECK_RESULTS = ['violation', 'unknown', 'warning', 'pass'] as const;
export const CheckResultValueSchema = z.enum(CHECK_RESULTS);
export type CheckResultValue = z.infer<typeof CheckResultValueSchema>;

export const ISOLATION_CHECKS = [
  'tenant_schema',
  'connection',
  'database_scope',
  'data_plane_mode',
  'app_database',
  'runtime_auth_mode',
  'rbac_mode',
  'deployment',
  'naming_contract',
  'catalog_schema_alignment',
  'credential_reference',
  'privilege_probe',
  'credit_health',
  'hosted_runtime',
  'entity_counts',
] as const;
export const IsolationCheckIdSchema = z.enum(ISOLATION_CHECKS);
export type IsolationCheckId = z.infer<typeof IsolationCheckIdSchema>;

export const CHECK_LABELS: Record<IsolationCheckId, string> = {
  tenant_schema: 'Tenant schema',
  connection: 'Isolated connection',
  database_scope: 'Database scope',
  data_plane_mode: 'Data-plane mode',
  app_database: 'App database',
  runtime_auth_mode: 'Runtime auth mode',
  rbac_mode: 'Runtime RBAC mode',
  deployment: 'Deployment target and stage',
  naming_contract: 'Naming contract',
  catalog_schema_alignment: 'Catalog and schema alignment',
  credential_reference: 'Managed credential reference',
  privilege_probe: 'Privilege probe',
  credit_health: 'Credit health',
  hosted_runtime: 'Hosted runtime',
  entity_counts: 'Entity counts',
};

export const IsolationCheckSchema = z.object({
  check: IsolationCheckIdSchema,
  label: z.string(),
  result: CheckResultValueSchema,
  expected: z.string().nullable(),
  observed: z.string().nullable(),
  evidence: z.string(),
  /** What to do about a non-passing result; null when it passes. */
  remediation: z.string().nullable(),
});
export type IsolationCheck = z.infer<typeof IsolationCheckSchema>;

/** Why a tenant could not be probed (its verdict is then `unknown`). */
export const PROBE_ERROR_CODES = [
  'not_configured',
  'not_probed',
  'timeout',
  'unreachable',
  'http_error',
  'not_found',
  'invalid_response',
] as const;
export const ProbeErrorSchema = z.object({ code: z.enum(PROBE_ERROR_CODES), message: z.string() });
export type ProbeError = z.infer<typeof ProbeErrorSchema>;

export const IsolationSummarySchema = z.object({
  tenantId: z.string(),
  /** From Switchyard's tenant record, else the runtime's reported deployment stage. */
  environment: EnvironmentSchema.nullable(),
  /** True when Switchyard has a tenant record for this id. */
  known: z.boolean(),
  verdict: IsolationVerdictSchema,
  /** Checks that did not pass, most severe first. */
  failing: z.array(z.object({ check: IsolationCheckIdSchema, result: CheckResultValueSchema })),
  /** When the platform was last asked; null when never probed. */
  probedAt: IsoDateSchema.nullable(),
  error: ProbeErrorSchema.nullable(),
});
export type IsolationSummary = z.infer<typeof IsolationSummarySchema>;

export const VerdictCountsSchema = z.object({
  violation: z.number().int(),
  unknown: z.number().int(),
  warning: z.number().int(),
  isolated: z.number().int(),
});
export type VerdictCounts = z.infer<typeof VerdictCountsSchema>;

export const ListIsolationQuerySchema = PageQuerySchema.extend({
  verdict: csvList(IsolationVerdictSchema, 20).optional(),
  /** Tenants where any of these checks did not pass. */
  check: csvList(IsolationCheckIdSchema, 20).optional(),
  environment: csvList(EnvironmentSchema, 20).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListIsolationQuery = z.infer<typeof ListIsolationQuerySchema>;

export const IsolationPageSchema = z.object({
  /** False when SWITCHYARD_PLATFORM_URL is unset: nothing can be probed. */
  configured: z.boolean(),
  items: z.array(IsolationSummarySchema),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  /** By verdict, over the tenants matching every filter except `verdict`. */
  counts: VerdictCountsSchema,
  /** End of the last complete background refresh; null before the first one. */
  lastRefreshAt: IsoDateSchema.nullable(),
});
export type IsolationPage = z.infer<typeof IsolationPageSchema>;

export const VerdictChangeSchema = z.object({
  verdict: IsolationVerdictSchema,
  previousVerdict: IsolationVerdictSchema.nullable(),
  changedAt: IsoDateSchema,
  failing: z.array(IsolationCheckIdSchema),
});
export type VerdictChange = z.infer<typeof VerdictChangeSchema>;

export const TenantIsolationSchema = IsolationSummarySchema.extend({
  configured: z.boolean(),
  checks: z.array(IsolationCheckSchema),
  /** Verdict changes, newest first (bounded). */
  history: z.array(VerdictChangeSchema),
});
export type TenantIsolation = z.infer<typeof TenantIsolationSchema>;

export const ProbeIsolationSchema = z.object({ reason: ReasonSchema });
export type ProbeIsolation = z.infer<typeof ProbeIsolationSchema>;

export const verdictRank = (v: IsolationVerdict): number => ISOLATION_VERDICTS.indexOf(v);
export const resultRank = (r: CheckResultValue): number => CHECK_RESULTS.indexOf(r);
