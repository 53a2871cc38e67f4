import { SceneDataTransformer, sceneGraph, type SceneFlexLayout } from '@grafana/scenes';
import type { ServiceKind, Shard, ShardStatus } from '../../contract';
import { metricsPanelGroup } from '../../shared/panels/observedPanels';
import { timeControlledLayout } from '../../shared/panels/timeControls';
import { shardLoadPanels, shardLoadQueries, shardStatusTransform } from './shardLoad';

export interface ShardLoadScene {
  layout: SceneFlexLayout;
  /** The shards the page shows: cordoned / draining / down series are named with their state. */
  setShards(shards: ReadonlyArray<Pick<Shard, 'id' | 'status'>>): void;
}

/** Load per shard and utilization against capacity of one kind over time (one request; range in the URL). */
export function buildShardLoadScene(kind: ServiceKind): ShardLoadScene {
  let statuses: ReadonlyMap<string, ShardStatus> = new Map();
  const transform = shardStatusTransform(() => statuses);
  const layout = timeControlledLayout({
    from: 'now-1h',
    to: 'now',
    children: [metricsPanelGroup(shardLoadQueries(kind), shardLoadPanels(kind, transform), { height: 220 })],
  });
  return {
    layout,
    setShards(shards) {
      statuses = new Map(shards.map((s) => [s.id, s.status]));
      for (const t of sceneGraph.findAllObjects(layout, (o) => o instanceof SceneDataTransformer)) {
        if (t.isActive) {
          (t as SceneDataTransformer).reprocessTransformations();
        }
      }
    },
  };
}
