/** One preflight check: what was measured against what threshold, and whether it passed. */
import { z } from 'zod';

export const PreflightCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string(),
  /** The value read from the platform (e.g. in-flight count, ready replicas). */
  measured: z.unknown(),
  threshold: z.unknown().optional(),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;
