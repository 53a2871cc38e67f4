/**
 * The platform adapters, built once from config for the composition root. Each one calls only
 * allow-listed hosts (SWITCHYARD_OUTBOUND_HOSTS); an adapter whose URL is not configured reports
 * itself as not configured instead of calling anything.
 */
import type { Config } from '../kernel/config/config';
import { namespaceFor } from '../kernel/config/jobs';
import { createGrafanaClient, type GrafanaClient } from './grafana';
import { PlatformIsolationClient } from './isolationApi';
import { KubernetesClient } from './kubernetes';
import { createKubernetesReader, type WorkloadReader } from './kubernetesHealthReader';
import { NodeAdminClient } from './nodeAdmin';
import { VictoriaMetrics } from './victoriaMetrics';

export interface Platform {
  nodeAdmin: NodeAdminClient;
  kubernetes: KubernetesClient;
  /** Reads workloads for the platform health; null when SWITCHYARD_K8S_URL is unset. */
  kubernetesHealth: WorkloadReader | null;
  /** Null when SWITCHYARD_PLATFORM_URL is unset (isolation checks disabled). */
  isolationApi: PlatformIsolationClient | null;
  victoriaMetrics: VictoriaMetrics;
  /** Null when SWITCHYARD_GRAFANA_SA_TOKEN is unset (no annotations). */
  grafana: GrafanaClient | null;
}

export function createPlatform(config: Config): Platform {
  const { platform, jobs, operations, placement, isolation, grafana } = config;
  const nodeAdminOptions = {
    baseUrl: platform.url,
    allowedHosts: platform.outboundHosts,
    timeoutMs: platform.timeoutMs,
  };
  return {
    nodeAdmin: new NodeAdminClient(nodeAdminOptions),
    kubernetes: new KubernetesClient({
      url: jobs.kubernetes.url,
      token: jobs.kubernetes.token,
      timeoutMs: platform.timeoutMs,
    }),
    kubernetesHealth: jobs.kubernetes.url
      ? createKubernetesReader({
          url: jobs.kubernetes.url,
          token: jobs.kubernetes.token ?? undefined,
          namespace: namespaceFor(jobs.kubernetes.namespaceTemplate, operations.health.environment),
          timeoutMs: operations.health.timeoutMs,
        })
      : null,
    isolationApi: platform.url
      ? new PlatformIsolationClient({ ...nodeAdminOptions, baseUrl: platform.url, concurrency: isolation.concurrency })
      : null,
    victoriaMetrics: new VictoriaMetrics({ url: placement.vm.url, timeoutMs: placement.vm.timeoutMs }),
    grafana: operations.annotations.saToken
      ? createGrafanaClient({
          url: operations.annotations.apiUrl ?? grafana.url,
          token: operations.annotations.saToken,
          timeoutMs: operations.annotations.timeoutMs,
          allowedHosts: platform.outboundHosts,
        })
      : null,
  };
}
