import {
  isolationVerdictCounts,
  latencyQuantile,
  oldestRunningJobSeconds,
  shardUtilization,
} from '../../../src/shared/queries';
import { R, T, V, type DashboardDef } from '../lib';

export const cluster: DashboardDef = {
  uid: 'switchyard-cluster',
  title: 'Switchyard / Cluster (orchestrator)',
  tags: ['cluster', 'kubernetes'],
  description: 'Pods, deployments and cron jobs of the platform namespaces.',
  vars: ['env', 'service'],
  panels: [
    {
      title: 'Container restarts (15m)',
      core: true,
      targets: [
        {
          expr: 'topk(10, sum by (namespace, deployment) (increase(kube_pod_container_status_restarts_total{env=~"$env", service=~"$service"}[15m])))',
          legend: '{{namespace}}/{{deployment}}',
        },
      ],
    },
    {
      title: 'Containers not ready',
      core: true,
      targets: [
        {
          expr: 'sum by (namespace, deployment) (1 - kube_pod_container_status_ready{env=~"$env", service=~"$service"})',
          legend: '{{namespace}}/{{deployment}}',
        },
      ],
    },
    {
      title: 'Replicas desired vs available',
      type: 'table',
      core: true,
      w: 24,
      targets: [
        {
          expr: 'max by (namespace, deployment) (kube_deployment_spec_replicas{env=~"$env", service=~"$service"})',
          legend: 'desired',
        },
        {
          expr: 'max by (namespace, deployment) (kube_deployment_status_replicas_available{env=~"$env", service=~"$service"})',
          legend: 'available',
        },
      ],
    },
    {
      title: 'Time since last successful cron run',
      core: true,
      unit: 's',
      targets: [
        {
          expr: 'max by (namespace, cronjob) (time() - kube_cronjob_status_last_successful_time{env=~"$env"})',
          legend: '{{namespace}}/{{cronjob}}',
        },
      ],
    },
    {
      title: 'Scrape targets',
      type: 'table',
      core: true,
      targets: [{ expr: 'max by (job, service, env, instance) (up)' }],
    },
  ],
};

export const apiRegression: DashboardDef = {
  uid: 'switchyard-api-regression',
  title: 'Switchyard / API regression & deployment',
  tags: ['deployment', 'http'],
  description: 'Versions per shard next to latency and errors, to see whether a rollout made things worse.',
  vars: ['env', 'service', 'shard'],
  // Rollouts (deployment.rollout jobs: start → finish, with their outcome) as regions on every panel.
  annotations: [
    { name: 'Deployments', model: { refId: 'Deploys', queryType: 'jobAnnotations', type: ['deployment.rollout'] } },
  ],
  panels: [
    {
      title: 'Versions by shard',
      type: 'table',
      core: true,
      w: 24,
      linkTo: 'shard',
      targets: [
        {
          expr: 'max by (service, shard, version, git_sha) ({__name__=~"(gateway|aggregate|projection|runner)_build_info", env=~"$env", service=~"$service", shard=~"$shard"})',
        },
      ],
    },
    {
      title: 'Gateway p95 by version',
      core: true,
      unit: 's',
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (le, version) (sum by (le, env, shard) (rate(gateway_request_duration_seconds_bucket{env=~"$env", shard=~"$shard"}[${R}])) * on (env, shard) group_left (version) max by (env, shard, version) (gateway_build_info{env=~"$env"})))`,
          legend: '{{version}}',
        },
      ],
    },
    {
      title: '5xx ratio by version',
      core: true,
      unit: 'percentunit',
      targets: [
        {
          expr: `sum by (version) (sum by (env, shard) (rate(gateway_requests_total{env=~"$env", shard=~"$shard", status_class="5xx"}[${R}])) * on (env, shard) group_left (version) max by (env, shard, version) (gateway_build_info{env=~"$env"})) / sum by (version) (sum by (env, shard) (rate(gateway_requests_total{env=~"$env", shard=~"$shard"}[${R}])) * on (env, shard) group_left (version) max by (env, shard, version) (gateway_build_info{env=~"$env"}))`,
          legend: '{{version}}',
        },
      ],
    },
    {
      title: 'p95 by route (regressions)',
      core: true,
      unit: 's',
      targets: [
        {
          expr: `topk(10, histogram_quantile(0.95, sum by (le, route, method) (rate(http_route_request_duration_seconds_bucket{env=~"$env"}[${R}]))))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'Shard p95 latency',
      core: true,
      unit: 's',
      linkTo: 'shard',
      targets: [
        {
          expr: `topk(20, ${latencyQuantile(0.95, { env: V.env, shard: V.shard }, { by: ['shard'] })})`,
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Restarts after rollouts (15m)',
      core: true,
      targets: [
        {
          expr: 'topk(10, sum by (deployment) (increase(kube_pod_container_status_restarts_total{env=~"$env", service=~"$service"}[15m])))',
          legend: '{{deployment}}',
        },
      ],
    },
  ],
};

export const exhaustion: DashboardDef = {
  uid: 'switchyard-infra-exhaustion',
  title: 'Switchyard / Infrastructure exhaustion',
  tags: ['capacity'],
  description: 'What runs out first: disk, shard capacity, consumer and outbox headroom, pods.',
  vars: ['env', 'service', 'tenant'],
  panels: [
    {
      title: 'Disk used (top 10)',
      core: true,
      unit: 'percentunit',
      linkTo: 'shard',
      targets: [
        {
          expr: 'topk(10, max by (shard) (storage_volume_used_bytes{env=~"$env", service=~"$service"} / storage_volume_capacity_bytes{env=~"$env", service=~"$service"}))',
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Hours until volume full (linear)',
      unit: 'h',
      linkTo: 'shard',
      targets: [
        {
          expr: 'bottomk(10, min by (shard) ((storage_volume_capacity_bytes{env=~"$env"} - storage_volume_used_bytes{env=~"$env"}) / deriv(storage_volume_used_bytes{env=~"$env"}[10m]) / 3600) > 0)',
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Gateway shard utilisation',
      core: true,
      unit: 'percentunit',
      linkTo: 'shard',
      targets: [
        {
          expr: `topk(10, ${shardUtilization('gateway', { env: V.env })})`,
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Commands in flight by tenant',
      core: true,
      linkTo: 'tenant',
      targets: [{ expr: `topk(10, sum by (tenant_id) (aggregate_in_flight_commands{${T}}))`, legend: '{{tenant_id}}' }],
    },
    {
      title: 'Worst consumer lag and outbox depth',
      core: true,
      linkTo: 'shard',
      targets: [
        { expr: 'topk(5, max by (shard) (eventbus_consumer_pending_messages{env=~"$env"}))', legend: 'lag {{shard}}' },
        { expr: 'topk(5, max by (shard) (runner_outbox_depth{env=~"$env"}))', legend: 'outbox {{shard}}' },
      ],
    },
    {
      title: 'Unavailable replicas',
      core: true,
      targets: [
        {
          expr: 'topk(10, max by (namespace, deployment) (kube_deployment_spec_replicas{env=~"$env", service=~"$service"} - kube_deployment_status_replicas_available{env=~"$env", service=~"$service"}))',
          legend: '{{namespace}}/{{deployment}}',
        },
      ],
    },
  ],
};

export const self: DashboardDef = {
  uid: 'switchyard-self',
  title: 'Switchyard / Switchyard itself',
  tags: ['switchyard-self'],
  description: "The sidecar's own metrics (switchyard_*): API traffic, jobs, isolation checks, runtime.",
  vars: ['env', 'tenant'],
  panels: [
    { title: 'Sidecar up', type: 'stat', w: 6, targets: [{ expr: 'max(up{job="switchyard-sidecar"})' }] },
    {
      title: 'Oldest running job',
      type: 'stat',
      unit: 's',
      w: 6,
      targets: [{ expr: oldestRunningJobSeconds() }],
    },
    {
      title: 'Isolation violations',
      type: 'stat',
      w: 6,
      targets: [
        { expr: 'count(max by (tenant_id) (switchyard_isolation_check_result{result="violation"}) == 1) or vector(0)' },
      ],
    },
    {
      title: 'Tenants by isolation verdict',
      type: 'stat',
      w: 6,
      targets: [{ expr: isolationVerdictCounts(), legend: '{{verdict}}' }],
    },
    {
      title: 'API requests by route',
      unit: 'reqps',
      targets: [
        {
          expr: `topk(15, sum by (route, method) (rate(switchyard_http_requests_total[${R}])))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'API p95 latency by route',
      unit: 's',
      targets: [
        {
          expr: `topk(15, histogram_quantile(0.95, sum by (le, route, method) (rate(switchyard_http_request_duration_seconds_bucket[${R}]))))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'API 5xx ratio',
      unit: 'percentunit',
      targets: [
        {
          expr: `sum(rate(switchyard_http_requests_total{status_class="5xx"}[${R}])) / sum(rate(switchyard_http_requests_total[${R}]))`,
        },
      ],
    },
    {
      title: 'Isolation violations by tenant and check',
      type: 'table',
      linkTo: 'tenant',
      targets: [
        {
          expr: 'max by (tenant_id, check) (switchyard_isolation_check_result{tenant_id=~"$tenant", result="violation"}) == 1',
        },
      ],
    },
    { title: 'Event loop lag', unit: 's', targets: [{ expr: 'max(switchyard_nodejs_eventloop_lag_seconds)' }] },
    { title: 'Resident memory', unit: 'bytes', targets: [{ expr: 'max(switchyard_process_resident_memory_bytes)' }] },
  ],
};
