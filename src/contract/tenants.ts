import { z } from 'zod';
import { csvList, IsoDateSchema, ReasonSchema, pageOf, PageQuerySchema } from './common';
import { hasVisibleText } from './text';

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const TenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit');

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export const EnvironmentSchema = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof EnvironmentSchema>;

export const PLANS = ['free', 'team', 'business', 'enterprise'] as const;
export const PlanSchema = z.enum(PLANS);
export type Plan = z.infer<typeof PlanSchema>;

export const TENANT_STATUSES = [
  'provisioning',
  'active',
  'draining',
  'migrating',
  'degraded',
  'suspended',
  'archived',
] as const;
export const TenantStatusSchema = z.enum(TENANT_STATUSES);
export type TenantStatus = z.infer<typeof TenantStatusSchema>;

/**
 * The tenant lifecycle. A transition not listed here is illegal (409 with the allowed next states).
 * `archived` is terminal.
 */
export const TENANT_TRANSITIONS: Record<TenantStatus, readonly TenantStatus[]> = {
  provisioning: ['active', 'degraded', 'archived'],
  active: ['draining', 'migrating', 'degraded', 'suspended', 'archived'],
  draining: ['active', 'suspended', 'degraded'],
  migrating: ['active', 'degraded'],
  degraded: ['active', 'draining', 'suspended', 'archived'],
  suspended: ['active', 'archived'],
  archived: [],
};

export function allowedNextStatuses(from: TenantStatus): readonly TenantStatus[] {
  return TENANT_TRANSITIONS[from];
}

export function isLegalTransition(from: TenantStatus, to: TenantStatus): boolean {
  return TENANT_TRANSITIONS[from].includes(to);
}

export const LabelKeySchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9_./-]{0,61}[a-z0-9])?$/, 'Label keys are lowercase, max 63 chars');
export const LabelValueSchema = z.string().max(63, 'Label values are at most 63 characters');
export const LabelsSchema = z
  .record(LabelKeySchema, LabelValueSchema)
  .refine((l) => Object.keys(l).length <= 32, 'At most 32 labels');

export const QuotasSchema = z.object({
  requestsPerSecond: z.number().int().min(0).max(1_000_000),
  storageGb: z.number().int().min(0).max(1_000_000),
  maxConnections: z.number().int().min(0).max(1_000_000),
});
export type Quotas = z.infer<typeof QuotasSchema>;

/** Feature flags. `killSwitch` true stops all of the tenant's traffic (set by suspend, cleared by resume). */
export const FeatureFlagsSchema = z.object({ killSwitch: z.boolean() }).catchall(z.boolean());
export type FeatureFlags = z.infer<typeof FeatureFlagsSchema>;

export const ContactSchema = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.email(),
  role: z.enum(['owner', 'technical', 'billing']).default('technical'),
});

export const TenantSchema = z.object({
  id: TenantIdSchema,
  displayName: z.string(),
  plan: PlanSchema,
  environment: EnvironmentSchema,
  organizationId: z.uuid(),
  applicationId: z.uuid(),
  labels: z.record(z.string(), z.string()),
  quotas: QuotasSchema,
  featureFlags: FeatureFlagsSchema,
  contacts: z.array(ContactSchema),
  status: TenantStatusSchema,
  version: z.number().int().min(1),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const DEFAULT_QUOTAS: Quotas = { requestsPerSecond: 100, storageGb: 10, maxConnections: 50 };

/** What lists and pages show for a tenant: at least one visible character (not only zero-width ones). */
const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the tenant a display name')
  .max(120)
  .refine(hasVisibleText, 'Give the tenant a display name in visible characters, not only spaces or invisible ones');

export const CreateTenantSchema = z.object({
  id: TenantIdSchema,
  displayName: DisplayNameSchema,
  plan: PlanSchema,
  environment: EnvironmentSchema,
  organizationId: z.uuid('organizationId must be a UUID'),
  applicationId: z.uuid('applicationId must be a UUID'),
  labels: LabelsSchema.default({}),
  quotas: QuotasSchema.default(DEFAULT_QUOTAS),
  featureFlags: FeatureFlagsSchema.default({ killSwitch: false }),
  contacts: z.array(ContactSchema).max(20).default([]),
});
export type CreateTenant = z.infer<typeof CreateTenantSchema>;

/** PATCH body: any subset of the editable fields (status changes go through the status endpoint). */
export const UpdateTenantSchema = z
  .object({
    displayName: DisplayNameSchema,
    plan: PlanSchema,
    labels: LabelsSchema,
    quotas: QuotasSchema,
    featureFlags: FeatureFlagsSchema,
    contacts: z.array(ContactSchema).max(20),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change');
export type UpdateTenant = z.infer<typeof UpdateTenantSchema>;

export const TenantStatusChangeSchema = z.object({
  to: TenantStatusSchema,
  reason: ReasonSchema,
});
export type TenantStatusChange = z.infer<typeof TenantStatusChangeSchema>;

export const BulkStatusChangeSchema = z.object({
  ids: z.array(TenantIdSchema).min(1, 'Select at least one tenant').max(200, 'At most 200 tenants per bulk change'),
  to: TenantStatusSchema,
  reason: ReasonSchema,
});
export type BulkStatusChange = z.infer<typeof BulkStatusChangeSchema>;

export const BulkStatusResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      status: TenantStatusSchema.optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    })
  ),
});
export type BulkStatusResult = z.infer<typeof BulkStatusResultSchema>;

export const ArchiveTenantSchema = z.object({ reason: ReasonSchema });

export const TENANT_SORT_FIELDS = ['id', 'displayName', 'createdAt', 'updatedAt', 'status'] as const;
export const TenantSortSchema = z
  .string()
  .regex(
    /^-?(id|displayName|createdAt|updatedAt|status)$/,
    'sort is one of id, displayName, createdAt, updatedAt, status, optionally prefixed with - for descending'
  )
  .default('id');

export const ListTenantsQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  status: csvList(TenantStatusSchema, 10).optional(),
  environment: csvList(EnvironmentSchema, 10).optional(),
  plan: csvList(PlanSchema, 10).optional(),
  /** `key=value` or `key` (label present). */
  label: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_./-]*(=[^,]{0,63})?$/, 'label filter is key or key=value')
    .optional(),
  sort: TenantSortSchema,
});
export type ListTenantsQuery = z.infer<typeof ListTenantsQuerySchema>;

export const TenantPageSchema = pageOf(TenantSchema);
export type TenantPage = z.infer<typeof TenantPageSchema>;

export const TenantIdParamsSchema = z.object({ id: TenantIdSchema });
