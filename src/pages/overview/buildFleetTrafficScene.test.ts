import { SceneQueryRunner, type SceneObject } from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';
import { fleet5xxRatio, fleetLatency, fleetRequestRate } from '../../shared/queries';
import { buildFleetTrafficScene } from './buildFleetTrafficScene';

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
  it('fetches rate, 5xx ratio and p95 per environment in one VictoriaMetrics request', () => {
    const scene = buildFleetTrafficScene();
    const runners = children(scene).filter((o): o is SceneQueryRunner => o instanceof SceneQueryRunner);
    expect(runners).toHaveLength(1);
    expect(runners[0]!.state.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE_UIDS.metrics });
    expect(runners[0]!.state.queries.map((q) => [q.refId, q.expr])).toEqual([
      ['rate', fleetRequestRate({ by: ['env'] })],
      ['errors', fleet5xxRatio({ by: ['env'] })],
      ['p95', fleetLatency(0.95, { by: ['env'] })],
    ]);
    const panels = children(scene).filter((o): o is ObservedPanelScene => o instanceof ObservedPanelScene);
    expect(panels.map((p) => [p.state.panel.state.title, p.state.refIds, p.state.emptyText])).toEqual([
      ['Fleet request rate', ['rate'], 'No traffic in this range'],
      ['Fleet 5xx ratio', ['errors'], 'No traffic in this range'],
      ['Fleet latency p95', ['p95'], 'No traffic in this range'],
    ]);
  });
});
