/**
 * What the plugin protocol layer (plugin/) hands to the data source's logic (queries/), decoded from
 * Grafana's protobuf messages into plain objects. `serve(handlers)` in plugin/serve.ts runs the
 * go-plugin handshake and gRPC services and calls these handlers.
 */
import type { DataResponse } from '../frames/frame';

export interface PluginUser {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface DataSourceInstanceSettings {
  id: number;
  uid: string;
  name: string;
  url: string;
  /** jsonData, parsed. */
  jsonData: Record<string, unknown>;
  /** decryptedSecureJsonData: never log, never echo. */
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMs: number;
}

export interface PluginContext {
  orgId: number;
  pluginId: string;
  /** The signed-in user Grafana puts in the context; absent or `grafana_scheduler` for alert evaluation. */
  user?: PluginUser;
  dataSourceInstanceSettings?: DataSourceInstanceSettings;
  grafanaConfig: Record<string, string>;
  userAgent?: string;
}

export interface DataQuery {
  refId: string;
  queryType: string;
  maxDataPoints: number;
  intervalMs: number;
  timeRange: { fromMs: number; toMs: number };
  /** The query model sent by the frontend (already JSON-parsed; may be anything). */
  json: unknown;
}

export interface QueryDataRequest {
  pluginContext: PluginContext;
  /** Forwarded headers (e.g. `http_X-Grafana-Id`, `FromAlert`), as Grafana sends them. */
  headers: Record<string, string>;
  queries: DataQuery[];
  /**
   * Aborted when Grafana cancels the call (the user left, the request context ended) or its deadline
   * passes. Stop all work, sidecar requests included: the answer would be dropped anyway.
   */
  signal?: AbortSignal;
}

export interface CheckHealthRequest {
  pluginContext: PluginContext;
  headers: Record<string, string>;
  /** Aborted when Grafana cancels the call or its deadline passes. */
  signal?: AbortSignal;
}

export interface CheckHealthResult {
  status: 'OK' | 'ERROR' | 'UNKNOWN';
  message: string;
  jsonDetails?: Record<string, unknown>;
}

export interface CallResourceRequest {
  pluginContext: PluginContext;
  path: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: Uint8Array;
  /** Aborted when Grafana cancels the call or its deadline passes. */
  signal?: AbortSignal;
}

export interface CallResourceResponse {
  code: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

export interface BackendHandlers {
  /**
   * The query types the data source answers (DataQuery.queryType). Metrics label every other
   * queryType `other`, so arbitrary values sent to the plugin cannot create unbounded series.
   */
  readonly queryTypes?: readonly string[];
  /** Answers every refId; one bad query is that refId's error, never a failure of the call. */
  queryData(request: QueryDataRequest): Promise<Record<string, DataResponse>>;
  checkHealth(request: CheckHealthRequest): Promise<CheckHealthResult>;
  callResource(request: CallResourceRequest): Promise<CallResourceResponse>;
}
