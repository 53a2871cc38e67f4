import { SceneAppPage } from '@grafana/scenes';
import { rebalanceUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The rebalance page: target utilization → preview (every move, per-shard before/after) → apply. */
export function rebalancePage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Rebalance',
    subTitle: 'Bring every shard under a utilization target with the fewest tenant moves',
    url: rebalanceUrl(),
    routePath: ROUTE_PATTERNS.rebalance,
    getScene: () =>
      buildGuardedScene(Actions.placementRead, () =>
        import(/* webpackChunkName: "page-rebalance" */ './RebalanceScene').then((m) => new m.RebalanceScene())
      ),
  });
}
