/**
 * Definitions: bundles of aggregates, projections, sagas and effect providers, validated (schema and
 * semantic checks), analysed for impact, promoted dev → staging → prod (prod needs a second
 * person's approval) and reverted to the last known good bundle in one action.
 */
import { z } from 'zod';
import { IsoDateSchema, ReasonSchema } from './common';
import { ValidationResultSchema } from './configDocs';
import { ServiceKindSchema, ShardIdSchema } from './placement';
import { EnvironmentSchema, TenantIdSchema } from './tenants';

/** Definition names are identifiers other definitions refer to. */
export const DefinitionNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'A name starts with a letter: letters, digits, _ . - (up to 100)');
export const BundleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'A bundle name is 2–63 lowercase letters, digits or dashes');
export const SEMVER_PATTERN = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
export const BundleVersionSchema = z.string().regex(SEMVER_PATTERN, 'A bundle version is MAJOR.MINOR.PATCH');

export const BundleManifestSchema = z.strictObject({
  name: BundleNameSchema,
  version: BundleVersionSchema,
  description: z.string().max(500).optional(),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

const names = z.array(DefinitionNameSchema).max(200);

export const AggregateDefSchema = z.strictObject({
  name: DefinitionNameSchema,
  commands: names.min(1),
  events: names.min(1),
});
export const ProjectionDefSchema = z.strictObject({
  name: DefinitionNameSchema,
  /** Events (by name, emitted by some aggregate of the bundle) this projection consumes. */
  consumes: names.min(1),
});
export const SagaDefSchema = z.strictObject({
  name: DefinitionNameSchema,
  /** Events that start or advance the saga. */
  triggers: names.min(1),
  /** Commands (of some aggregate) the saga issues. */
  issues: names,
  /** Effect providers the saga calls. */
  effects: names,
});
export const EFFECT_PROVIDER_TYPES = ['webhook', 'email', 'billing', 'queue'] as const;
export const EffectProviderDefSchema = z.strictObject({
  name: DefinitionNameSchema,
  type: z.enum(EFFECT_PROVIDER_TYPES),
  timeoutMs: z.number().int().min(100).max(300_000),
});

export const DefinitionBundleSchema = z.strictObject({
  manifest: BundleManifestSchema,
  aggregates: z.array(AggregateDefSchema).max(500),
  projections: z.array(ProjectionDefSchema).max(500),
  sagas: z.array(SagaDefSchema).max(500),
  effectProviders: z.array(EffectProviderDefSchema).max(100),
  /** Policy flag: whether tenants may override definitions of this bundle. */
  tenantOverridesAllowed: z.boolean().default(false),
});
export type DefinitionBundle = z.infer<typeof DefinitionBundleSchema>;

/** A stored bundle version: immutable once uploaded. */
export const BundleRecordSchema = z.object({
  name: BundleNameSchema,
  version: BundleVersionSchema,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  bundle: DefinitionBundleSchema,
  validation: ValidationResultSchema,
  uploadedBy: z.string(),
  uploadedAt: IsoDateSchema,
});
export type BundleRecord = z.infer<typeof BundleRecordSchema>;
export const BundleSummarySchema = BundleRecordSchema.omit({ bundle: true });
export const BundleListSchema = z.object({ items: z.array(BundleSummarySchema) });
export const BundleParamsSchema = z.object({ name: BundleNameSchema, version: BundleVersionSchema });

/**
 * Manifest text is at most 256 KiB: parsing YAML costs the sidecar's one thread about 1 ms per KiB
 * (measured: 0.24 s for 256 KiB, 0.74 s for 1 MB), so a bound keeps one upload from stalling every
 * other request. Larger bundles go as JSON objects, which the body parser reads far faster.
 */
export const MAX_BUNDLE_TEXT_CHARS = 256 * 1024;
const BundleInputSchema = z.union([
  z.record(z.string(), z.unknown()),
  z
    .string()
    .max(
      MAX_BUNDLE_TEXT_CHARS,
      `Bundle text is limited to ${MAX_BUNDLE_TEXT_CHARS / 1024} KiB; send a larger bundle as a JSON object`
    ),
]);

export const UploadBundleSchema = z.strictObject({
  /** The bundle as JSON, or its YAML/JSON manifest text (parsed by the sidecar). */
  bundle: BundleInputSchema,
  reason: ReasonSchema,
});
export const ValidateBundleSchema = z.strictObject({
  bundle: BundleInputSchema,
  environment: EnvironmentSchema.optional(),
});

// ---- environments, promotion, revert ----------------------------------------------------------

export const DEFINITION_ENVIRONMENT_ORDER = ['dev', 'staging', 'prod'] as const;

export const DeployedBundleSchema = z.object({
  name: BundleNameSchema,
  version: BundleVersionSchema,
  hash: z.string(),
  promotedAt: IsoDateSchema,
  promotedBy: z.string(),
  /** False once a health check or an operator marked it bad. */
  healthy: z.boolean(),
});
export type DeployedBundle = z.infer<typeof DeployedBundleSchema>;

export const BundleEnvironmentStateSchema = z.object({
  environment: EnvironmentSchema,
  bundleName: BundleNameSchema,
  current: DeployedBundleSchema.nullable(),
  /** The newest earlier bundle that was healthy; the target of a revert. */
  lastKnownGood: DeployedBundleSchema.nullable(),
  /** Newest first. */
  history: z.array(DeployedBundleSchema),
});
export type BundleEnvironmentState = z.infer<typeof BundleEnvironmentStateSchema>;
export const BundleEnvironmentListSchema = z.object({ items: z.array(BundleEnvironmentStateSchema) });

export const PromotionRequestSchema = z.strictObject({
  name: BundleNameSchema,
  version: BundleVersionSchema,
  /** The environment to promote into; the bundle must run in the one before it (dev has none). */
  to: EnvironmentSchema,
  reason: ReasonSchema,
});
export type PromotionRequest = z.infer<typeof PromotionRequestSchema>;

export const PromotionSchema = z.object({
  /** The id of the job that carries it (a promotion or revert is a job of the engine). */
  id: z.string().uuid(),
  kind: z.enum(['promotion', 'revert']),
  name: BundleNameSchema,
  version: BundleVersionSchema,
  from: EnvironmentSchema.nullable(),
  to: EnvironmentSchema,
  status: z.enum(['awaiting_approval', 'running', 'succeeded', 'failed', 'rejected']),
  approvalRequired: z.boolean(),
  requestedBy: z.string(),
  approvedBy: z.string().nullable(),
  jobId: z.string().uuid().nullable(),
  reason: z.string(),
  createdAt: IsoDateSchema,
});
export type Promotion = z.infer<typeof PromotionSchema>;
export const PromotionListSchema = z.object({ items: z.array(PromotionSchema) });
export const ListPromotionsQuerySchema = z.object({
  name: BundleNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const PromotionIdParamsSchema = z.object({ id: z.string().uuid('promotion id is a UUID') });
export const ApprovePromotionSchema = z.strictObject({ reason: ReasonSchema.optional() });

export const RevertRequestSchema = z.strictObject({
  name: BundleNameSchema,
  environment: EnvironmentSchema,
  reason: ReasonSchema,
});

/** Parameters of the `definitions.promote` job (created only through `requestPromotion`). */
export const DefinitionPromoteParamsSchema = PromotionRequestSchema.omit({ reason: true });
export type DefinitionPromoteParams = z.infer<typeof DefinitionPromoteParamsSchema>;
/** Parameters of the `definitions.revert` job: the version restored is fixed when it is requested. */
export const DefinitionRevertParamsSchema = z.strictObject({
  name: BundleNameSchema,
  environment: EnvironmentSchema,
  version: BundleVersionSchema,
});
export type DefinitionRevertParams = z.infer<typeof DefinitionRevertParamsSchema>;

// ---- impact -----------------------------------------------------------------------------------

export const DefinitionChangesSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
});
export type DefinitionChanges = z.infer<typeof DefinitionChangesSchema>;

export const ImpactAnalysisSchema = z.object({
  name: BundleNameSchema,
  version: BundleVersionSchema,
  environment: EnvironmentSchema,
  /** The version it replaces there, null when the environment runs none. */
  replaces: BundleVersionSchema.nullable(),
  /** `aggregate:Order`, `projection:OrderList`, … against the bundle it replaces. */
  changes: DefinitionChangesSchema,
  tenants: z.array(TenantIdSchema),
  services: z.array(z.object({ kind: ServiceKindSchema, shards: z.array(ShardIdSchema) })),
});
export type ImpactAnalysis = z.infer<typeof ImpactAnalysisSchema>;
export const ImpactQuerySchema = z.object({ environment: EnvironmentSchema });

// ---- tenant overrides (only where the bundle's policy flag allows) ----------------------------

export const TenantDefinitionOverrideSchema = z.strictObject({
  bundleName: BundleNameSchema,
  /** Effect provider settings this tenant runs with instead of the bundle's. */
  effectProviders: z.array(EffectProviderDefSchema).max(100),
  reason: ReasonSchema,
});
export const TenantDefinitionOverridesSchema = z.object({
  tenantId: TenantIdSchema,
  items: z.array(
    z.object({
      bundleName: BundleNameSchema,
      effectProviders: z.array(EffectProviderDefSchema),
      updatedAt: IsoDateSchema,
      updatedBy: z.string(),
    })
  ),
});
export type TenantDefinitionOverrides = z.infer<typeof TenantDefinitionOverridesSchema>;
