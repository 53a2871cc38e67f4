/** Fleet-wide gateway traffic (optionally per environment): rate, 5xx ratio, latency quantile. */
import { errorRatio, latencyQuantile, requestRate, type SeriesOptions } from './gateway';
import type { LabelValue } from './scope';

export interface FleetOptions extends SeriesOptions {
  env?: LabelValue;
}

const scopeOf = (opts: FleetOptions) => (opts.env !== undefined ? { env: opts.env } : {});

export const fleetRequestRate = (opts: FleetOptions = {}): string => requestRate(scopeOf(opts), opts);
export const fleet5xxRatio = (opts: FleetOptions = {}): string => errorRatio(scopeOf(opts), opts);
export const fleetLatency = (q: number, opts: FleetOptions = {}): string => latencyQuantile(q, scopeOf(opts), opts);
