/**
 * Control-plane trends the list pages show above their tables: isolation verdicts (the sidecar's
 * metrics in VictoriaMetrics), jobs started and failed, and tenants by status (the Switchyard data
 * source), each a pure description of queries and panels.
 */
import { SceneQueryRunner, sceneGraph, type SceneDataQuery, type SceneFlexLayout } from '@grafana/scenes';
import type { DsQueryInput, Environment } from '../../contract';
import { isolationVerdictCounts } from '../queries';
import { controlPlanePanelGroup, metricsPanelGroup, type TimeseriesSpec } from './observedPanels';
import { timeControlledLayout } from './timeControls';

type ControlPlaneQuery = SceneDataQuery & DsQueryInput;

export const ISOLATION_TREND = {
  queries: [{ refId: 'verdicts', expr: isolationVerdictCounts(), legendFormat: '{{verdict}}' }] as SceneDataQuery[],
  panels: [
    {
      title: 'Tenants per isolation verdict',
      unit: 'short',
      refIds: ['verdicts'],
      emptyText: 'No isolation verdicts in this range',
    },
  ] as TimeseriesSpec[],
};

export const JOBS_TREND = {
  queries: [
    { refId: 'started', queryType: 'jobs', format: 'timeseries', groupBy: 'type' },
    { refId: 'failed', queryType: 'jobs', format: 'timeseries', groupBy: 'type', status: ['failed'] },
  ] as ControlPlaneQuery[],
  panels: [
    {
      title: 'Jobs started, by type',
      unit: 'short',
      refIds: ['started'],
      bars: true,
      emptyText: 'No jobs in this range',
    },
    {
      title: 'Jobs failed, by type',
      unit: 'short',
      refIds: ['failed'],
      bars: true,
      emptyText: 'No failed jobs in this range',
    },
  ] as TimeseriesSpec[],
};

export const TENANT_STATUS_TREND = {
  queries: [
    { refId: 'status', queryType: 'tenantCounts', groupBy: 'status', format: 'timeseries' },
  ] as ControlPlaneQuery[],
  panels: [
    { title: 'Tenants by status over time', unit: 'short', refIds: ['status'], emptyText: 'No tenants in this range' },
  ] as TimeseriesSpec[],
};

const SMALL = { height: 200, minWidth: 320 };

/** Isolation posture: tenants per verdict over time (last 24 hours by default). */
export function buildIsolationTrend(): SceneFlexLayout {
  return timeControlledLayout({
    from: 'now-24h',
    to: 'now',
    children: [metricsPanelGroup(ISOLATION_TREND.queries, ISOLATION_TREND.panels, SMALL)],
  });
}

/** The jobs trend's queries narrowed to `environments` (none: every environment). */
export function jobsTrendQueries(environments: readonly Environment[]): ControlPlaneQuery[] {
  return JOBS_TREND.queries.map((q) => (environments.length ? { ...q, environment: [...environments] } : q));
}

/**
 * Operations hub: jobs started and failed per bucket, by type (last 24 hours by default), in
 * `environments` (none: every environment).
 */
export function buildJobsTrend(environments: readonly Environment[] = []): SceneFlexLayout {
  return timeControlledLayout({
    from: 'now-24h',
    to: 'now',
    children: [controlPlanePanelGroup(jobsTrendQueries(environments), JOBS_TREND.panels, SMALL)],
  });
}

/** Narrows a built jobs trend to other environments and queries again. */
export function setJobsTrendEnvironments(trend: SceneFlexLayout, environments: readonly Environment[]): void {
  const runner = sceneGraph.findObject(trend, (o) => o instanceof SceneQueryRunner);
  if (runner instanceof SceneQueryRunner) {
    runner.setState({ queries: jobsTrendQueries(environments) });
    runner.runQueries();
  }
}

/** Overview: tenants by status over the page's time range (one Switchyard data source request). */
export function buildTenantStatusTrend(): SceneFlexLayout {
  return controlPlanePanelGroup(TENANT_STATUS_TREND.queries, TENANT_STATUS_TREND.panels, SMALL);
}
