import { R, T, type DashboardDef } from '../lib';

export const eventbus: DashboardDef = {
  uid: 'switchyard-eventbus',
  title: 'Switchyard / Event bus (JetStream)',
  tags: ['eventbus'],
  description: 'Streams and consumers: publish rate, consumer lag, redeliveries and projection throughput.',
  vars: ['env', 'shard', 'tenant'],
  panels: [
    {
      title: 'Consumer lag (pending messages)',
      core: true,
      linkTo: 'shard',
      targets: [
        {
          expr: 'topk(20, max by (consumer, shard) (eventbus_consumer_pending_messages{env=~"$env", shard=~"$shard"}))',
          legend: '{{consumer}}',
        },
      ],
    },
    {
      title: 'Redeliveries per second',
      core: true,
      linkTo: 'shard',
      targets: [
        {
          expr: `topk(20, sum by (consumer, shard) (rate(eventbus_consumer_redeliveries_total{env=~"$env", shard=~"$shard"}[${R}])))`,
          legend: '{{consumer}}',
        },
      ],
    },
    {
      title: 'Published messages per second by stream',
      core: true,
      targets: [
        {
          expr: `sum by (env, stream) (rate(eventbus_stream_messages_total{env=~"$env"}[${R}]))`,
          legend: '{{stream}} ({{env}})',
        },
      ],
    },
    {
      title: 'Projection throughput by shard',
      core: true,
      linkTo: 'shard',
      targets: [
        {
          expr: `sum by (shard) (rate(projection_events_processed_total{env=~"$env", shard=~"$shard"}[${R}]))`,
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Projection errors by tenant',
      core: true,
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, sum by (tenant_id) (rate(projection_processing_errors_total{${T}}[${R}])))`,
          legend: '{{tenant_id}}',
        },
      ],
    },
  ],
};

export const workers: DashboardDef = {
  uid: 'switchyard-workers',
  title: 'Switchyard / Workers (runner)',
  tags: ['workers'],
  description: 'Runner outbox depth, side-effect throughput and latency.',
  vars: ['env', 'shard'],
  panels: [
    {
      title: 'Outbox depth by shard',
      core: true,
      linkTo: 'shard',
      targets: [{ expr: 'max by (shard) (runner_outbox_depth{env=~"$env", shard=~"$shard"})', legend: '{{shard}}' }],
    },
    {
      title: 'Effects per second by type and outcome',
      core: true,
      targets: [
        {
          expr: `sum by (effect_type, outcome) (rate(runner_effects_total{env=~"$env", shard=~"$shard"}[${R}]))`,
          legend: '{{effect_type}} {{outcome}}',
        },
      ],
    },
    {
      title: 'Effect p95 latency by type',
      core: true,
      unit: 's',
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (le, effect_type) (rate(runner_effect_duration_seconds_bucket{env=~"$env", shard=~"$shard"}[${R}])))`,
          legend: '{{effect_type}}',
        },
      ],
    },
    {
      title: 'Effect p95 latency by shard',
      core: true,
      unit: 's',
      linkTo: 'shard',
      targets: [
        {
          expr: `topk(20, histogram_quantile(0.95, sum by (le, shard) (rate(runner_effect_duration_seconds_bucket{env=~"$env", shard=~"$shard"}[${R}]))))`,
          legend: '{{shard}}',
        },
      ],
    },
  ],
};

export const storage: DashboardDef = {
  uid: 'switchyard-storage',
  title: 'Switchyard / Storage',
  tags: ['storage'],
  description: 'Volume usage per shard and event-store size per tenant.',
  vars: ['env', 'service', 'tenant'],
  panels: [
    {
      title: 'Volume used by shard',
      core: true,
      unit: 'percentunit',
      linkTo: 'shard',
      targets: [
        {
          expr: 'topk(20, max by (shard, volume) (storage_volume_used_bytes{env=~"$env", service=~"$service"} / storage_volume_capacity_bytes{env=~"$env", service=~"$service"}))',
          legend: '{{shard}} {{volume}}',
        },
      ],
    },
    {
      title: 'Free bytes by shard',
      core: true,
      unit: 'bytes',
      linkTo: 'shard',
      targets: [
        {
          expr: 'bottomk(20, min by (shard) (storage_volume_capacity_bytes{env=~"$env", service=~"$service"} - storage_volume_used_bytes{env=~"$env", service=~"$service"}))',
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Largest tenants (event store)',
      core: true,
      unit: 'bytes',
      linkTo: 'tenant',
      targets: [{ expr: `topk(10, max by (tenant_id) (storage_tenant_size_bytes{${T}}))`, legend: '{{tenant_id}}' }],
    },
    {
      title: 'Fastest-growing tenants',
      core: true,
      unit: 'Bps',
      linkTo: 'tenant',
      targets: [
        { expr: `topk(10, max by (tenant_id) (deriv(storage_tenant_size_bytes{${T}}[5m])))`, legend: '{{tenant_id}}' },
      ],
    },
  ],
};

export const bottlenecks: DashboardDef = {
  uid: 'switchyard-bottlenecks',
  title: 'Switchyard / Storage & event-bus bottlenecks',
  tags: ['storage', 'eventbus'],
  description:
    'Where work piles up: in-flight commands, consumer lag against throughput, outbox against effect latency, disk.',
  vars: ['env', 'shard', 'tenant'],
  panels: [
    {
      title: 'Commands in flight by aggregate shard',
      core: true,
      linkTo: 'shard',
      targets: [
        { expr: 'sum by (shard) (aggregate_in_flight_commands{env=~"$env", shard=~"$shard"})', legend: '{{shard}}' },
      ],
    },
    {
      title: 'Rejected commands (draining) by tenant',
      linkTo: 'tenant',
      targets: [
        {
          expr: `topk(10, sum by (tenant_id, shard) (rate(aggregate_commands_total{${T}, outcome="rejected_draining"}[${R}]))) > 0`,
          legend: '{{tenant_id}} on {{shard}}',
        },
      ],
    },
    {
      title: 'Consumer lag per processed message/s',
      core: true,
      linkTo: 'shard',
      description: 'Seconds of work queued per consumer at the current throughput',
      unit: 's',
      targets: [
        {
          expr: `topk(10, max by (env, shard) (eventbus_consumer_pending_messages{env=~"$env", shard=~"$shard"}) / on (env, shard) clamp_min(sum by (env, shard) (rate(projection_events_processed_total{env=~"$env", shard=~"$shard"}[${R}])), 0.001))`,
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Outbox depth vs effect p95',
      core: true,
      linkTo: 'shard',
      targets: [
        { expr: 'max by (shard) (runner_outbox_depth{env=~"$env", shard=~"$shard"})', legend: 'depth {{shard}}' },
        {
          expr: `histogram_quantile(0.95, sum by (le, shard) (rate(runner_effect_duration_seconds_bucket{env=~"$env", shard=~"$shard"}[${R}])))`,
          legend: 'p95 {{shard}}',
        },
      ],
    },
    {
      title: 'Fullest volumes',
      core: true,
      unit: 'percentunit',
      linkTo: 'shard',
      targets: [
        {
          expr: 'topk(5, max by (shard) (storage_volume_used_bytes{env=~"$env"} / storage_volume_capacity_bytes{env=~"$env"}))',
          legend: '{{shard}}',
        },
      ],
    },
    {
      title: 'Redeliveries per second',
      core: true,
      linkTo: 'shard',
      targets: [
        {
          expr: `topk(10, sum by (shard) (rate(eventbus_consumer_redeliveries_total{env=~"$env", shard=~"$shard"}[${R}])))`,
          legend: '{{shard}}',
        },
      ],
    },
  ],
};
