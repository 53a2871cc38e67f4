import { z } from 'zod';
import { IsoDateSchema, PageQuerySchema, pageOf } from './common';

/**
 * The security log: requests the trust boundary refused (401 unauthenticated, 403 forbidden),
 * recorded apart from the audit chain, rate-limited and without secrets. Refusals are evidence:
 * UI visibility is not authorization.
 */
export const SecurityDecisionSchema = z.enum(['unauthenticated', 'forbidden']);
export type SecurityDecision = z.infer<typeof SecurityDecisionSchema>;

export const SecurityEventSchema = z.object({
  id: z.string(),
  ts: z.string(),
  decision: SecurityDecisionSchema,
  status: z.number().int(),
  /** The refusal's message as the caller saw it (never a secret or token). */
  message: z.string(),
  method: z.string(),
  /** Route template (`/api/v1/tenants/:id`), never the raw path. */
  route: z.string(),
  /** The action the endpoint requires. */
  action: z.string().nullable(),
  /** Who, when the identity was established before the refusal (e.g. a missing permission). */
  login: z.string().nullable(),
  requestId: z.string(),
});
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

export const ListSecurityEventsQuerySchema = PageQuerySchema.extend({
  decision: SecurityDecisionSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});
export type ListSecurityEventsQuery = z.infer<typeof ListSecurityEventsQuerySchema>;

export const SecurityEventPageSchema = pageOf(SecurityEventSchema);
export type SecurityEventPage = z.infer<typeof SecurityEventPageSchema>;
