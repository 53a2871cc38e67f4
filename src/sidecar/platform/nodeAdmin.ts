/**
 * Client for the platform's node admin API (`<platform>/nodes/...`): list shards, read a shard's
 * status (in-flight work and draining tenants per tenant), drain and undrain a tenant on a shard.
 * Only the configured base URL on the outbound allowlist is called; path segments are validated
 * and encoded, redirects are not followed, every call is time-boxed and abortable.
 */
import { z } from 'zod';
import { callNodeAdmin, type NodeAdminHttpOptions } from './nodeAdminHttp';

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;

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

export type NodeAdminOptions = NodeAdminHttpOptions;

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

  /** POSTs carry an empty JSON object, as the node admin API expects. */
  private call(method: 'GET' | 'POST', segments: string[], signal?: AbortSignal): Promise<unknown> {
    return callNodeAdmin(this.opts, SEGMENT, { method, segments, body: method === 'POST' ? {} : undefined, signal });
  }
}
