/**
 * Tenant change plans: what a create, edit, status change, bulk status change or archive would do
 * before it runs — the field changes, the checks that would refuse it, warnings, and the jobs and
 * placements it touches. The same rules decide the plan and the mutation, so a plan that is not
 * blocked is a change the sidecar accepts (unless the tenant changes in between).
 */
import { z } from 'zod';
import { IsoDateSchema } from './common';
import { DiffEntrySchema, JobStatusSchema, PreflightCheckSchema } from './jobs';
import {
  BulkStatusChangeSchema,
  CreateTenantSchema,
  TenantIdSchema,
  TenantStatusSchema,
  UpdateTenantSchema,
} from './tenants';

export const TENANT_CHANGE_KINDS = ['create', 'edit', 'status', 'bulkStatus', 'archive'] as const;
export const TenantChangeKindSchema = z.enum(TENANT_CHANGE_KINDS);
export type TenantChangeKind = z.infer<typeof TenantChangeKindSchema>;

export const TenantPlanRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), tenant: CreateTenantSchema }),
  z.object({
    kind: z.literal('edit'),
    id: TenantIdSchema,
    /** The version the edit is based on (what the edit would send as If-Match). */
    version: z.number().int().min(1),
    patch: UpdateTenantSchema,
  }),
  z.object({ kind: z.literal('status'), id: TenantIdSchema, to: TenantStatusSchema }),
  z.object({ kind: z.literal('bulkStatus'), ids: BulkStatusChangeSchema.shape.ids, to: TenantStatusSchema }),
  z.object({ kind: z.literal('archive'), id: TenantIdSchema }),
]);
export type TenantPlanRequest = z.infer<typeof TenantPlanRequestSchema>;
export type TenantPlanRequestInput = z.input<typeof TenantPlanRequestSchema>;

/** Something the operator should know; `field` names the form field it is about, when there is one. */
export const TenantPlanWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type TenantPlanWarning = z.infer<typeof TenantPlanWarningSchema>;

export const TenantPlanTargetSchema = z.object({
  id: z.string(),
  /** False for a create, or for an id that does not exist. */
  exists: z.boolean(),
  from: TenantStatusSchema.nullable(),
  to: TenantStatusSchema.nullable(),
  /** The tenant's current version (null when it does not exist). */
  version: z.number().int().nullable(),
  /** Field by field: what would change. */
  changes: z.array(DiffEntrySchema),
  /** Every check that decides whether the change is accepted; a failed one blocks it. */
  checks: z.array(PreflightCheckSchema),
  warnings: z.array(TenantPlanWarningSchema),
  /** True when a check failed: the sidecar would refuse this change. */
  blocked: z.boolean(),
  /** True when nothing would change (the tenant already is what was asked). */
  unchanged: z.boolean(),
  /** Where the tenant is placed now. */
  placements: z.array(z.object({ kind: z.string(), shardId: z.string() })),
  /** Jobs still running (or waiting) on the tenant. */
  activeJobs: z.array(z.object({ id: z.string(), type: z.string(), status: JobStatusSchema })),
});
export type TenantPlanTarget = z.infer<typeof TenantPlanTargetSchema>;

export const TenantPlanSchema = z.object({
  kind: TenantChangeKindSchema,
  /** When the plan was made: it describes the tenants as they were then. */
  plannedAt: IsoDateSchema,
  /** One line: "Move 3 tenants to suspended: 2 change, 1 refused". */
  summary: z.string(),
  targets: z.array(TenantPlanTargetSchema),
  counts: z.object({
    total: z.number().int().min(0),
    change: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    blocked: z.number().int().min(0),
  }),
  /** True when nothing in the plan may run (for a bulk change: every target is refused). */
  blocked: z.boolean(),
});
export type TenantPlan = z.infer<typeof TenantPlanSchema>;
