import type { SidecarClient } from './sidecarClient';

/** What a query handler gets: the sidecar client for this request and the query's time frame. */
export interface QueryContext {
  client: SidecarClient;
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
