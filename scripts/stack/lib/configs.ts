import { stringify } from 'yaml';

/** Config files rendered for the local stack and the tests (compose has its own under scripts/stack/compose). */

export interface ScrapeTarget {
  job: string;
  target: string;
  service: string;
  env: string;
  /** Keep the exposition's own `service`/`env` labels (simulator, whose series carry their own). */
  honorLabels?: boolean;
  /** Sent as `Authorization: Bearer …` (the sidecar's /metrics needs SWITCHYARD_METRICS_TOKEN). */
  bearerToken?: string;
}

export function scrapeConfig(targets: ScrapeTarget[], intervalSeconds: number): string {
  return stringify({
    global: {
      scrape_interval: `${intervalSeconds}s`,
      scrape_timeout: `${Math.max(1, Math.min(intervalSeconds, 10) - 0.5)}s`,
    },
    scrape_configs: targets.map((t) => ({
      job_name: t.job,
      honor_labels: t.honorLabels ?? false,
      static_configs: [{ targets: [t.target], labels: { service: t.service, env: t.env } }],
      ...(t.bearerToken ? { bearer_token: t.bearerToken } : {}),
    })),
  });
}

export interface AlertmanagerOptions {
  webhookUrl: string;
  bearerTokenFile?: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

/** One route to the Switchyard sidecar's alert webhook, with a bearer token read from a file. */
export function alertmanagerConfig(o: AlertmanagerOptions): string {
  return stringify({
    route: {
      receiver: 'switchyard',
      group_by: ['alertname', 'env', 'tenant_id', 'shard'],
      group_wait: o.groupWait,
      group_interval: o.groupInterval,
      repeat_interval: o.repeatInterval,
    },
    receivers: [
      {
        name: 'switchyard',
        webhook_configs: [
          {
            url: o.webhookUrl,
            send_resolved: true,
            max_alerts: 0,
            ...(o.bearerTokenFile
              ? { http_config: { authorization: { type: 'Bearer', credentials_file: o.bearerTokenFile } } }
              : {}),
          },
        ],
      },
    ],
  });
}
