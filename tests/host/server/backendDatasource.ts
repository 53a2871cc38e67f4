/**
 * What Grafana does for a backend data source: `/api/ds/query` queries → QueryData, `/health` →
 * CheckHealth (200 with `{status, message[, details]}` when OK, 400 otherwise), `/resources/*` →
 * CallResource, each with the plugin context Grafana builds (org, the signed-in user, the instance
 * settings with decrypted secureJsonData) and the forwarded headers (`X-Grafana-Id` as
 * `http_X-Grafana-Id` in QueryData and CheckHealth, plain in CallResource; BACKEND-PLUGIN.md §7).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Message } from '../../../src/backend/plugin/proto';
import { dsQueryJson, type DsQueryResult, type WireDataResponse } from '../../../src/backend/frames/dsQueryJson';
import type { BackendPlugins } from './backendPlugins';
import { signIdToken, type SigningKey } from './idToken';
import type { HostDataSource } from './state';
import type { HostUser } from './users';

export interface BackendCallContext {
  plugins: BackendPlugins;
  signingKey: SigningKey;
  issuer: () => string;
  grafanaVersion: string;
}

export interface BrowserQuery {
  refId: string;
  queryType?: string;
  intervalMs?: number;
  maxDataPoints?: number;
  [key: string]: unknown;
}

function pluginContext(ds: HostDataSource, user: HostUser, ctx: BackendCallContext): Message {
  return {
    orgId: String(user.orgId),
    pluginId: ds.type,
    user: { login: user.login, name: user.name, email: user.email, role: user.role },
    dataSourceInstanceSettings: {
      id: String(ds.id),
      uid: ds.uid,
      name: ds.name,
      url: ds.url,
      jsonData: Buffer.from(JSON.stringify(ds.jsonData ?? {})),
      decryptedSecureJsonData: { ...(ds.secureJsonData ?? {}) },
      lastUpdatedMS: String(ds.updatedMs ?? 0),
    },
    grafanaConfig: { GF_APP_URL: ctx.issuer() },
    userAgent: `Grafana/${ctx.grafanaVersion} (linux; amd64)`,
  };
}

/** The headers Grafana's middlewares add for a signed-in user's request: the ID token and the login. */
async function forwardedHeaders(user: HostUser, ctx: BackendCallContext): Promise<Record<string, string>> {
  return {
    'X-Grafana-Id': await signIdToken(ctx.signingKey, ctx.issuer(), { ...user }),
    'X-Grafana-User': user.login,
  };
}

const httpPrefixed = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [`http_${k}`, v]));

/** One data source's share of an `/api/ds/query` request, answered per refId. */
export async function backendQueries(
  ds: HostDataSource,
  queries: BrowserQuery[],
  range: { from: number; to: number },
  user: HostUser,
  ctx: BackendCallContext
): Promise<Record<string, DsQueryResult>> {
  let responses: Record<string, WireDataResponse>;
  try {
    const plugin = await ctx.plugins.client(ds.type);
    const reply = await plugin.queryData({
      pluginContext: pluginContext(ds, user, ctx),
      headers: httpPrefixed(await forwardedHeaders(user, ctx)),
      queries: queries.map((q) => ({
        refId: q.refId,
        queryType: typeof q.queryType === 'string' ? q.queryType : '',
        maxDataPoints: String(q.maxDataPoints ?? 100),
        intervalMS: String(q.intervalMs ?? 1000),
        timeRange: { fromEpochMS: String(range.from), toEpochMS: String(range.to) },
        json: Buffer.from(JSON.stringify(q)),
      })),
    });
    responses = (reply.responses ?? {}) as Record<string, WireDataResponse>;
  } catch (error) {
    // Grafana answers every refId of a failed plugin call with the plugin error.
    const message = `plugin ${ds.type} failed: ${(error as Error).message.split('\n')[0]}`;
    responses = Object.fromEntries(queries.map((q) => [q.refId, { status: 500, error: message }]));
  }
  return dsQueryJson(responses).body.results;
}

export async function backendHealth(
  ds: HostDataSource,
  user: HostUser,
  ctx: BackendCallContext,
  reply: FastifyReply
): Promise<FastifyReply> {
  let result: Message;
  try {
    const plugin = await ctx.plugins.client(ds.type);
    result = await plugin.checkHealth({
      pluginContext: pluginContext(ds, user, ctx),
      headers: httpPrefixed(await forwardedHeaders(user, ctx)),
    });
  } catch (error) {
    return reply.code(500).send({ message: 'Plugin health check failed', error: (error as Error).message });
  }
  const status = String(result.status ?? 'UNKNOWN');
  const payload: Record<string, unknown> = { status, message: String(result.message ?? '') };
  const details = result.jsonDetails as Uint8Array | undefined;
  if (details && details.length > 0) {
    try {
      payload.details = JSON.parse(Buffer.from(details).toString('utf8'));
    } catch {
      return reply.code(500).send({ message: 'Failed to unmarshal detailed response from backend plugin' });
    }
  }
  return reply.code(status === 'OK' ? 200 : 400).send(payload);
}

/** Request headers Grafana does not pass to a plugin resource (auth, cookies, hop-by-hop). */
const DROPPED = new Set(['cookie', 'authorization', 'connection', 'host', 'content-length', 'transfer-encoding']);

export async function backendResource(
  ds: HostDataSource,
  req: FastifyRequest,
  user: HostUser,
  ctx: BackendCallContext,
  reply: FastifyReply
): Promise<FastifyReply> {
  const rest = (req.params as { '*': string })['*'];
  const raw = req.raw.url ?? '';
  const query = raw.includes('?') ? raw.slice(raw.indexOf('?')) : '';
  const headers: Record<string, { values: string[] }> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED.has(k) || k.startsWith('x-grafana')) continue;
    headers[k] = { values: Array.isArray(v) ? v : [v] };
  }
  for (const [k, v] of Object.entries(await forwardedHeaders(user, ctx))) headers[k] = { values: [v] };
  let messages: Message[];
  try {
    const plugin = await ctx.plugins.client(ds.type);
    messages = await plugin.callResource({
      pluginContext: pluginContext(ds, user, ctx),
      path: rest,
      method: req.method,
      url: `${rest}${query}`,
      headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
  } catch (error) {
    return reply.code(500).send({ message: 'Failed to call resource', error: (error as Error).message });
  }
  if (messages.length === 0) return reply.code(500).send({ message: 'Failed to call resource' });
  const first = messages[0];
  reply.code(Number(first.code) || 200);
  for (const [k, v] of Object.entries((first.headers ?? {}) as Record<string, { values?: string[] }>)) {
    if (!['content-length', 'transfer-encoding', 'connection'].includes(k.toLowerCase()) && v.values?.length) {
      reply.header(k, v.values.length === 1 ? v.values[0] : v.values);
    }
  }
  return reply.send(Buffer.concat(messages.map((m) => Buffer.from((m.body as Uint8Array | undefined) ?? []))));
}
