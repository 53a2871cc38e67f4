import { seriesBuckets } from '../../contract';
import { TIME_RANGE_MS } from '../frames/frame';
import { badQuery } from './errors';
import type { SidecarClient } from './sidecarClient';

/** What a query handler gets: the sidecar client for this query and the query's time frame. */
export interface QueryContext {
  /** Bound to this query: its requests follow `signal` and share the query's time budget. */
  client: SidecarClient;
  /** Aborted when Grafana cancels the call or its deadline passes (never aborted when absent). */
  signal: AbortSignal;
  refId: string;
  range: { fromMs: number; toMs: number };
  intervalMs: number;
  maxDataPoints: number;
  /** Epoch ms (injected clock). */
  now: () => number;
}

export const iso = (msValue: number): string => new Date(msValue).toISOString();
export const csv = (values: readonly string[] | undefined): string | undefined =>
  values && values.length ? values.join(',') : undefined;

/** Grafana's time range (signed 64-bit nanoseconds), as dates for messages. */
export const TIME_RANGE_TEXT = `${iso(TIME_RANGE_MS.min).slice(0, 10)} to ${iso(TIME_RANGE_MS.max).slice(0, 10)}`;

/**
 * The buckets of a time series over the query's range (explicit `bucket`, else Grafana's interval).
 * Too many points, or buckets aligned to a time Grafana cannot hold (a huge bucket such as `999999d`
 * starts long before the range), are the query's 400 on `bucket`.
 */
export function seriesBucketsFor(bucket: string | undefined, ctx: QueryContext): { stepMs: number; starts: number[] } {
  const buckets = seriesBuckets(ctx.range, {
    bucket,
    intervalMs: ctx.intervalMs,
    maxDataPoints: ctx.maxDataPoints,
  });
  if (!buckets.ok) throw badQuery(buckets.message, 'bucket');
  const first = buckets.starts[0];
  const last = buckets.starts[buckets.starts.length - 1];
  if (!(first >= TIME_RANGE_MS.min && last <= TIME_RANGE_MS.max)) {
    throw badQuery(
      `Buckets of ${buckets.stepMs / 1000}s would put points outside the times Grafana can hold (${TIME_RANGE_TEXT}): choose a smaller bucket`,
      'bucket'
    );
  }
  return buckets;
}
