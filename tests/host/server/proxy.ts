/**
 * `/api/plugin-proxy/<pluginId>/*`: Grafana's app plugin proxy (GRAFANA.md §2.1–2.3).
 * Route selection is in routeMatch.ts; this file does the director's work and the forwarding.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PluginManifest } from './pluginJson';
import { joinURLFragments, proxyPathOf, selectRoute } from './routeMatch';
import { renderTemplate, type TemplateData } from './template';
import { signIdToken, type SigningKey } from './idToken';
import { permissionsOf, resolveUser, signedInUserJson } from './users';

export interface ProxyContext {
  manifest: () => PluginManifest;
  settings: () => TemplateData & { enabled: boolean };
  signingKey: SigningKey;
  issuer: string;
  timeoutMs?: number;
}

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
];
const STRIPPED = [
  'cookie',
  'set-cookie',
  'origin',
  'referer',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-grafana-user',
];

/** Go's URL path escaping: keeps unreserved characters, sub-delims, ':' '@' and '/'. */
export function escapePath(p: string): string {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}

function jsonErr(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json').send({ message });
}

export function makeProxyHandler(ctx: ProxyContext) {
  return async function handle(req: FastifyRequest, reply: FastifyReply) {
    const manifest = ctx.manifest();
    const who = resolveUser(req);
    if (!who) return jsonErr(reply, 401, 'Unauthorized');
    const pluginId = (req.params as { pluginId: string }).pluginId;
    if (pluginId !== manifest.id) return jsonErr(reply, 404, 'Plugin not found, no installed plugin with that id');

    const rawUrl = req.raw.url ?? '/';
    const qIndex = rawUrl.indexOf('?');
    const escapedPath = qIndex === -1 ? rawUrl : rawUrl.slice(0, qIndex);
    const rawQuery = qIndex === -1 ? '' : rawUrl.slice(qIndex + 1);
    const permissions = Object.keys(permissionsOf(manifest, who.user));
    const decision = selectRoute(manifest.routes ?? [], req.method, proxyPathOf(escapedPath), {
      role: who.user.role,
      permissions,
    });
    if (decision.kind !== 'match') return jsonErr(reply, decision.status, decision.message);

    const route = decision.route;
    const data = ctx.settings();
    let target: URL;
    try {
      target = new URL(renderTemplate(route.url ?? '', data));
    } catch {
      return jsonErr(reply, 500, 'Could not interpolate plugin route url');
    }
    const upstream = new URL(target.toString());
    upstream.pathname = escapePath(joinURLFragments(target.pathname, decision.upstreamPath));
    upstream.search = rawQuery ? `?${rawQuery}` : '';

    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      const name = k.toLowerCase();
      if (HOP_BY_HOP.includes(name) || STRIPPED.includes(name) || who.authHeaders.includes(name)) continue;
      headers.set(name, Array.isArray(v) ? v.join(', ') : v);
    }
    headers.set('x-grafana-context', signedInUserJson(who.user));
    headers.set('x-grafana-id', await signIdToken(ctx.signingKey, ctx.issuer, { ...who.user }));
    try {
      for (const h of route.headers ?? []) headers.set(h.name, renderTemplate(h.content, data));
    } catch {
      return jsonErr(reply, 500, 'Failed to render plugin headers');
    }
    const referer = req.headers.referer;
    if (referer) headers.set('x-grafana-referer', referer);
    const prior = req.headers['x-forwarded-for'];
    const clientIp = req.socket.remoteAddress ?? '';
    headers.set('x-forwarded-for', prior ? `${prior}, ${clientIp}` : clientIp);

    let body: BodyInit | undefined;
    if (route.body !== undefined) {
      body = renderTemplate(JSON.stringify(route.body), data);
    } else if (req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body)) {
      body = new Uint8Array(req.body as Buffer);
    }

    let res: Response;
    try {
      res = await fetch(upstream, {
        method: req.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ctx.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return reply.code(timedOut ? 504 : 502).send('');
    }
    reply.code(res.status);
    res.headers.forEach((v, k) => {
      if (k === 'set-cookie' || k === 'content-encoding' || k === 'content-length' || HOP_BY_HOP.includes(k)) return;
      reply.header(k, v);
    });
    reply.header('content-security-policy', 'sandbox');
    return reply.send(Buffer.from(await res.arrayBuffer()));
  };
}
