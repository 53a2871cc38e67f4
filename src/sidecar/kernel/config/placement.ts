/**
 * Placement's section of the sidecar configuration (part of the one schema in config.ts):
 * - SWITCHYARD_PLACEMENT_STORE: `sql` (embedded default: the sidecar's SQLite/PostgreSQL database) or `nats` (JetStream KV). Default `sql`.
 * - NATS_URL: NATS server for SWITCHYARD_PLACEMENT_STORE=nats. Default `nats://127.0.0.1:4222`.
 * - SWITCHYARD_PLACEMENT_BUCKET: JetStream KV bucket holding placement. Default `switchyard_placement`.
 * - SWITCHYARD_PLACEMENT_SHARDS_FILE: JSON file with a shard inventory (`[{id, kind, capacity, region?, labels?, version?, status?}]`) created at start-up when missing. Unset → inventory only from the platform sync.
 * - SWITCHYARD_VM_URL: VictoriaMetrics base URL (shard/tenant load, migration preflight and verification). Unset → load unknown, migrations fail preflight closed. Its host must be in SWITCHYARD_OUTBOUND_HOSTS.
 * - SWITCHYARD_VM_TIMEOUT_MS: time box of one VictoriaMetrics query. Default `3000`.
 * - SWITCHYARD_MIGRATION_MAX_IN_FLIGHT: preflight threshold of the source's in-flight commands for the tenant. Default `50`.
 * - SWITCHYARD_MIGRATION_MAX_LAG: preflight threshold of consumer lag (pending messages) on the source projection shard. Default `1000`.
 * - SWITCHYARD_MIGRATION_MAX_ERROR_RATIO: verification threshold of the tenant's 5xx ratio on the target. Default `0.05`.
 * - SWITCHYARD_INVENTORY_RECONCILE_MS: interval of the scheduled inventory reconcile: compares the platform's tenants, shards and placements with the control plane's, from start-up on, and runs an `inventory.sync` job when they differ. `0` (default) turns it off (sync from the Fleet page only). Minimum `5000`.
 */
import { z } from 'zod';
import { int, optionalHttpUrl, requireAllowedHost } from './helpers';

export const PlacementEnvShape = {
  SWITCHYARD_PLACEMENT_STORE: z.enum(['sql', 'nats']).default('sql'),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\/[^\s]+$/, 'must be a nats:// URL')
    .default('nats://127.0.0.1:4222'),
  SWITCHYARD_PLACEMENT_BUCKET: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be a KV bucket name')
    .default('switchyard_placement'),
  SWITCHYARD_PLACEMENT_SHARDS_FILE: z.string().min(1).optional(),
  SWITCHYARD_VM_URL: optionalHttpUrl,
  SWITCHYARD_VM_TIMEOUT_MS: int(3_000, 50, 60_000),
  SWITCHYARD_MIGRATION_MAX_IN_FLIGHT: int(50, 0, 1_000_000),
  SWITCHYARD_MIGRATION_MAX_LAG: int(1_000, 0, 100_000_000),
  SWITCHYARD_MIGRATION_MAX_ERROR_RATIO: z.coerce.number().min(0).max(1).default(0.05),
  SWITCHYARD_INVENTORY_RECONCILE_MS: int(0, 0, 86_400_000).refine(
    (v) => v === 0 || v >= 5_000,
    'must be 0 (off) or at least 5000 ms'
  ),
};

type PlacementEnv = z.output<z.ZodObject<typeof PlacementEnvShape>>;

export interface PlacementConfig {
  store: { kind: 'sql' } | { kind: 'nats'; url: string; bucket: string };
  shardsFile: string | null;
  vm: { url: string | null; timeoutMs: number };
  thresholds: { maxInFlight: number; maxLag: number; maxErrorRatio: number };
  /** Interval of the scheduled inventory reconcile; 0 = off. */
  inventoryReconcileMs: number;
}

export function toPlacementConfig(e: PlacementEnv, outboundHosts: readonly string[]): PlacementConfig {
  requireAllowedHost('SWITCHYARD_VM_URL', e.SWITCHYARD_VM_URL, outboundHosts);
  return {
    store:
      e.SWITCHYARD_PLACEMENT_STORE === 'nats'
        ? { kind: 'nats', url: e.NATS_URL, bucket: e.SWITCHYARD_PLACEMENT_BUCKET }
        : { kind: 'sql' },
    shardsFile: e.SWITCHYARD_PLACEMENT_SHARDS_FILE ?? null,
    vm: { url: e.SWITCHYARD_VM_URL ?? null, timeoutMs: e.SWITCHYARD_VM_TIMEOUT_MS },
    thresholds: {
      maxInFlight: e.SWITCHYARD_MIGRATION_MAX_IN_FLIGHT,
      maxLag: e.SWITCHYARD_MIGRATION_MAX_LAG,
      maxErrorRatio: e.SWITCHYARD_MIGRATION_MAX_ERROR_RATIO,
    },
    inventoryReconcileMs: e.SWITCHYARD_INVENTORY_RECONCILE_MS,
  };
}
