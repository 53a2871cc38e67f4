/**
 * Versioned configuration: typed documents per config kind and scope. The default scope holds a
 * complete document; environment, plan and tenant scopes hold overrides (a subset of the keys).
 * Every write is a new immutable version; the effective config of a tenant resolves
 * default → environment → plan → tenant override and says where each key comes from.
 */
import { z } from 'zod';
import { IsoDateSchema, ReasonSchema } from './common';
import { ServiceKindSchema } from './placement';
import { EnvironmentSchema, PlanSchema, TenantIdSchema } from './tenants';

const count = (max: number) => z.number().int().min(0).max(max);
const FlagNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,63}$/, 'Flag names start with a lowercase letter');
const RouteTemplateSchema = z.string().regex(/^\/[A-Za-z0-9_:/.{}-]{0,199}$/, 'A route template starts with /');

export const GatewayRateLimitsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  requestsPerSecond: count(1_000_000),
  burst: count(1_000_000),
  perRoute: z.record(
    RouteTemplateSchema,
    z.strictObject({ requestsPerSecond: count(1_000_000), burst: count(1_000_000) })
  ),
});

export const AUTH_MODES = ['password', 'oidc', 'api_key', 'mtls'] as const;
export const GatewayAuthPolicySchema = z.strictObject({
  schemaVersion: z.literal(1),
  allowedModes: z.array(z.enum(AUTH_MODES)).min(1).max(AUTH_MODES.length),
  sessionTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600),
  maxFailedLogins: z.number().int().min(1).max(1000),
  lockoutSeconds: count(24 * 3600),
  requireMfa: z.boolean(),
});

export const ServiceConcurrencySchema = z.strictObject({
  schemaVersion: z.literal(1),
  caps: z.partialRecord(
    ServiceKindSchema,
    z.strictObject({ maxInFlight: z.number().int().min(1).max(100_000), maxQueue: count(1_000_000) })
  ),
});

export const DrainThresholdsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  maxInFlight: count(100_000),
  maxConsumerLag: count(10_000_000),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600),
});

export const TenantLimitsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  requestsPerSecond: count(1_000_000),
  maxConcurrentCommands: count(100_000),
  maxEntities: count(1_000_000_000),
  storageGb: count(1_000_000),
});

export const TenantFlagsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  flags: z.record(FlagNameSchema, z.boolean()),
});

/** Every config kind and the zod schema of its complete document. */
export const configKindSchemas = {
  'gateway.rate-limits': GatewayRateLimitsSchema,
  'gateway.auth-policy': GatewayAuthPolicySchema,
  'service.concurrency': ServiceConcurrencySchema,
  'drain.thresholds': DrainThresholdsSchema,
  'tenant.limits': TenantLimitsSchema,
  'tenant.flags': TenantFlagsSchema,
} as const;
export type ConfigKind = keyof typeof configKindSchemas;
export const CONFIG_KINDS = Object.keys(configKindSchemas) as ConfigKind[];
export const ConfigKindSchema = z.enum(CONFIG_KINDS as [ConfigKind, ...ConfigKind[]]);
export type ConfigValue<K extends ConfigKind = ConfigKind> = z.infer<(typeof configKindSchemas)[K]>;

/** The current schemaVersion of each kind (documents carry it; a reader refuses a newer one). */
export const CONFIG_SCHEMA_VERSION = 1;

// ---- scopes -----------------------------------------------------------------------------------

export const CONFIG_LEVELS = ['default', 'environment', 'plan', 'tenant'] as const;
export const ConfigLevelSchema = z.enum(CONFIG_LEVELS);
export type ConfigLevel = z.infer<typeof ConfigLevelSchema>;

export const ConfigScopeSchema = z.discriminatedUnion('level', [
  z.strictObject({ level: z.literal('default') }),
  z.strictObject({ level: z.literal('environment'), environment: EnvironmentSchema }),
  z.strictObject({ level: z.literal('plan'), plan: PlanSchema }),
  z.strictObject({ level: z.literal('tenant'), tenantId: TenantIdSchema }),
]);
export type ConfigScope = z.infer<typeof ConfigScopeSchema>;

/** `default`, `environment:prod`, `plan:team`, `tenant:acme-001`: the scope as one URL path segment. */
export const SCOPE_KEY_PATTERN =
  /^(default|environment:(dev|staging|prod)|plan:(free|team|business|enterprise)|tenant:[a-z0-9][a-z0-9-]{1,62})$/;
export const ScopeKeySchema = z
  .string()
  .regex(SCOPE_KEY_PATTERN, 'A scope is default, environment:<env>, plan:<plan> or tenant:<tenant id>');

export function scopeKey(scope: ConfigScope): string {
  switch (scope.level) {
    case 'default':
      return 'default';
    case 'environment':
      return `environment:${scope.environment}`;
    case 'plan':
      return `plan:${scope.plan}`;
    case 'tenant':
      return `tenant:${scope.tenantId}`;
  }
}

export function parseScopeKey(key: string): ConfigScope {
  if (!SCOPE_KEY_PATTERN.test(key)) throw new Error(`not a config scope: ${key}`);
  const [level, id] = key.split(/:(.*)/s);
  if (level === 'default') return { level: 'default' };
  if (level === 'environment') return ConfigScopeSchema.parse({ level, environment: id });
  if (level === 'plan') return ConfigScopeSchema.parse({ level, plan: id });
  return ConfigScopeSchema.parse({ level: 'tenant', tenantId: id });
}

// ---- documents, versions, diff ----------------------------------------------------------------

/** A JSON object as stored: validated against its kind's schema (complete at default scope, a subset elsewhere). */
export const ConfigValueSchema = z.record(z.string(), z.unknown());

export const ConfigVersionSchema = z.object({
  kind: ConfigKindSchema,
  scope: ScopeKeySchema,
  /** 1, 2, 3, … per (kind, scope); never reused, never rewritten. */
  version: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  value: ConfigValueSchema,
  author: z.string(),
  reason: z.string(),
  createdAt: IsoDateSchema,
  /** Content hash (sha256 hex) of kind, scope, schemaVersion and value. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when this version restores an older one (rollback). */
  restoredFrom: z.number().int().positive().nullable(),
});
export type ConfigVersion = z.infer<typeof ConfigVersionSchema>;

export const ConfigDocumentSummarySchema = z.object({
  kind: ConfigKindSchema,
  scope: ScopeKeySchema,
  latestVersion: z.number().int().positive(),
  /** The version applied in each environment, null where it is not applied yet. */
  appliedVersion: z.record(EnvironmentSchema, z.number().int().positive().nullable()),
  updatedAt: IsoDateSchema,
  author: z.string(),
});
export const ConfigDocumentListSchema = z.object({ items: z.array(ConfigDocumentSummarySchema) });
export const ListConfigDocumentsQuerySchema = z.object({
  kind: ConfigKindSchema.optional(),
  level: ConfigLevelSchema.optional(),
});

export const ConfigDocumentParamsSchema = z.object({ kind: ConfigKindSchema, scope: ScopeKeySchema });
export const ConfigVersionParamsSchema = ConfigDocumentParamsSchema.extend({
  version: z.coerce.number().int().positive(),
});
export const ConfigVersionListSchema = z.object({ items: z.array(ConfigVersionSchema) });

export const WriteConfigSchema = z.strictObject({
  value: ConfigValueSchema,
  reason: ReasonSchema,
  /** The latest version the author edited; a newer one makes the write a 409 (null for the first version). */
  baseVersion: z.number().int().positive().nullable(),
});
export type WriteConfig = z.infer<typeof WriteConfigSchema>;

export const CONFIG_CHANGES = ['added', 'removed', 'changed'] as const;
export const ConfigDiffEntrySchema = z.object({
  /** Path of a leaf: identifiers dotted, other keys bracketed (`perRoute["/v1/query"].burst`); arrays are leaves. */
  path: z.string(),
  change: z.enum(CONFIG_CHANGES),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type ConfigDiffEntry = z.infer<typeof ConfigDiffEntrySchema>;

export const ConfigDiffQuerySchema = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
export const ConfigDiffSchema = z.object({
  kind: ConfigKindSchema,
  scope: ScopeKeySchema,
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  entries: z.array(ConfigDiffEntrySchema),
});
export type ConfigDiff = z.infer<typeof ConfigDiffSchema>;

// ---- validation (shared with definitions) -----------------------------------------------------

export const ValidationIssueSchema = z.object({
  /** Dotted path into the validated document (`aggregates.2.name`); empty for the whole document. */
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;
export const ValidationResultSchema = z.object({
  valid: z.boolean(),
  errors: z.array(ValidationIssueSchema),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

// ---- effective config, preview, apply, rollback -----------------------------------------------

export const ProvenanceEntrySchema = z.object({
  path: z.string(),
  value: z.unknown(),
  source: ConfigLevelSchema,
  /** The scope key of the document the value comes from. */
  scope: ScopeKeySchema,
  /** Version of that document; null for the built-in default. */
  version: z.number().int().positive().nullable(),
});
export type ProvenanceEntry = z.infer<typeof ProvenanceEntrySchema>;

export const EffectiveConfigSchema = z.object({
  kind: ConfigKindSchema,
  value: ConfigValueSchema,
  entries: z.array(ProvenanceEntrySchema),
});
export type EffectiveConfig = z.infer<typeof EffectiveConfigSchema>;

export const TenantEffectiveConfigSchema = z.object({
  tenantId: TenantIdSchema,
  environment: EnvironmentSchema,
  plan: PlanSchema,
  configs: z.array(EffectiveConfigSchema),
});

export const PreviewConfigSchema = z.strictObject({
  kind: ConfigKindSchema,
  scope: ScopeKeySchema,
  value: ConfigValueSchema,
  /** How many affected tenants to show in full. */
  sampleSize: z.number().int().min(1).max(100).default(20),
});
export const ConfigPreviewSchema = z.object({
  validation: ValidationResultSchema,
  diff: z.array(ConfigDiffEntrySchema),
  affectedTenants: z.number().int().nonnegative(),
  samples: z.array(
    z.object({
      tenantId: TenantIdSchema,
      changes: z.array(
        z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), source: ConfigLevelSchema })
      ),
    })
  ),
});
export type ConfigPreview = z.infer<typeof ConfigPreviewSchema>;

export const ApplyConfigSchema = z.strictObject({
  version: z.number().int().positive(),
  /** Environments in rollout order; each is applied, verified, then the next one starts. */
  environments: z.array(EnvironmentSchema).min(1).max(3),
  reason: ReasonSchema,
});
export const RollbackConfigSchema = z.strictObject({
  /** The version to restore; the rollback is a new version equal to it. */
  toVersion: z.number().int().positive(),
  reason: ReasonSchema,
});
export const ConfigApplyResponseSchema = z.object({ jobId: z.string().uuid(), version: z.number().int().positive() });
