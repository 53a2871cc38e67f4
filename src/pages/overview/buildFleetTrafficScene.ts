import type { SceneDataQuery, SceneFlexLayout } from '@grafana/scenes';
import { fleet5xxRatio, fleetLatency, fleetRequestRate } from '../../shared/queries';
import { metricsPanelGroup, type TimeseriesSpec } from '../../shared/panels/observedPanels';

/** Fleet-wide gateway traffic per environment: request rate, 5xx ratio, p95 latency (one request). */
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

/** The Overview's fleet traffic graphs over the page's time range. */
export function buildFleetTrafficScene(): SceneFlexLayout {
  return metricsPanelGroup(fleetTrafficQueries(), FLEET_TRAFFIC_PANELS, { height: 220, minWidth: 300 });
}
