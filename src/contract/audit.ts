import { z } from 'zod';
import { IsoDateSchema, pageOf, PageQuerySchema } from './common';

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);

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

export const ListAuditQuerySchema = PageQuerySchema.extend({
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  outcome: AuditOutcomeSchema.optional(),
  jobId: z.string().max(100).optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuerySchema>;

export const AuditPageSchema = pageOf(AuditEntrySchema);

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry whose hash or link does not verify; null when the chain is intact. */
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'link_mismatch', 'sequence_gap']) })
    .nullable(),
  headHash: z.string().nullable(),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

export const AuditExportQuerySchema = ListAuditQuerySchema.extend({
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});
