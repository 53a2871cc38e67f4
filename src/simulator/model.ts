import { createRng, type Rng } from './rng';
import type { IsolationProblem } from './scenarios';

export const SERVICE_KINDS = ['gateway', 'aggregate', 'projection', 'runner'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SIM_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type SimEnv = (typeof SIM_ENVIRONMENTS)[number];
const PLANS = ['free', 'team', 'business', 'enterprise'] as const;

export interface SimTenant {
  id: string;
  index: number;
  displayName: string;
  env: SimEnv;
  plan: (typeof PLANS)[number];
  organizationId: string;
  applicationId: string;
  /** Requests per second the tenant sends when nothing special happens. */
  baseRps: number;
  /** Seeded isolation problem (scenario knobs can add or clear one). */
  seededProblem: IsolationProblem | null;
}

export interface SimShard {
  id: string;
  kind: ServiceKind;
  env: SimEnv;
  region: string;
  capacityRps: number;
  version: string;
  gitSha: string;
  status: 'ready' | 'cordoned' | 'draining' | 'down';
}

export interface ModelOptions {
  seed: number;
  tenants: number;
  shardsPerKind: number;
  environments: readonly SimEnv[];
  /** Added to the system time by `now()`. */
  clockOffsetMs?: number;
}

const NAMES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'stark',
  'wayne',
  'tyrell',
  'cyberdyne',
  'soylent',
  'wonka',
  'oscorp',
  'vandelay',
  'pied',
  'aperture',
  'monarch',
  'gringotts',
  'dunder',
  'massive',
  'prestige',
];

export const tenantIdFor = (i: number): string => `${NAMES[i % NAMES.length]}-${String(i + 1).padStart(3, '0')}`;
export const shardIdFor = (kind: ServiceKind, env: SimEnv, i: number): string => `${kind}-${env}-${i}`;
export const placementKey = (tenantId: string, kind: ServiceKind): string => `${tenantId}|${kind}`;

/**
 * The platform's state: tenants, shards, the placement map tenant × kind → shard, drains and the
 * per-tenant work in flight. Pure data plus small mutators; the tick loop (traffic.ts) advances it.
 */
export class PlatformModel {
  readonly rng: Rng;
  readonly tenants: SimTenant[] = [];
  readonly shards: SimShard[] = [];
  readonly placement = new Map<string, string>();
  /** `${tenantId}|${shardId}` of tenants being drained on a shard. */
  readonly draining = new Set<string>();
  /** In-flight commands per `${tenantId}|${shardId}` (aggregate shards). */
  readonly inFlight = new Map<string, number>();
  readonly consumerPending = new Map<string, number>();
  readonly outboxDepth = new Map<string, number>();
  readonly diskUsedBytes = new Map<string, number>();
  readonly tenantStorageBytes = new Map<string, number>();
  readonly startedAt = Date.now();

  /** The platform's wall clock (ms): the system time plus the configured offset. */
  now(): number {
    return Date.now() + (this.options.clockOffsetMs ?? 0);
  }

  constructor(readonly options: ModelOptions) {
    this.rng = createRng(options.seed);
    for (const env of options.environments) {
      for (const kind of SERVICE_KINDS) {
        for (let i = 0; i < options.shardsPerKind; i++) {
          const id = shardIdFor(kind, env, i);
          this.shards.push({
            id,
            kind,
            env,
            region: i % 2 === 0 ? 'eu-west-1' : 'eu-central-1',
            capacityRps: kind === 'gateway' ? 400 : 250,
            version: '2.14.3',
            gitSha: this.rng.hex(12),
            status: 'ready',
          });
          this.consumerPending.set(id, kind === 'projection' ? this.rng.int(0, 40) : 0);
          this.outboxDepth.set(id, kind === 'runner' ? this.rng.int(0, 20) : 0);
          this.diskUsedBytes.set(id, Math.round(this.diskCapacity() * (0.3 + this.rng.next() * 0.3)));
        }
      }
    }
    const problems: IsolationProblem[] = [
      'naming_mismatch',
      'shared_connection',
      'privilege_violation',
      'schema_misalignment',
      'credential_missing',
    ];
    for (let i = 0; i < options.tenants; i++) {
      const env = options.environments[i % options.environments.length];
      // Every 6th tenant (offset 2) carries a seeded problem, cycling through the kinds.
      const problemSlot = i >= 2 && (i - 2) % 6 === 0 ? (i - 2) / 6 : -1;
      const t: SimTenant = {
        id: tenantIdFor(i),
        index: i,
        env,
        displayName: `${NAMES[i % NAMES.length][0].toUpperCase()}${NAMES[i % NAMES.length].slice(1)} ${i + 1}`,
        plan: PLANS[this.rng.int(0, PLANS.length - 1)],
        organizationId: this.rng.uuid(),
        applicationId: this.rng.uuid(),
        baseRps: Math.round((1 + this.rng.next() * this.rng.next() * 12) * 10) / 10,
        seededProblem: problemSlot >= 0 ? problems[problemSlot % problems.length] : null,
      };
      this.tenants.push(t);
      this.tenantStorageBytes.set(t.id, Math.round(5e7 + this.rng.next() * 5e9));
      for (const kind of SERVICE_KINDS) {
        const candidates = this.shardsOf(kind, env);
        this.placement.set(placementKey(t.id, kind), candidates[this.rng.int(0, candidates.length - 1)].id);
      }
    }
  }

  diskCapacity(): number {
    return 200 * 1024 ** 3;
  }
  tenant(id: string): SimTenant | undefined {
    return this.tenants.find((t) => t.id === id);
  }
  shard(id: string): SimShard | undefined {
    return this.shards.find((s) => s.id === id);
  }
  shardsOf(kind: ServiceKind, env: SimEnv): SimShard[] {
    return this.shards.filter((s) => s.kind === kind && s.env === env);
  }
  shardOf(tenantId: string, kind: ServiceKind): string | undefined {
    return this.placement.get(placementKey(tenantId, kind));
  }
  tenantsOn(shardId: string): SimTenant[] {
    const shard = this.shard(shardId);
    if (!shard) return [];
    return this.tenants.filter((t) => this.shardOf(t.id, shard.kind) === shardId);
  }
  isDraining(tenantId: string, shardId: string): boolean {
    return this.draining.has(`${tenantId}|${shardId}`);
  }
  /** Move a tenant's kind to another shard of the same kind and environment. */
  assign(tenantId: string, kind: ServiceKind, shardId: string): void {
    const t = this.tenant(tenantId);
    const s = this.shard(shardId);
    if (!t) throw new SimError(404, `unknown tenant ${tenantId}`);
    if (!s || s.kind !== kind) throw new SimError(400, `shard ${shardId} is not a ${kind} shard`);
    if (s.env !== t.env) throw new SimError(400, `shard ${shardId} is in ${s.env}, tenant ${tenantId} is in ${t.env}`);
    this.placement.set(placementKey(tenantId, kind), shardId);
  }
  placementOf(tenantId: string): Record<ServiceKind, string> {
    const out = {} as Record<ServiceKind, string>;
    for (const kind of SERVICE_KINDS) out[kind] = this.shardOf(tenantId, kind) ?? '';
    return out;
  }
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}
