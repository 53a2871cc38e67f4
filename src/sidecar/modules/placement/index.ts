/**
 * Placement: which shard serves each tenant. The configured store (embedded SQL or NATS JetStream
 * KV), VictoriaMetrics load for planning, the node admin API for reloads, and the placement job types
 * (tenant migration, shard cordon/uncordon/drain, rebalance).
 */
import { bindJobTypes, type ModuleJobs } from '../../jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import type { VictoriaMetrics } from '../../platform/victoriaMetrics';
import type { TenantsService } from '../tenants';
import { tenantMigrate } from './jobs/migrate.job';
import { rebalanceApply } from './jobs/rebalance.job';
import { shardCordon, shardDrain, shardUncordon } from './jobs/shard.jobs';
import { NatsPlacementStore } from './natsPlacementStore';
import { placementMigrations } from './placement.migrations';
import { placementRoutes } from './placement.routes';
import { PlacementService } from './placement.service';
import type { PlacementStore } from './placement.store';
import { readShardFile, seedShards } from './shardSeed';
import { SqlPlacementStore } from './sqlPlacementStore';

type PlacementDeps = ModuleContext & {
  tenants: TenantsService;
  victoriaMetrics: VictoriaMetrics;
  nodeAdmin: NodeAdminClient;
};

export const placementModule: SidecarModule<PlacementDeps, object, ModuleJobs> = {
  name: 'placement',
  migrations: placementMigrations,
  async create({ config, db, dialect, mutations, logger, clock, tenants, victoriaMetrics, nodeAdmin }) {
    const pc = config.placement;
    const store: PlacementStore =
      pc.store.kind === 'nats'
        ? await NatsPlacementStore.open({ url: pc.store.url, bucket: pc.store.bucket })
        : new SqlPlacementStore(db, dialect);
    const vm = victoriaMetrics;
    const service = new PlacementService(store, vm, nodeAdmin, mutations, clock);
    const seeded = pc.shardsFile ? await seedShards(store, readShardFile(pc.shardsFile), clock.now()) : 0;
    logger.info({ store: store.kind, vm: vm.configured, shardsSeeded: seeded }, 'placement ready');
    const placement = { store, vm, platform: nodeAdmin, thresholds: pc.thresholds };
    // Tenant change plans show where each tenant is placed.
    tenants.usePlacements(async (ids) =>
      (await Promise.all(ids.map((tenantId) => store.listAssignments({ tenantId })))).flat()
    );
    return {
      exports: {},
      routes: placementRoutes(service),
      jobs: {
        types: bindJobTypes({ tenants, placement }, [
          tenantMigrate,
          shardCordon,
          shardUncordon,
          shardDrain,
          rebalanceApply,
        ]),
      },
      stop: () => store.close(),
    };
  },
};
