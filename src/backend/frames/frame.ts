/**
 * The data source's neutral frame model: query handlers build these, the Arrow writer
 * (frames/arrow.ts) serializes them exactly as Grafana's SDK does. Kept free of Arrow types so
 * handlers are plain, testable functions.
 */

/** `time` values are epoch milliseconds (fractions allowed); the writer stores nanoseconds. */
export type FieldType = 'time' | 'number' | 'int64' | 'string' | 'boolean';

export type FieldValue = number | bigint | string | boolean | null;

/**
 * The epoch milliseconds a `time` value can hold: Grafana stores time as signed 64-bit nanoseconds,
 * 1677-09-21T00:12:43.146Z to 2262-04-11T23:47:16.854Z (whole milliseconds). A value outside is a
 * FrameEncodingError, never a silently wrapped date.
 */
export const TIME_RANGE_MS = { min: -9_223_372_036_854, max: 9_223_372_036_854 } as const;

export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  links?: { title: string; url: string; targetBlank?: boolean }[];
  [key: string]: unknown;
}

export interface Field {
  name: string;
  type: FieldType;
  values: FieldValue[];
  /** Series labels (Grafana's `labels` field metadata). */
  labels?: Record<string, string>;
  config?: FieldConfig;
  /** Allow nulls in this field. `time` fields are never nullable. */
  nullable?: boolean;
}

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** Grafana's data-plane frame types this data source emits. */
export type FrameType = 'table' | 'timeseries-wide' | 'timeseries-multi' | 'numeric-multi' | 'numeric-wide';

export interface FrameMeta {
  type?: FrameType;
  typeVersion?: [number, number];
  executedQueryString?: string;
  notices?: Notice[];
  preferredVisualisationType?: 'graph' | 'table' | 'logs' | 'trace' | 'nodeGraph';
  custom?: Record<string, unknown>;
}

export interface Frame {
  name?: string;
  refId?: string;
  fields: Field[];
  meta?: FrameMeta;
}

/** One refId's answer. A failed query carries `error` (+ status, errorSource) and no frames. */
export interface DataResponse {
  frames: Frame[];
  error?: string;
  /** HTTP-like status of this query (e.g. 400 for a bad query, 502/503 for the sidecar). */
  status?: number;
  errorSource?: 'plugin' | 'downstream';
}
