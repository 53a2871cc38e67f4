/**
 * The platform's node admin API (`<platform>/nodes/...`), one client for every caller: the shard
 * list and inventory, a shard's status (in-flight work, placed and draining tenants), drain and
 * undrain of a tenant on a shard, and reload with the assignments a node must apply. Calls go through
 * the one outbound client (platform/http.ts): configured base URL on the allowlist only, every path
 * segment validated and encoded, no redirects, time-boxed and abortable; failures are
 * `PlatformCallError('node-admin', …)`.
 */
import { z } from 'zod';
import { SERVICE_KINDS, type ServiceKind } from '../../contract';
import { DependencyError } from '../kernel/errors';
import { outboundJson, urlFor } from './http';
import { PlatformCallError } from './platformCallError';

/** Shard and tenant ids: lower-case letters, digits, `-` and `_`. */
const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,99}$/;

const NodeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  env: z.string(),
  status: z.string(),
  tenants: z.number().optional(),
});
const NodeStatusSchema = z.object({
  shard: z.string(),
  status: z.string(),
  draining: z.array(z.string()),
  tenants: z.array(
    z.object({ tenantId: z.string(), placed: z.boolean(), draining: z.boolean(), inFlight: z.number() })
  ),
});
export type NodeInfo = z.infer<typeof NodeSchema>;
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

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
  tenants: z.array(
    z.object({ tenantId: z.string(), placed: z.boolean(), draining: z.boolean(), inFlight: z.number() })
  ),
});
export type PlatformShardStatus = z.infer<typeof StatusSchema>;

export interface ReloadAssignment {
  tenantId: string;
  kind: ServiceKind;
  shard: string;
}

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
    const body = await this.call('GET', ['nodes'], undefined, signal);
    return z.object({ items: z.array(NodeSchema) }).parse(body).items;
  }

  /** The shard inventory with the placement facts (kind, region, capacity, version, status). */
  async inventory(signal?: AbortSignal): Promise<PlatformShard[]> {
    return InventorySchema.parse(await this.call('GET', ['nodes'], undefined, signal)).items;
  }

  async status(shard: string, signal?: AbortSignal): Promise<NodeStatus> {
    return NodeStatusSchema.parse(await this.call('GET', ['nodes', shard, 'status'], undefined, signal));
  }

  /** Where the shard has its tenants (the placement view of the same status). */
  async placementStatus(shard: string, signal?: AbortSignal): Promise<PlatformShardStatus> {
    return StatusSchema.parse(await this.call('GET', ['nodes', shard, 'status'], undefined, signal));
  }

  async reload(shard: string, assignments: ReloadAssignment[], signal?: AbortSignal): Promise<{ tenants: string[] }> {
    const body = await this.call('POST', ['nodes', shard, 'reload'], { assignments }, signal);
    return z.object({ tenants: z.array(z.string()) }).parse(body);
  }

  /** POSTs without a payload carry an empty JSON object, as the node admin API expects. */
  async drain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'drain'], {}, signal);
  }

  async undrain(shard: string, tenant: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', ['nodes', shard, 'tenants', tenant, 'undrain'], {}, signal);
  }

  private async call(
    method: 'GET' | 'POST',
    segments: string[],
    json: unknown,
    signal?: AbortSignal
  ): Promise<unknown> {
    if (!this.opts.baseUrl) throw new PlatformCallError('node-admin', 'refused', 'the platform API is not configured');
    if (!segments.every((s) => SEGMENT.test(s)))
      throw new PlatformCallError('node-admin', 'refused', 'invalid shard or tenant id');
    const outbound = {
      dependency: 'the node admin API',
      allowedHosts: this.opts.allowedHosts,
      timeoutMs: this.opts.timeoutMs,
    };
    try {
      return await outboundJson(
        outbound,
        { method, url: urlFor(this.opts.baseUrl, segments), json, signal },
        `${method} /${segments.join('/')}`
      );
    } catch (err) {
      if (err instanceof DependencyError) throw new PlatformCallError('node-admin', err.kind, err.message, err.status);
      throw err;
    }
  }
}
