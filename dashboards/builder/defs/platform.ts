import {
  errorRate,
  errorRatio,
  latencyQuantile,
  levelFilter,
  requestRate,
  shardUtilization,
  tenantLogs,
} from '../../../src/shared/queries';
import { R, T, V, type DashboardDef } from '../lib';

/** Gateway series of the selected environments and tenants (dashboard variables). */
const TENANT_SCOPE = { env: V.env, tenant: V.tenant };

export const overview: DashboardDef = {
  uid: 'switchyard-ops-overview',
  title: 'Switchyard / Operations overview',
  tags: ['overview'],
  description: 'Fleet health at a glance: traffic, errors, latency, work in flight, lag and the busiest tenants.',
  vars: ['env', 'tenant'],
  panels: [
    {
      title: 'Requests per second by environment',
      core: true,
      unit: 'reqps',
      targets: [{ expr: requestRate(TENANT_SCOPE, { by: ['env'] }), legend: '{{env}}' }],
    },
    {
      title: '5xx ratio by environment',
      core: true,
      unit: 'percentunit',
      targets: [
        {
          expr: errorRatio(TENANT_SCOPE, { by: ['env'] }),
          legend: '{{env}}',
        },
      ],
    },
    {
      title: 'Gateway p95 latency by environment',
      core: true,
      unit: 's',
      targets: [
        {
          expr: latencyQuantile(0.95, TENANT_SCOPE, { by: ['env'] }),
          legend: '{{env}}',
        },
      ],
    },
    {
      title: 'Top 10 tenants by request rate',
      core: true,
      unit: 'reqps',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, ${requestRate(TENANT_SCOPE, { by: ['env', 'tenant_id'] })})`,
          legend: '{{tenant_id}} ({{env}})',
        },
      ],
    },
    { title: 'Targets up', type: 'stat', core: true, w: 6, targets: [{ expr: 'sum(up)' }] },
    { title: 'Targets down', type: 'stat', core: true, w: 6, targets: [{ expr: 'count(up == 0) or vector(0)' }] },
    {
      title: 'Commands in flight',
      type: 'stat',
      core: true,
      w: 6,
      targets: [{ expr: `sum(aggregate_in_flight_commands{${T}})` }],
    },
    {
      title: 'Worst consumer lag',
      type: 'stat',
      core: true,
      w: 6,
      targets: [{ expr: 'max(eventbus_consumer_pending_messages{env=~"$env"})' }],
    },
    {
      title: 'Tenants draining',
      type: 'table',
      linkTo: 'tenant',
      w: 24,
      targets: [{ expr: `max by (env, tenant_id, shard) (node_tenant_draining{${T}}) == 1` }],
    },
  ],
};

export const http: DashboardDef = {
  uid: 'switchyard-http',
  title: 'Switchyard / HTTP detail',
  tags: ['http'],
  description: 'Per route template (no tenant) and per tenant (no route): rate, errors and latency.',
  vars: ['env', 'tenant'],
  panels: [
    {
      title: 'Requests per second by route',
      core: true,
      unit: 'reqps',
      targets: [
        {
          expr: `topk(20, sum by (route, method) (rate(http_route_requests_total{env=~"$env"}[${R}])))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: '5xx per second by route',
      core: true,
      unit: 'reqps',
      targets: [
        {
          expr: `topk(20, sum by (route, method) (rate(http_route_requests_total{env=~"$env", status_class="5xx"}[${R}])))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'p95 latency by route',
      core: true,
      unit: 's',
      targets: [
        {
          expr: `topk(20, histogram_quantile(0.95, sum by (le, route, method) (rate(http_route_request_duration_seconds_bucket{env=~"$env"}[${R}]))))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'p99 latency by route',
      core: true,
      unit: 's',
      targets: [
        {
          expr: `topk(20, histogram_quantile(0.99, sum by (le, route, method) (rate(http_route_request_duration_seconds_bucket{env=~"$env"}[${R}]))))`,
          legend: '{{method}} {{route}}',
        },
      ],
    },
    {
      title: 'Tenant requests by status class',
      core: true,
      unit: 'reqps',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(30, ${requestRate(TENANT_SCOPE, { by: ['tenant_id', 'status_class'] })})`,
          legend: '{{tenant_id}} {{status_class}}',
        },
      ],
    },
    {
      title: 'Tenant p95 latency',
      core: true,
      unit: 's',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, ${latencyQuantile(0.95, TENANT_SCOPE, { by: ['tenant_id'] })})`,
          legend: '{{tenant_id}}',
        },
      ],
    },
  ],
};

export const logs: DashboardDef = {
  uid: 'switchyard-logs',
  title: 'Switchyard / Logs',
  tags: ['logs'],
  description: 'Structured JSON logs of the platform, simulator and sidecar from Loki, filtered by service and tenant.',
  // `$service` here is the Loki-backed list of services that log (logService), not the metric service kinds.
  vars: ['env', 'logService', 'tenant'],
  panels: [
    {
      title: 'Error log lines per service',
      ds: 'loki',
      targets: [
        {
          // Levels are names (sidecar) or pino numbers (simulator): match both, no numeric comparison.
          expr: `sum by (service) (count_over_time({job="switchyard", service=~"$service"} | json | ${levelFilter('error')} [$__interval]))`,
          legend: '{{service}}',
        },
      ],
    },
    {
      title: '5xx per second (metrics)',
      core: true,
      unit: 'reqps',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, ${errorRate(TENANT_SCOPE, { by: ['tenant_id'] })})`,
          legend: '{{tenant_id}}',
        },
      ],
    },
    {
      title: 'Logs',
      type: 'logs',
      ds: 'loki',
      w: 24,
      h: 14,
      targets: [{ expr: tenantLogs(V.tenant, { service: V.service }) }],
    },
    {
      title: 'Audit and job events (sidecar)',
      type: 'logs',
      ds: 'loki',
      w: 24,
      h: 10,
      targets: [{ expr: '{job="switchyard", service="switchyard-sidecar"} | json | msg=~"(?i)(audit|job).*"' }],
    },
  ],
};

export const noisy: DashboardDef = {
  uid: 'switchyard-noisy-neighbour',
  title: 'Switchyard / Noisy neighbour & tenant health',
  tags: ['tenants', 'placement'],
  description: 'Which tenant dominates which shard, shard utilisation against capacity, and per-tenant health.',
  vars: ['env', 'service', 'tenant'],
  panels: [
    {
      title: 'Tenant share of its gateway shard',
      core: true,
      unit: 'percentunit',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, sum by (env, shard, tenant_id) (rate(gateway_requests_total{${T}}[${R}])) / on (env, shard) group_left sum by (env, shard) (rate(gateway_requests_total{env=~"$env"}[${R}])))`,
          legend: '{{tenant_id}} on {{shard}}',
        },
      ],
    },
    {
      title: 'Gateway shard utilisation (rps / capacity)',
      core: true,
      unit: 'percentunit',
      linkTo: 'shard',
      targets: [
        {
          expr: shardUtilization('gateway', { env: V.env }),
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Top tenants by request rate',
      core: true,
      unit: 'reqps',
      linkTo: 'tenant',
      targets: [{ expr: `topk(10, ${requestRate(TENANT_SCOPE, { by: ['tenant_id'] })})`, legend: '{{tenant_id}}' }],
    },
    {
      title: 'Top tenants by commands in flight',
      core: true,
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, sum by (tenant_id, shard) (aggregate_in_flight_commands{${T}}))`,
          legend: '{{tenant_id}} on {{shard}}',
        },
      ],
    },
    {
      title: 'Worst tenant 5xx ratio',
      core: true,
      unit: 'percentunit',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, ${errorRatio(TENANT_SCOPE, { by: ['tenant_id'] })})`,
          legend: '{{tenant_id}}',
        },
      ],
    },
    {
      title: 'Worst tenant p95 latency',
      core: true,
      unit: 's',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, ${latencyQuantile(0.95, TENANT_SCOPE, { by: ['tenant_id'] })})`,
          legend: '{{tenant_id}}',
        },
      ],
    },
    {
      title: 'Tenants per shard',
      type: 'bargauge',
      core: true,
      linkTo: 'shard',
      targets: [{ expr: 'sum by (shard) (node_shard_tenants{env=~"$env", service=~"$service"})', legend: '{{shard}}' }],
    },
    {
      title: 'Failed logins per second',
      unit: 'reqps',
      linkTo: 'tenant',
      core: true,
      targets: [
        {
          expr: `topk(10, sum by (tenant_id) (rate(gateway_auth_failures_total{${T}}[${R}])))`,
          legend: '{{tenant_id}}',
        },
      ],
    },
  ],
};
