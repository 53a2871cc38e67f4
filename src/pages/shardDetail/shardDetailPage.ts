import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { ROUTE_PATTERNS, shardUrl } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The shard page (`placement/fleet/shards/:shardId`), a drilldown of the fleet wired by the app. */
export function shardDetailDrilldown(): SceneAppDrilldownView {
  return {
    routePath: ROUTE_PATTERNS.shardDetail,
    getPage: (match, parent) => {
      const shardId = match.params.shardId ?? '';
      return new SceneAppPage({
        title: `Shard ${shardId}`,
        subTitle: 'Status, load and the tenants it serves; cordon, uncordon and drain',
        url: shardUrl(shardId),
        routePath: ROUTE_PATTERNS.shardDetail,
        getParentPage: () => parent,
        getScene: () =>
          buildGuardedScene(Actions.placementRead, () =>
            import(/* webpackChunkName: "page-shard" */ './ShardDetailScene').then(
              (m) => new m.ShardDetailScene({ shardId })
            )
          ),
      });
    },
  };
}
