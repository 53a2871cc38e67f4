/**
 * Placement: which shard serves each tenant. The configured store (embedded SQL or NATS JetStream
 * KV), VictoriaMetrics load for planning, the node admin API for reloads, the placement job types
 * (tenant migration, shard cordon/uncordon/drain, rebalance) and the inventory sync from the
 * platform (preview, the `inventory.sync` job and its scheduled reconcile, whose placement writes go
 * through the placement outbox).
 */
import { bindJobTypes, type ModuleJobs } from '../../jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import type { TenantRegistryClient } from '../../platform/tenantRegistry';
import type { VictoriaMetrics } from '../../platform/victoriaMetrics';
import type { TenantImport, TenantsService } from '../tenants';
import { InventoryService } from './inventory.service';
import { InventoryReconciler } from './inventoryReconcile';
import { inventorySync } from './jobs/inventorySync.job';
import { tenantMigrate } from './jobs/migrate.job';
import { rebalanceApply } from './jobs/rebalance.job';
import { shardCordon, shardDrain, shardUncordon } from './jobs/shard.jobs';
import { NatsPlacementStore } from './natsPlacementStore';
import { PlacementOutbox } from './placementOutbox';
import { placementMigrations } from './placement.migrations';
import { placementRoutes } from './placement.routes';
import { PlacementService } from './placement.service';
import type { PlacementStore } from './placement.store';
import { readShardFile, seedShards } from './shardSeed';
import { SqlPlacementStore } from './sqlPlacementStore';

export type { InventoryReconciler, SubmitJob } from './inventoryReconcile';

type PlacementDeps = ModuleContext & {
  tenants: TenantsService;
  tenantImport: TenantImport;
  victoriaMetrics: VictoriaMetrics;
  nodeAdmin: NodeAdminClient;
  tenantRegistry: TenantRegistryClient;
};

export const placementModule: SidecarModule<PlacementDeps, { inventoryReconciler: InventoryReconciler }, ModuleJobs> = {
  name: 'placement',
  migrations: placementMigrations,
  async create(deps) {
    const { config, db, dialect, mutations, logger, clock, tenants, victoriaMetrics, nodeAdmin } = deps;
    const pc = config.placement;
    const store: PlacementStore =
      pc.store.kind === 'nats'
        ? await NatsPlacementStore.open({ url: pc.store.url, bucket: pc.store.bucket })
        : new SqlPlacementStore(db, dialect);
    const vm = victoriaMetrics;
    const service = new PlacementService(store, vm, nodeAdmin, mutations, clock, db);
    const outbox = new PlacementOutbox(db, store, clock, logger.child({ component: 'placement-outbox' }));
    const inventory = new InventoryService(
      deps.tenantRegistry,
      nodeAdmin,
      store,
      deps.tenantImport,
      db,
      mutations,
      clock,
      outbox
    );
    const inventoryReconciler = new InventoryReconciler(
      inventory,
      pc.inventoryReconcileMs,
      logger.child({ component: 'inventory' })
    );
    const seeded = pc.shardsFile ? await seedShards(store, readShardFile(pc.shardsFile), clock.now()) : 0;
    logger.info(
      { store: store.kind, vm: vm.configured, shardsSeeded: seeded, inventoryReconcileMs: pc.inventoryReconcileMs },
      'placement ready'
    );
    const placement = { store, vm, platform: nodeAdmin, thresholds: pc.thresholds };
    // Tenant change plans show where each tenant is placed.
    tenants.usePlacements(async (ids) =>
      (await Promise.all(ids.map((tenantId) => store.listAssignments({ tenantId })))).flat()
    );
    return {
      exports: { inventoryReconciler },
      routes: placementRoutes(service, inventory),
      jobs: {
        types: [
          ...bindJobTypes({ tenants, placement }, [
            tenantMigrate,
            shardCordon,
            shardUncordon,
            shardDrain,
            rebalanceApply,
          ]),
          ...bindJobTypes({ inventory }, [inventorySync]),
        ],
      },
      // Placement writes a crashed process committed (with their audit entry) but did not apply.
      start: () => void outbox.recover(),
      stop: async () => {
        await inventoryReconciler.stop();
        await outbox.idle();
        await store.close();
      },
    };
  },
};
