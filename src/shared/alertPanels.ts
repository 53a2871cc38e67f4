import type { Alert } from '../contract';
import { dashboardUrl } from './routing';

/**
 * The dashboard panel that shows what each alert rule (alerts/*.rules.yaml) measures: the inbox links
 * to it, opened on the panel (`viewPanel`) around the time the alert started. A test keeps every rule
 * mapped to a panel that exists.
 */
export const ALERT_PANELS: Record<string, { dashboard: string; panel: number }> = {
  SwitchyardTargetDown: { dashboard: 'switchyard-cluster', panel: 5 },
  SwitchyardScrapeFailing: { dashboard: 'switchyard-cluster', panel: 5 },
  ConsumerLagHigh: { dashboard: 'switchyard-eventbus', panel: 1 },
  RunnerOutboxDepthHigh: { dashboard: 'switchyard-workers', panel: 1 },
  TenantDrainNotConverging: { dashboard: 'switchyard-infra-exhaustion', panel: 4 },
  TenantHigh5xxRatio: { dashboard: 'switchyard-http', panel: 5 },
  TenantP95LatencyHigh: { dashboard: 'switchyard-http', panel: 6 },
  ShardP95LatencyHigh: { dashboard: 'switchyard-api-regression', panel: 5 },
  TenantDominatesShard: { dashboard: 'switchyard-noisy-neighbour', panel: 1 },
  TenantLoginFailuresAnomaly: { dashboard: 'switchyard-noisy-neighbour', panel: 8 },
  VolumeNearFull: { dashboard: 'switchyard-infra-exhaustion', panel: 2 },
  VolumeAlmostFull: { dashboard: 'switchyard-infra-exhaustion', panel: 1 },
  DeploymentRestartLoop: { dashboard: 'switchyard-cluster', panel: 1 },
  TenantIsolationViolation: { dashboard: 'switchyard-self', panel: 8 },
  SwitchyardJobStuck: { dashboard: 'switchyard-self', panel: 2 },
};

const HOUR_MS = 3_600_000;

/** The alert's panel from an hour before it started to its end (or now), with its tenant selected; null when unmapped. */
export function alertPanelUrl(alert: Pick<Alert, 'alertname' | 'startsAt' | 'endsAt' | 'tenantId'>): string | null {
  const p = ALERT_PANELS[alert.alertname];
  if (!p) {
    return null;
  }
  const from = String(Date.parse(alert.startsAt) - HOUR_MS);
  const to = alert.endsAt ? String(Date.parse(alert.endsAt) + HOUR_MS / 4) : 'now';
  const url = dashboardUrl(p.dashboard, { tenant: alert.tenantId ?? undefined }, { from, to });
  return `${url}&viewPanel=panel-${p.panel}`;
}

/** The alert rule's own page (Alertmanager's `generatorURL`), when it is a web link. */
export function alertRuleUrl(alert: Pick<Alert, 'generatorUrl'>): string | null {
  return alert.generatorUrl && /^(https?:\/\/|\/)/.test(alert.generatorUrl) ? alert.generatorUrl : null;
}
