/** Counts for the overview landing page (`GET /api/v1/overview/tenants`): one grouped query, no paging. */
import { z } from 'zod';
import { EnvironmentSchema, TenantStatusSchema } from './tenants';

export const TenantCountsSchema = z.object({
  total: z.number().int().min(0),
  /** Every status and environment is present (0 when none). */
  byStatus: z.record(TenantStatusSchema, z.number().int().min(0)),
  byEnvironment: z.record(EnvironmentSchema, z.number().int().min(0)),
});
export type TenantCounts = z.infer<typeof TenantCountsSchema>;
