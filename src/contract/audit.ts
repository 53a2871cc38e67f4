import { z } from 'zod';
import { IsoDateSchema, pageOf, PageQuerySchema } from './common';

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditActorSchema = z.object({
  login: z.string(),
  orgId: z.number().int(),
  role: z.string().optional(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int().min(1),
  ts: IsoDateSchema,
  actor: AuditActorSchema,
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  reason: z.string().nullable(),
  requestId: z.string(),
  jobId: z.string().nullable(),
  outcome: AuditOutcomeSchema,
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * The audit search filters, shared by search, count and export. `tenantId` matches entries about the
 * tenant itself and entries of its jobs; `q` is a case-insensitive substring of the action, target,
 * actor, reason, request id or details.
 */
export const AuditFiltersSchema = z.object({
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(200).optional(),
  tenantId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  outcome: AuditOutcomeSchema.optional(),
  jobId: z.string().max(100).optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  q: z.string().trim().min(1, 'Type at least one character to search for').max(200).optional(),
});
export type AuditFilterQuery = z.infer<typeof AuditFiltersSchema>;

export const ListAuditQuerySchema = PageQuerySchema.extend(AuditFiltersSchema.shape);
export type ListAuditQuery = z.infer<typeof ListAuditQuerySchema>;

/** How many entries match a filter, and the most one export will carry. */
export const AuditCountSchema = z.object({
  count: z.number().int().min(0),
  exportCap: z.number().int().min(1),
});
export type AuditCount = z.infer<typeof AuditCountSchema>;

export const AuditPageSchema = pageOf(AuditEntrySchema);

/** A page of one tenant's or one job's activity (newest first). */
export const ActivityQuerySchema = PageQuerySchema;
export type ActivityQuery = z.infer<typeof ActivityQuerySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry whose hash or link does not verify; null when the chain is intact. */
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'link_mismatch', 'sequence_gap']) })
    .nullable(),
  headHash: z.string().nullable(),
  /** How long the walk over the chain took on the sidecar. */
  durationMs: z.number().min(0),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/** The most rows one export carries; a larger result is cut at the newest `AUDIT_EXPORT_CAP` rows. */
export const AUDIT_EXPORT_CAP = 10_000;

/** Response headers of an export: the cap, how many entries matched, and whether the file was cut. */
export const AuditExportHeaders = {
  cap: 'x-switchyard-export-cap',
  matched: 'x-switchyard-export-matched',
  truncated: 'x-switchyard-export-truncated',
} as const;

export const AuditExportFormatSchema = z.enum(['ndjson', 'csv']);
export type AuditExportFormat = z.infer<typeof AuditExportFormatSchema>;

export const AuditExportQuerySchema = AuditFiltersSchema.extend({
  format: AuditExportFormatSchema.default('ndjson'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(AUDIT_EXPORT_CAP, `An export carries at most ${AUDIT_EXPORT_CAP} rows; narrow the filter`)
    .default(AUDIT_EXPORT_CAP),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;
