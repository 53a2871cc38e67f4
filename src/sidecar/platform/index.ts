/**
 * The platform adapters, built once from config for the composition root. Each one calls only
 * allow-listed hosts (SWITCHYARD_OUTBOUND_HOSTS); an adapter whose URL is not configured reports
 * itself as not configured instead of calling anything.
 */
import type { Config } from '../kernel/config/config';
import { createAlertmanagerClient, type AlertmanagerClient } from './alertmanager';
import type { Clock } from '../kernel/clock';
import { createGrafanaClient, type GrafanaClient } from './grafana';
import { createGrafanaTeamsClient, type GrafanaTeamsClient } from './grafanaTeams';
import { ImageRegistryClient } from './imageRegistry';
import { PlatformIsolationClient } from './isolationApi';
import { KubernetesClient } from './kubernetes';
import { createKubernetesReader, type WorkloadReader } from './kubernetesHealthReader';
import { NodeAdminClient } from './nodeAdmin';
import { TenantRegistryClient } from './tenantRegistry';
import { VictoriaMetrics } from './victoriaMetrics';

export interface Platform {
  nodeAdmin: NodeAdminClient;
  /** The platform's tenant registry (`/v1/tenants`), read by the inventory sync. */
  tenantRegistry: TenantRegistryClient;
  kubernetes: KubernetesClient;
  /** Reads workloads for the platform health; null when SWITCHYARD_K8S_URL is unset. */
  /** A health reader of one namespace; null when SWITCHYARD_K8S_URL is not set. */
  kubernetesHealth: ((namespace: string) => WorkloadReader) | null;
  /** Null when SWITCHYARD_PLATFORM_URL is unset (isolation checks disabled). */
  isolationApi: PlatformIsolationClient | null;
  victoriaMetrics: VictoriaMetrics;
  /** Null when SWITCHYARD_GRAFANA_SA_TOKEN is unset (no annotations). */
  grafana: GrafanaClient | null;
  /** Null when SWITCHYARD_ALERTMANAGER_URL is unset (silences off). */
  alertmanager: AlertmanagerClient | null;
  /** Grafana's teams (entitlements); null when SWITCHYARD_GRAFANA_SA_TOKEN is unset. */
  grafanaTeams: GrafanaTeamsClient | null;
  /** The image registry (deploy preflight, image versions). */
  imageRegistry: ImageRegistryClient;
}

export function createPlatform(config: Config, clock: Clock): Platform {
  const { platform, jobs, operations, placement, isolation, grafana, entitlements, registry } = config;
  const grafanaApi = {
    url: operations.annotations.apiUrl ?? grafana.url,
    timeoutMs: operations.annotations.timeoutMs,
    allowedHosts: platform.outboundHosts,
  };
  const k8sUrl = jobs.kubernetes.url;
  const nodeAdminOptions = {
    baseUrl: platform.url,
    allowedHosts: platform.outboundHosts,
    timeoutMs: platform.timeoutMs,
  };
  return {
    nodeAdmin: new NodeAdminClient(nodeAdminOptions),
    tenantRegistry: new TenantRegistryClient(nodeAdminOptions),
    kubernetes: new KubernetesClient({
      url: jobs.kubernetes.url,
      token: jobs.kubernetes.token,
      timeoutMs: platform.timeoutMs,
    }),
    kubernetesHealth: k8sUrl
      ? (namespace: string) =>
          createKubernetesReader({
            url: k8sUrl,
            token: jobs.kubernetes.token ?? undefined,
            namespace,
            timeoutMs: operations.health.timeoutMs,
          })
      : null,
    isolationApi: platform.url
      ? new PlatformIsolationClient({ ...nodeAdminOptions, baseUrl: platform.url, concurrency: isolation.concurrency })
      : null,
    imageRegistry: new ImageRegistryClient({
      url: registry.url,
      repositoryTemplate: registry.repositoryTemplate,
      allowedHosts: platform.outboundHosts,
      timeoutMs: platform.timeoutMs,
    }),
    victoriaMetrics: new VictoriaMetrics({ url: placement.vm.url, timeoutMs: placement.vm.timeoutMs }),
    grafana: operations.annotations.saToken
      ? createGrafanaClient({ ...grafanaApi, token: operations.annotations.saToken })
      : null,
    grafanaTeams: operations.annotations.saToken
      ? createGrafanaTeamsClient({
          ...grafanaApi,
          token: operations.annotations.saToken,
          ttlMs: entitlements.teamTtlMs,
          now: () => clock.now().getTime(),
        })
      : null,
    alertmanager: operations.alertmanager.url
      ? createAlertmanagerClient({
          url: operations.alertmanager.url,
          timeoutMs: operations.alertmanager.timeoutMs,
          allowedHosts: platform.outboundHosts,
        })
      : null,
  };
}
