import {
  CustomVariable,
  SceneDataLayerSet,
  dataLayers,
  SceneDataTransformer,
  SceneQueryRunner,
  sceneGraph,
  sceneUtils,
  type SceneObject,
} from '@grafana/scenes';
import { DATASOURCE_UIDS } from '../../constants';
import { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';
import {
  tenant5xxRatio,
  tenantLatency,
  tenantLogs,
  tenantQuotaSaturation,
  tenantRequestRate,
} from '../../shared/queries';
import {
  buildTenantObservabilityScene,
  LEVEL_VARIABLE,
  tenantObservabilityLayout,
} from './buildTenantObservabilityScene';
import { tenantMetricQueries } from './tenantObservabilityQueries';
import { buildTenantHealthStrip } from './buildTenantHealthStrip';

function collect<T>(root: SceneObject, type: abstract new (...args: never[]) => T): T[] {
  const found: T[] = [];
  const visit = (o: SceneObject) => {
    if (o instanceof type) found.push(o as T);
    o.forEachChild(visit);
  };
  visit(root);
  return found;
}

const LIMIT = { requestsPerSecond: 200, source: 'config environment:prod v1' };
const panelTitles = (root: SceneObject) => collect(root, ObservedPanelScene).map((p) => p.state.panel.state.title);

describe('tenant Observability tab', () => {
  it('reads every graph from one VictoriaMetrics runner with the builders’ queries for this tenant', () => {
    const scene = tenantObservabilityLayout('acme-prod', LIMIT);
    const runners = collect(scene, SceneQueryRunner);
    const metrics = runners.filter((r) => r.state.datasource?.uid === DATASOURCE_UIDS.metrics);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.state.datasource?.type).toBe('prometheus');
    const exprs = Object.fromEntries(metrics[0]!.state.queries.map((q) => [q.refId, q.expr]));
    expect(exprs).toMatchObject({
      rate: tenantRequestRate('acme-prod'),
      errors: tenant5xxRatio('acme-prod'),
      p95: tenantLatency('acme-prod', 0.95),
      p99: tenantLatency('acme-prod', 0.99),
      saturation: tenantQuotaSaturation('acme-prod', 200),
    });
    expect(Object.keys(exprs)).toEqual(expect.arrayContaining(['load-gateway', 'load-aggregate', 'load-projection']));
    expect(panelTitles(scene)).toEqual([
      'Request rate',
      '5xx ratio',
      'Latency p95 / p99',
      'Saturation of its limit (200 req/s, config environment:prod v1)',
      'Load per service kind',
      'Logs',
    ]);
  });

  it('marks the tenant’s jobs on every graph from the Switchyard data source', () => {
    const scene = tenantObservabilityLayout('acme-prod', LIMIT);
    const runner = collect(scene, SceneQueryRunner).find((r) => r.state.datasource?.uid === DATASOURCE_UIDS.metrics)!;
    const layers = sceneGraph.getDataLayers(runner);
    expect(layers).toHaveLength(1);
    const jobs = (layers[0] as SceneDataLayerSet).state.layers[0] as dataLayers.AnnotationsDataLayer;
    expect(jobs.state.query.target).toEqual({ refId: 'jobs', queryType: 'jobAnnotations', tenant: 'acme-prod' });
  });

  it('each graph keeps only its own refIds of the shared runner', () => {
    const panels = collect(tenantObservabilityLayout('acme-prod', LIMIT), ObservedPanelScene);
    const latency = panels.find((p) => p.state.panel.state.title === 'Latency p95 / p99')!;
    expect(latency.state.refIds).toEqual(['p95', 'p99']);
    expect(latency.state.$data).toBeInstanceOf(SceneDataTransformer);
    expect(latency.state.sourceName).toBe('VictoriaMetrics');
    expect(latency.state.emptyText).toBe('No traffic in this range');
  });

  it('logs come from Loki with the tenant’s LogQL at the level chosen in the URL', () => {
    const scene = tenantObservabilityLayout('acme-prod');
    const loki = collect(scene, SceneQueryRunner).filter((r) => r.state.datasource?.uid === DATASOURCE_UIDS.logs);
    expect(loki).toHaveLength(1);
    expect(loki[0]!.state.datasource?.type).toBe('loki');
    expect(loki[0]!.state.queries[0]!.expr).toBe(tenantLogs('acme-prod', { minLevel: 'info' }));

    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams(`var-${LEVEL_VARIABLE}=error`));
    const variable = sceneGraph.lookupVariable(LEVEL_VARIABLE, scene) as CustomVariable;
    expect(variable.getValue()).toBe('error');
    // No data source service in unit tests: record the re-runs instead of sending them.
    const runs = jest.spyOn(loki[0]!, 'runQueries').mockImplementation(() => undefined);
    const deactivate = collect(scene, ObservedPanelScene)
      .find((p) => p.state.sourceName === 'Loki')!
      .activate();
    expect(loki[0]!.state.queries[0]!.expr).toBe(tenantLogs('acme-prod', { minLevel: 'error' }));
    variable.changeValueTo('warn');
    expect(loki[0]!.state.queries[0]!.expr).toBe(tenantLogs('acme-prod', { minLevel: 'warn' }));
    expect(runs.mock.calls.length).toBeGreaterThanOrEqual(2);
    deactivate();
  });

  it('keeps the time range and the level in the URL', () => {
    const scene = tenantObservabilityLayout('acme-prod');
    expect(sceneUtils.getUrlState(scene)).toMatchObject({ from: 'now-1h', to: 'now', 'var-level': 'info' });
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('from=now-6h&to=now-5m'));
    const range = sceneGraph.getTimeRange(scene);
    expect([range.state.from, range.state.to]).toEqual(['now-6h', 'now-5m']);
    expect(sceneUtils.getUrlState(scene)).toMatchObject({ from: 'now-6h', to: 'now-5m' });
  });

  const noConfig = { effective: () => Promise.reject(new Error('403 config:read')) };

  it('without a limit (config and tenant unreadable) the saturation graph is left out, the rest stays', async () => {
    expect(
      tenantMetricQueries('acme-prod', { requestsPerSecond: 0, source: 'tenant quota' }).map((q) => q.refId)
    ).not.toContain('saturation');
    const scene = await buildTenantObservabilityScene(
      'acme-prod',
      { getTenant: () => Promise.reject(new Error('sidecar unreachable')) },
      noConfig
    );
    expect(panelTitles(scene)).toEqual([
      'Request rate',
      '5xx ratio',
      'Latency p95 / p99',
      'Load per service kind',
      'Logs',
    ]);
  });

  const saturationOf = (scene: SceneObject) =>
    collect(scene, SceneQueryRunner)
      .find((r) => r.state.datasource?.uid === DATASOURCE_UIDS.metrics)!
      .state.queries.find((q) => q.refId === 'saturation')?.expr;

  it('measures saturation against the effective tenant.limits and names where the figure comes from', async () => {
    const effective = (entries: Array<{ scope: string; version: number | null }>) => ({
      effective: async () =>
        ({
          tenantId: 'acme-prod',
          configs: [
            { kind: 'tenant.flags', value: { schemaVersion: 1, flags: {} }, entries: [] },
            {
              kind: 'tenant.limits',
              value: { schemaVersion: 1, requestsPerSecond: 500, storageGb: 10 },
              entries: entries.map((e) => ({ path: 'requestsPerSecond', value: 500, source: 'tenant', ...e })),
            },
          ],
        }) as never,
    });
    const quota = { getTenant: async () => ({ quotas: { requestsPerSecond: 100 } }) as never };
    const scene = await buildTenantObservabilityScene(
      'acme-prod',
      quota,
      effective([{ scope: 'tenant:acme-prod', version: 2 }])
    );
    expect(saturationOf(scene)).toBe(tenantQuotaSaturation('acme-prod', 500));
    expect(panelTitles(scene)).toContain('Saturation of its limit (500 req/s, config tenant:acme-prod v2)');
    const byDefault = await buildTenantObservabilityScene(
      'acme-prod',
      quota,
      effective([{ scope: 'default', version: null }])
    );
    expect(panelTitles(byDefault)).toContain('Saturation of its limit (500 req/s, built-in default)');
  });

  it('falls back to the tenant’s requests-per-second quota when the effective config cannot be read', async () => {
    const scene = await buildTenantObservabilityScene(
      'acme-prod',
      { getTenant: async () => ({ quotas: { requestsPerSecond: 50 } }) as never },
      noConfig
    );
    expect(saturationOf(scene)).toBe(tenantQuotaSaturation('acme-prod', 50));
    expect(panelTitles(scene)).toContain('Saturation of its limit (50 req/s, tenant quota)');
  });
});

describe('tenant health strip', () => {
  it('shows rate, 5xx ratio and p95 of the tenant from one runner over the last hour', () => {
    const strip = buildTenantHealthStrip('acme-prod');
    const runners = collect(strip, SceneQueryRunner);
    expect(runners).toHaveLength(1);
    expect(runners[0]!.state.queries.map((q) => q.expr)).toEqual([
      tenantRequestRate('acme-prod'),
      tenant5xxRatio('acme-prod'),
      tenantLatency('acme-prod', 0.95),
    ]);
    expect(sceneGraph.getTimeRange(strip).state.from).toBe('now-1h');
    expect(panelTitles(strip)).toEqual(['Requests/s', '5xx ratio', 'Latency p95']);
  });
});
