import { z } from 'zod';
import { hasVisibleText } from './text';

/** Error body returned by every failing sidecar call. Never carries stack traces, SQL or secrets. */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  requestId: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Stable machine-readable error codes; the HTTP status for each lives in `errorStatus`. */
export const ErrorCode = {
  validation: 'validation_failed',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  /** The data source's read-only credential was used on a mutating endpoint. */
  datasourceReadOnly: 'datasource_read_only',
  notFound: 'not_found',
  conflict: 'conflict',
  illegalTransition: 'illegal_transition',
  idempotencyKeyMissing: 'idempotency_key_missing',
  idempotencyKeyReused: 'idempotency_key_reused',
  idempotencyInProgress: 'idempotency_in_progress',
  preconditionRequired: 'precondition_required',
  preconditionFailed: 'precondition_failed',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorStatus: Record<ErrorCodeValue, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  datasource_read_only: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  idempotency_key_missing: 400,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  precondition_required: 428,
  precondition_failed: 412,
  unavailable: 503,
  internal: 500,
};

/** Cursor (keyset) pagination: opaque cursors, never offsets. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A multi-value query filter: `?x=a,b` or `?x=a&x=b`, each value checked by `item`, at most `max` of them. */
export const csvList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(max));

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    /** Cursor for the page after this one; null on the last page. */
    nextCursor: z.string().nullable(),
    /** Cursor for the page before this one; null on the first page. */
    prevCursor: z.string().nullable(),
  });
}

/** A reason is required for every status change and every job. */
export const ReasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason of at least 3 characters')
  .max(500, 'Keep the reason under 500 characters')
  .refine(hasVisibleText, 'Give a reason in visible characters, not only spaces or invisible ones');

export const IsoDateSchema = z.string().datetime({ offset: true });
