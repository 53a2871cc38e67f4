import { SceneTimeRange, type SceneFlexLayout } from '@grafana/scenes';
import { tenant5xxRatio, tenantLatency, tenantRequestRate } from '../../shared/queries';
import { metricsPanelGroup } from '../../shared/panels/observedPanels';

/** A compact strip of the tenant's traffic (last hour unless the URL sets `from`/`to`): request rate, 5xx ratio and p95 (one request). */
export function buildTenantHealthStrip(tenantId: string): SceneFlexLayout {
  const strip = metricsPanelGroup(
    [
      { refId: 'rate', expr: tenantRequestRate(tenantId), legendFormat: 'requests/s' },
      { refId: 'errors', expr: tenant5xxRatio(tenantId), legendFormat: '5xx ratio' },
      { refId: 'p95', expr: tenantLatency(tenantId, 0.95), legendFormat: 'p95' },
    ],
    [
      { title: 'Requests/s', unit: 'reqps', refIds: ['rate'] },
      { title: '5xx ratio', unit: 'percentunit', refIds: ['errors'] },
      { title: 'Latency p95', unit: 's', refIds: ['p95'] },
    ],
    { height: 130, minWidth: 220 }
  );
  strip.setState({ $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }) });
  return strip;
}
