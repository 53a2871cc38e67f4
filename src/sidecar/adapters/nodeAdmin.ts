/**
 * Client for the platform's node admin API (`<platform>/nodes/...`): list shards, read a shard's
 * status (in-flight work and draining tenants per tenant), drain and undrain a tenant on a shard.
 * Only the configured base URL on the outbound allowlist is called; path segments are validated
 * and encoded, redirects are not followed, every call is time-boxed and abortable.
 */
import { z } from 'zod';
import { PlatformCallError } from '../jobs/stepErrors';

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;

const NodeSchema = z.object({ id: z.string(), kind: z.string(), env: z.string(), status: z.string(), tenants: z.number().optional() });
const NodeStatusSchema = z.object({
  shard: z.string(),
  status: z.string(),
  draining: z.array(z.string()),
  tenants: z.array(z.object({ tenantId: z.string(), placed: z.boolean(), draining: z.boolean(), inFlight: z.number() })),
});
export type NodeInfo = z.infer<typeof NodeSchema>;
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export interface NodeAdminOptions {
  baseUrl: string | null;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export class NodeAdminClient {
  constructor(private readonly opts: NodeAdminOptions) {}

  get configured(): boolean {
    return this.opts.baseUrl !== null;
  }

  async listNodes(signal?: AbortSignal): Promise<NodeInfo[]> {
    const body = await this.call('GET', ['nodes'], signal);
    return z.object({ items: z.array(NodeSchema) }).parse(body).items;
  }

  async status(shard: string, signal?: AbortSignal): Promise<NodeStatus> {
    return NodeStatusSchema.parse(await this.call('GET', ['nodes', shard, 'status'], signal));
  }

  async drain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'drain'], signal);
  }

  async undrain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'undrain'], signal);
  }

  private async call(method: 'GET' | 'POST', segments: string[], signal?: AbortSignal): Promise<unknown> {
    if (!this.opts.baseUrl) throw new PlatformCallError('node-admin', 'refused', 'the platform API is not configured');
    for (const s of segments) {
      if (!SEGMENT.test(s)) throw new PlatformCallError('node-admin', 'refused', 'invalid shard or tenant id');
    }
    const url = new URL(`${this.opts.baseUrl}/${segments.map(encodeURIComponent).join('/')}`);
    const allowed = this.opts.allowedHosts.map((h) => h.toLowerCase());
    if (!allowed.includes(url.host.toLowerCase()) && !allowed.includes(url.hostname.toLowerCase())) {
      throw new PlatformCallError('node-admin', 'refused', 'platform host is not on the outbound allowlist');
    }
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        body: method === 'POST' ? '{}' : undefined,
        redirect: 'manual',
        signal: combined,
      });
    } catch {
      if (timeout.aborted) throw new PlatformCallError('node-admin', 'timeout', `the node admin API did not answer within ${this.opts.timeoutMs} ms`);
      if (signal?.aborted) throw new PlatformCallError('node-admin', 'timeout', 'the call was aborted');
      throw new PlatformCallError('node-admin', 'unreachable', 'the node admin API is unreachable');
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new PlatformCallError('node-admin', 'http', `the node admin API answered HTTP ${res.status} to ${method} /${segments.join('/')}`, res.status);
    }
    try {
      return await res.json();
    } catch {
      throw new PlatformCallError('node-admin', 'http', 'the node admin API answered with invalid JSON', 502);
    }
  }
}
