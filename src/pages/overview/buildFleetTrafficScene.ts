import type { SceneDataQuery, SceneFlexLayout, SceneQueryRunner } from '@grafana/scenes';
import { fleet5xxRatio, fleetLatency, fleetRequestRate } from '../../shared/queries';
import { metricsRunner, panelGroup, type TimeseriesSpec } from '../../shared/panels/observedPanels';
import { uptimeQuery } from './UptimeScene';

/** Fleet-wide gateway traffic per environment: request rate, 5xx ratio, p95 latency. */
export function fleetTrafficQueries(): SceneDataQuery[] {
  const by = ['env'];
  return [
    { refId: 'rate', expr: fleetRequestRate({ by }), legendFormat: '{{env}}' },
    { refId: 'errors', expr: fleet5xxRatio({ by }), legendFormat: '{{env}}' },
    { refId: 'p95', expr: fleetLatency(0.95, { by }), legendFormat: '{{env}} p95' },
  ];
}

export const FLEET_TRAFFIC_PANELS: TimeseriesSpec[] = [
  { title: 'Fleet request rate', unit: 'reqps', refIds: ['rate'] },
  { title: 'Fleet 5xx ratio', unit: 'percentunit', refIds: ['errors'] },
  { title: 'Fleet latency p95', unit: 's', refIds: ['p95'] },
];

/**
 * Every VictoriaMetrics query of the Overview in one data request: the fleet traffic graphs (range)
 * and uptime per service (instant). Set on the page, above both sections, which each read their refIds.
 */
export function overviewMetricsRunner(): SceneQueryRunner {
  return metricsRunner([...fleetTrafficQueries(), uptimeQuery()]);
}

/** The Overview's fleet traffic graphs over the page's time range, fed by {@link overviewMetricsRunner} above them. */
export function buildFleetTrafficScene(): SceneFlexLayout {
  return panelGroup(undefined, FLEET_TRAFFIC_PANELS, 'VictoriaMetrics', { height: 220, minWidth: 300 });
}
