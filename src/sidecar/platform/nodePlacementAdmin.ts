/**
 * The placement half of the platform's node admin API: the shard inventory (`GET /nodes`), where
 * each shard has its tenants (`GET /nodes/:shard/status`), and `POST /nodes/:shard/reload` with the
 * assignments the node must apply. Same rules as the other platform adapters: configured base URL
 * on the outbound allowlist only, validated and encoded path segments, no redirects, time-boxed.
 */
import { z } from 'zod';
import { SERVICE_KINDS, type ServiceKind } from '../../contract';
import { callNodeAdmin, type NodeAdminHttpOptions } from './nodeAdminHttp';

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

export type NodePlacementAdminOptions = NodeAdminHttpOptions;

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

  private call(method: 'GET' | 'POST', segments: string[], body: unknown, signal?: AbortSignal): Promise<unknown> {
    return callNodeAdmin(this.opts, SEGMENT, { method, segments, body, signal });
  }
}
