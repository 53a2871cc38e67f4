/**
 * Translation between the decoded protobuf messages (plain objects: int64 as strings, bytes as
 * Buffers) and the handler shapes of types.ts, plus the DataResponse encoding (frames as Arrow).
 */
import { frameToArrow } from '../frames/arrow';
import type { DataResponse } from '../frames/frame';
import type { Message } from './proto';
import type {
  CallResourceRequest,
  CallResourceResponse,
  DataQuery,
  DataSourceInstanceSettings,
  PluginContext,
} from './types';

const num = (value: unknown): number => (value === undefined || value === null || value === '' ? 0 : Number(value));
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const obj = (value: unknown): Message => (value && typeof value === 'object' ? (value as Message) : {});

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(obj(value))) out[key] = String(v);
  return out;
}

/** `jsonData` bytes → object. Grafana sends `{}` or nothing for an unset value. */
function parseJsonData(bytes: unknown): Record<string, unknown> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function dataSourceSettings(value: unknown): DataSourceInstanceSettings | undefined {
  if (!value) return undefined;
  const m = obj(value);
  return {
    id: num(m.id),
    uid: str(m.uid),
    name: str(m.name),
    url: str(m.url),
    jsonData: parseJsonData(m.jsonData),
    decryptedSecureJsonData: stringMap(m.decryptedSecureJsonData),
    lastUpdatedMs: num(m.lastUpdatedMS),
  };
}

export function pluginContextFrom(value: unknown): PluginContext {
  const m = obj(value);
  const context: PluginContext = {
    orgId: num(m.orgId),
    pluginId: str(m.pluginId),
    grafanaConfig: stringMap(m.grafanaConfig),
  };
  if (m.user) {
    const u = obj(m.user);
    context.user = { login: str(u.login), name: str(u.name), email: str(u.email), role: str(u.role) };
  }
  const ds = dataSourceSettings(m.dataSourceInstanceSettings);
  if (ds) context.dataSourceInstanceSettings = ds;
  if (str(m.userAgent)) context.userAgent = str(m.userAgent);
  return context;
}

export type DecodedQuery = { ok: true; query: DataQuery } | { ok: false; refId: string; error: string };

/** A query whose JSON does not parse is reported as that refId's error, never the call's. */
export function dataQueryFrom(value: unknown): DecodedQuery {
  const m = obj(value);
  const refId = str(m.refId);
  const range = obj(m.timeRange);
  let json: unknown = {};
  const bytes = m.json;
  if (bytes instanceof Uint8Array && bytes.length > 0) {
    try {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (error) {
      return { ok: false, refId, error: `query ${refId} is not valid JSON: ${(error as Error).message}` };
    }
  }
  return {
    ok: true,
    query: {
      refId,
      queryType: str(m.queryType),
      maxDataPoints: num(m.maxDataPoints),
      intervalMs: num(m.intervalMS),
      timeRange: { fromMs: num(range.fromEpochMS), toMs: num(range.toEpochMS) },
      json,
    },
  };
}

function stringListMap(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(obj(value))) {
    const values = obj(list).values;
    out[key] = Array.isArray(values) ? values.map(String) : [];
  }
  return out;
}

export function callResourceRequestFrom(value: unknown): CallResourceRequest {
  const m = obj(value);
  return {
    pluginContext: pluginContextFrom(m.pluginContext),
    path: str(m.path),
    method: str(m.method),
    url: str(m.url),
    headers: stringListMap(m.headers),
    body: m.body instanceof Uint8Array ? new Uint8Array(m.body) : new Uint8Array(),
  };
}

/**
 * A resource response as gRPC stream messages: status and headers always in the first (Grafana reads
 * them from the first message only), the body after them in chunks of `chunkBytes`. The default is
 * one message: under Bun, a server stream of several messages that meets HTTP/2 flow control
 * (a grpc-go client on a fresh connection) can stall before its last message, whereas a single
 * message (as QueryData sends, up to tens of MiB) is delivered.
 */
export function callResourceMessages(response: CallResourceResponse, chunkBytes = Number.MAX_SAFE_INTEGER): Message[] {
  const headers: Record<string, { values: string[] }> = {};
  for (const [key, values] of Object.entries(response.headers ?? {})) headers[key] = { values: values.map(String) };
  const body = Buffer.from(response.body ?? new Uint8Array());
  const messages: Message[] = [{ code: response.code, headers, body: body.subarray(0, chunkBytes) }];
  for (let at = chunkBytes; at < body.length; at += chunkBytes) {
    messages.push({ body: body.subarray(at, at + chunkBytes) });
  }
  return messages;
}

const validStatus = (status: number | undefined, fallback: number) =>
  status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : fallback;

export function errorResponse(error: string, status: number, errorSource: 'plugin' | 'downstream'): Message {
  return { frames: [], error, status, errorSource, format: 'ARROW' };
}

/** One refId's DataResponse message: frames as Arrow files, an explicit status, always ARROW. */
export function dataResponseMessage(refId: string, response: DataResponse): Message {
  if (response.error) {
    return errorResponse(response.error, validStatus(response.status, 500), response.errorSource ?? 'plugin');
  }
  const frames = response.frames.map((frame) => Buffer.from(frameToArrow(frame.refId ? frame : { ...frame, refId })));
  const message: Message = { frames, status: validStatus(response.status, 200), format: 'ARROW' };
  if (response.errorSource) message.errorSource = response.errorSource;
  return message;
}
