/**
 * Builds the placement module for the composition root: the configured store (embedded SQL or NATS
 * JetStream KV), the VictoriaMetrics reader, the platform node admin client and the service.
 */
import type { Logger } from 'pino';
import { NatsPlacementStore } from './natsPlacementStore';
import { NodePlacementAdmin } from '../../platform/nodePlacementAdmin';
import { VictoriaMetrics } from '../../platform/victoriaMetrics';
import type { Config } from '../../kernel/config/config';
import type { Mutations } from '../../kernel/mutations';
import type { Db, StoreKind } from '../../kernel/database/schema';
import { PlacementService } from './placement.service';
import type { PlacementStore } from './placement.store';
import { readShardFile, seedShards } from './shardSeed';
import { SqlPlacementStore } from './sqlPlacementStore';
import { type Clock } from '../../kernel/clock';

export interface PlacementModule {
  service: PlacementService;
  store: PlacementStore;
  vm: VictoriaMetrics;
  platform: NodePlacementAdmin;
  close(): Promise<void>;
}

export async function buildPlacement(
  config: Config,
  deps: { db: Db; dialect: StoreKind; mutations: Mutations; logger: Logger; clock: Clock }
): Promise<PlacementModule> {
  const pc = config.placement;
  const store: PlacementStore =
    pc.store.kind === 'nats'
      ? await NatsPlacementStore.open({ url: pc.store.url, bucket: pc.store.bucket })
      : new SqlPlacementStore(deps.db, deps.dialect);
  const vm = new VictoriaMetrics({ url: pc.vm.url, timeoutMs: pc.vm.timeoutMs });
  const platform = new NodePlacementAdmin({
    baseUrl: config.platform.url,
    allowedHosts: config.platform.outboundHosts,
    timeoutMs: config.platform.timeoutMs,
  });
  const service = new PlacementService(store, vm, platform, deps.mutations, deps.clock);
  const seeded = pc.shardsFile ? await seedShards(store, readShardFile(pc.shardsFile), deps.clock.now()) : 0;
  deps.logger.info({ store: store.kind, vm: vm.configured, shardsSeeded: seeded }, 'placement ready');
  return { service, store, vm, platform, close: () => store.close() };
}
