/**
 * The placement half of the platform's node admin API: the shard inventory (`GET /nodes`), where
 * each shard has its tenants (`GET /nodes/:shard/status`), and `POST /nodes/:shard/reload` with the
 * assignments the node must apply. Same rules as the other platform adapters: configured base URL
 * on the outbound allowlist only, validated and encoded path segments, no redirects, time-boxed.
 */
import { z } from 'zod';
import { SERVICE_KINDS, type ServiceKind } from '../../contract';
import { PlatformCallError } from '../jobs/stepErrors';

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,99}$/;

const InventorySchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(SERVICE_KINDS),
      env: z.string().optional(),
      region: z.string().default(''),
      capacityRps: z.number().nonnegative().default(0),
      version: z.string().default(''),
      status: z.enum(['ready', 'cordoned', 'draining', 'down']).default('ready'),
    })
  ),
});
export type PlatformShard = z.infer<typeof InventorySchema>['items'][number];

const StatusSchema = z.object({
  shard: z.string(),
  tenants: z.array(z.object({ tenantId: z.string(), placed: z.boolean(), draining: z.boolean(), inFlight: z.number() })),
});
export type PlatformShardStatus = z.infer<typeof StatusSchema>;

export interface ReloadAssignment {
  tenantId: string;
  kind: ServiceKind;
  shard: string;
}

export interface NodePlacementAdminOptions {
  baseUrl: string | null;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export class NodePlacementAdmin {
  constructor(private readonly opts: NodePlacementAdminOptions) {}

  get configured(): boolean {
    return this.opts.baseUrl !== null;
  }

  async inventory(signal?: AbortSignal): Promise<PlatformShard[]> {
    return InventorySchema.parse(await this.call('GET', ['nodes'], undefined, signal)).items;
  }

  async status(shard: string, signal?: AbortSignal): Promise<PlatformShardStatus> {
    return StatusSchema.parse(await this.call('GET', ['nodes', shard, 'status'], undefined, signal));
  }

  async reload(shard: string, assignments: ReloadAssignment[], signal?: AbortSignal): Promise<{ tenants: string[] }> {
    const body = await this.call('POST', ['nodes', shard, 'reload'], { assignments }, signal);
    return z.object({ tenants: z.array(z.string()) }).parse(body);
  }

  async drain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'drain'], {}, signal);
  }

  async undrain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'undrain'], {}, signal);
  }

  private async call(method: 'GET' | 'POST', segments: string[], body: unknown, signal?: AbortSignal): Promise<unknown> {
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
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        redirect: 'manual',
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
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
