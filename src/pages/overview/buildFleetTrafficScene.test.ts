import { SceneQueryRunner, type SceneObject } from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';
import { fleet5xxRatio, fleetLatency, fleetRequestRate } from '../../shared/queries';
import { buildFleetTrafficScene, overviewMetricsRunner } from './buildFleetTrafficScene';
import { uptimeQuery } from './UptimeScene';

function children(root: SceneObject): SceneObject[] {
  const all: SceneObject[] = [];
  const visit = (o: SceneObject) => {
    all.push(o);
    o.forEachChild(visit);
  };
  visit(root);
  return all;
}

describe('Overview fleet traffic', () => {
  it('fetches rate, 5xx ratio and p95 per environment and uptime in one VictoriaMetrics request', () => {
    const runner = overviewMetricsRunner();
    expect(runner.state.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE_UIDS.metrics });
    expect(runner.state.queries.map((q) => [q.refId, q.expr, q.instant ?? false])).toEqual([
      ['rate', fleetRequestRate({ by: ['env'] }), false],
      ['errors', fleet5xxRatio({ by: ['env'] }), false],
      ['p95', fleetLatency(0.95, { by: ['env'] }), false],
      ['uptime', uptimeQuery().expr, true],
    ]);
  });

  it('the graphs read their refIds of the page’s runner and bring no request of their own', () => {
    const scene = buildFleetTrafficScene();
    expect(children(scene).filter((o) => o instanceof SceneQueryRunner)).toHaveLength(0);
    const panels = children(scene).filter((o): o is ObservedPanelScene => o instanceof ObservedPanelScene);
    expect(panels.map((p) => [p.state.panel.state.title, p.state.refIds, p.state.emptyText])).toEqual([
      ['Fleet request rate', ['rate'], 'No traffic in this range'],
      ['Fleet 5xx ratio', ['errors'], 'No traffic in this range'],
      ['Fleet latency p95', ['p95'], 'No traffic in this range'],
    ]);
  });
});
