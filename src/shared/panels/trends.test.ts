import { SceneQueryRunner, sceneGraph, type SceneObject } from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { validateDsQuery } from '../../contract';
import { isolationVerdictCounts } from '../queries';
import { ObservedPanelScene } from './ObservedPanelScene';
import {
  buildIsolationTrend,
  buildJobsTrend,
  buildTenantStatusTrend,
  JOBS_TREND,
  setJobsTrendEnvironments,
  TENANT_STATUS_TREND,
} from './trends';

const all = (root: SceneObject) => sceneGraph.findAllObjects(root, () => true);
const runners = (root: SceneObject) => all(root).filter((o): o is SceneQueryRunner => o instanceof SceneQueryRunner);
const panels = (root: SceneObject) => all(root).filter((o): o is ObservedPanelScene => o instanceof ObservedPanelScene);

describe('control-plane trends', () => {
  it('every Switchyard data source query is valid against the data source contract', () => {
    for (const q of [...JOBS_TREND.queries, ...TENANT_STATUS_TREND.queries]) {
      expect(validateDsQuery(q)).toMatchObject({ ok: true });
    }
  });

  it('isolation verdicts over time come from the sidecar’s metric in VictoriaMetrics, range in the URL', () => {
    const scene = buildIsolationTrend();
    const [runner, ...rest] = runners(scene);
    expect(rest).toEqual([]);
    expect(runner!.state.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE_UIDS.metrics });
    expect(runner!.state.queries[0]!.expr).toBe(isolationVerdictCounts());
    expect(sceneGraph.getTimeRange(runner!).state.from).toBe('now-24h');
    expect(panels(scene).map((p) => [p.state.sourceName, p.state.emptyText])).toEqual([
      ['VictoriaMetrics', 'No isolation verdicts in this range'],
    ]);
  });

  it('jobs started and failed are one Switchyard data source request, drawn as bars', () => {
    const scene = buildJobsTrend();
    const [runner, ...rest] = runners(scene);
    expect(rest).toEqual([]);
    expect(runner!.state.datasource?.uid).toBe(DATASOURCE_UIDS.controlPlane);
    expect(runner!.state.queries.map((q) => q.refId)).toEqual(['started', 'failed']);
    const shown = panels(scene);
    expect(shown.map((p) => p.state.refIds)).toEqual([['started'], ['failed']]);
    expect(shown.map((p) => p.state.sourceName)).toEqual(['The Switchyard data source', 'The Switchyard data source']);
    expect(shown[0]!.state.panel.state.fieldConfig.defaults.custom).toMatchObject({ drawStyle: 'bars' });
  });

  it('jobs graphs narrowed to environments ask for them in both queries, and query again when they change', () => {
    const scene = buildJobsTrend(['prod']);
    const [runner] = runners(scene);
    expect(runner!.state.queries.map((q) => (q as { environment?: string[] }).environment)).toEqual([
      ['prod'],
      ['prod'],
    ]);
    const run = jest.spyOn(runner!, 'runQueries').mockImplementation(() => undefined);
    setJobsTrendEnvironments(scene, ['dev', 'staging']);
    expect(runner!.state.queries.map((q) => (q as { environment?: string[] }).environment)).toEqual([
      ['dev', 'staging'],
      ['dev', 'staging'],
    ]);
    expect(run).toHaveBeenCalledTimes(1);
    setJobsTrendEnvironments(scene, []);
    expect(runner!.state.queries).toEqual(JOBS_TREND.queries);
    for (const q of runner!.state.queries) expect(validateDsQuery(q)).toMatchObject({ ok: true });
  });

  it('tenants by status follow the page’s time range (no range of their own)', () => {
    const scene = buildTenantStatusTrend();
    expect(scene.state.$timeRange).toBeUndefined();
    expect(runners(scene)[0]!.state.queries).toEqual(TENANT_STATUS_TREND.queries);
  });
});
