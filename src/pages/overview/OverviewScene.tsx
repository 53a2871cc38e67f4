import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneTimeRange,
  type SceneComponentProps,
  type SceneFlexLayout,
  type SceneObjectState,
} from '@grafana/scenes';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { jobUrl, operationsUrl, suggestionUrl, tenantsFilteredUrl } from '../../shared/routing';
import { can } from '../../shared/permissions';
import { HealthBadge } from '../../shared/JobStatusBadge';
import { statusLabel } from '../../shared/StatusBadge';
import { testIds } from '../../shared/testIds';
import { Actions, ENVIRONMENTS, TENANT_STATUSES, type PlatformHealthOverview, worstHealth } from '../../contract';
import { UptimeScene } from './UptimeScene';
import { buildFleetTrafficScene, overviewMetricsRunner } from './buildFleetTrafficScene';
import { buildTenantStatusTrend } from '../../shared/panels/trends';
import { fetchOverviewSections, takePrefetchedSections, type OverviewSections } from './overviewSections';

const REFRESH_MS = 30_000;

export interface OverviewSceneState extends SceneObjectState, OverviewSections {
  /** Uptime per service; its query is in the page's `$data` runner with the fleet traffic queries. */
  uptime: UptimeScene;
  /** Fleet request rate, 5xx ratio and p95 over the page's time range (shared range and request with uptime). */
  traffic: SceneFlexLayout;
  /** Tenants by status over the page's time range (Switchyard data source); absent without tenant access. */
  statusTrend?: SceneFlexLayout;
}

/** The landing page: tenants by status and environment, deployments, uptime, recent failed jobs and firing alerts. */
export class OverviewScene extends SceneObjectBase<OverviewSceneState> {
  static Component = OverviewRenderer;
  private readonly api: OperationsApi;
  private timer?: ReturnType<typeof setInterval>;
  private loadedOnce = false;

  constructor(state: Partial<OverviewSceneState> = {}, api: OperationsApi = operationsApi) {
    super({
      failed: [],
      $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
      // Uptime and fleet traffic read their refIds of this one VictoriaMetrics request.
      $data: overviewMetricsRunner(),
      uptime: UptimeScene.create(),
      traffic: buildFleetTrafficScene(),
      ...(can(Actions.tenantsRead) ? { statusTrend: buildTenantStatusTrend() } : {}),
      ...state,
    });
    this.api = api;
    this.addActivationHandler(() => {
      void this.load();
      this.timer = setInterval(() => void this.load(), REFRESH_MS);
      return () => clearInterval(this.timer);
    });
  }

  /** The first load takes the sections the app root prefetched for this page load, if any. */
  load = async () => {
    const first = !this.loadedOnce;
    this.loadedOnce = true;
    const sections = (first ? takePrefetchedSections() : undefined) ?? fetchOverviewSections(this.api);
    this.setState(await sections);
  };
}

function Count({
  n,
  label,
  href,
  testId,
  data,
}: {
  n: number;
  label: string;
  href: string;
  testId: string;
  data: Record<string, string>;
}) {
  const styles = useStyles2(getStyles);
  const attrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Link to={href} className={styles.count} data-testid={testId} {...attrs} aria-label={`${n} ${label}`}>
      <span className={styles.number}>{n}</span>
      <span>{label}</span>
    </Link>
  );
}

/** Deployment counts summed over the environments the user may see. */
function deploymentTotals(health: PlatformHealthOverview) {
  const total = { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 };
  for (const e of health.environments) {
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += e.counts.deployments[k];
  }
  return total;
}

function OverviewRenderer({ model }: SceneComponentProps<OverviewScene>) {
  const styles = useStyles2(getStyles);
  const { counts, health, failedJobs, firing, failed, uptime, traffic, statusTrend } = model.useState();
  const deployments = health && health.environments.length > 0 ? deploymentTotals(health) : undefined;
  return (
    <div data-testid={testIds.overview.page} className={styles.grid}>
      {failed.length > 0 && <Text color="warning">Could not load: {failed.join(', ')}.</Text>}
      {counts && (
        <section aria-label="Tenants">
          <Text element="h3" variant="h5">{`Tenants (${counts.total})`}</Text>
          <div className={styles.row}>
            {TENANT_STATUSES.filter((s) => counts.byStatus[s] > 0).map((s) => (
              <Count
                key={s}
                n={counts.byStatus[s]}
                label={statusLabel(s)}
                href={tenantsFilteredUrl({ status: s })}
                testId={testIds.overview.statusCount}
                data={{ status: s }}
              />
            ))}
          </div>
          <div className={styles.row}>
            {ENVIRONMENTS.map((e) => (
              <Count
                key={e}
                n={counts.byEnvironment[e]}
                label={e}
                href={tenantsFilteredUrl({ environment: e })}
                testId={testIds.overview.environmentCount}
                data={{ environment: e }}
              />
            ))}
          </div>
        </section>
      )}
      {health && deployments && (
        <section aria-label="Deployments" data-testid={testIds.overview.deployments}>
          <Stack direction="row" gap={1} alignItems="center">
            <Text element="h3" variant="h5">{`Deployments in ${health.environments
              .map((e) => e.namespace)
              .join(', ')}`}</Text>
            <HealthBadge state={worstHealth(health.environments.map((e) => e.state))} />
          </Stack>
          <div className={styles.row}>
            <Count
              n={deployments.healthy}
              label="healthy"
              href={operationsUrl()}
              testId={`${testIds.overview.deployments}-healthy`}
              data={{ state: 'healthy' }}
            />
            <Count
              n={deployments.unhealthy + deployments.pending}
              label="not healthy"
              href={operationsUrl()}
              testId={`${testIds.overview.deployments}-unhealthy`}
              data={{ state: 'unhealthy' }}
            />
          </div>
        </section>
      )}
      <section aria-label="Uptime">
        <uptime.Component model={uptime} />
      </section>
      <section aria-label="Fleet traffic" data-testid={testIds.overview.fleetTraffic}>
        <traffic.Component model={traffic} />
      </section>
      {statusTrend && (
        <section aria-label="Tenants by status over time" data-testid={testIds.panels.tenantStatusTrend}>
          <statusTrend.Component model={statusTrend} />
        </section>
      )}
      {failedJobs && (
        <section aria-label="Recent failed jobs" data-testid={testIds.overview.failedJobs}>
          <Text element="h3" variant="h5">
            <Link
              to={operationsUrl({ status: 'failed' })}
            >{`Recent failed jobs (${failedJobs.items.length}${failedJobs.nextCursor ? '+' : ''})`}</Link>
          </Text>
          <ul>
            {failedJobs.items.map((j) => (
              <li key={j.id}>
                <Link to={jobUrl(j.id)}>{`${j.type} on ${j.target}`}</Link>{' '}
                <Text color="secondary">{j.error?.message ?? ''}</Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      {firing && (
        <section aria-label="Firing alerts" data-testid={testIds.overview.firingAlerts}>
          <Text element="h3" variant="h5">
            <Link to={operationsUrl()}>{`Firing alerts (${firing.items.length}${firing.nextCursor ? '+' : ''})`}</Link>
          </Text>
          <ul>
            {firing.items.map((a) => (
              <li key={a.fingerprint}>
                <Text weight="medium">{a.alertname}</Text> {a.tenantId && <Text color="secondary">{a.tenantId}</Text>}{' '}
                {a.suggestion && <Link to={suggestionUrl(a.suggestion)}>{a.suggestion.title}</Link>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  row: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), marginTop: theme.spacing(1) }),
  count: css({
    display: 'flex',
    flexDirection: 'column',
    minWidth: 110,
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    '&:hover': { borderColor: theme.colors.border.strong },
  }),
  number: css({ fontSize: theme.typography.h2.fontSize, fontWeight: theme.typography.fontWeightMedium }),
});
