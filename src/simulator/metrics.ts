import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SERVICE_KINDS } from './model';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric the simulated platform exposes. Label rules (SPEC §6): `service` and `env` always;
 * `tenant_id` only on tenant-level aggregates; `shard` where a shard serves the series; route
 * templates, never raw paths.
 */
export class SimMetrics {
  readonly registry = new Registry();
  private readonly r = [this.registry];

  readonly gatewayRequests = new Counter({
    name: 'gateway_requests_total',
    help: 'Requests served by the gateway per tenant and status class',
    labelNames: ['service', 'env', 'tenant_id', 'shard', 'status_class'],
    registers: this.r,
  });
  readonly gatewayLatency = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Gateway request latency per tenant',
    labelNames: ['service', 'env', 'tenant_id', 'shard'],
    buckets: LATENCY_BUCKETS,
    registers: this.r,
  });
  readonly routeRequests = new Counter({
    name: 'http_route_requests_total',
    help: 'Requests per route template (no tenant)',
    labelNames: ['service', 'env', 'route', 'method', 'status_class'],
    registers: this.r,
  });
  readonly routeLatency = new Histogram({
    name: 'http_route_request_duration_seconds',
    help: 'Latency per route template (no tenant)',
    labelNames: ['service', 'env', 'route', 'method'],
    buckets: LATENCY_BUCKETS,
    registers: this.r,
  });
  readonly authFailures = new Counter({
    name: 'gateway_auth_failures_total',
    help: 'Rejected logins and invalid sessions per tenant',
    labelNames: ['service', 'env', 'tenant_id', 'reason'],
    registers: this.r,
  });
  readonly inFlight = new Gauge({
    name: 'aggregate_in_flight_commands',
    help: 'Commands in flight per tenant on its aggregate shard',
    labelNames: ['service', 'env', 'tenant_id', 'shard'],
    registers: this.r,
  });
  readonly commands = new Counter({
    name: 'aggregate_commands_total',
    help: 'Commands handled per tenant and outcome',
    labelNames: ['service', 'env', 'tenant_id', 'shard', 'outcome'],
    registers: this.r,
  });
  readonly draining = new Gauge({
    name: 'node_tenant_draining',
    help: '1 while a tenant is being drained on a shard',
    labelNames: ['service', 'env', 'tenant_id', 'shard'],
    registers: this.r,
  });
  readonly shardCapacity = new Gauge({
    name: 'node_shard_capacity_rps',
    help: 'Requests per second a shard is sized for',
    labelNames: ['service', 'env', 'shard'],
    registers: this.r,
  });
  readonly shardTenants = new Gauge({
    name: 'node_shard_tenants',
    help: 'Tenants placed on a shard',
    labelNames: ['service', 'env', 'shard'],
    registers: this.r,
  });
  readonly projectionEvents = new Counter({
    name: 'projection_events_processed_total',
    help: 'Events applied to read models per tenant',
    labelNames: ['service', 'env', 'tenant_id', 'shard'],
    registers: this.r,
  });
  readonly projectionErrors = new Counter({
    name: 'projection_processing_errors_total',
    help: 'Events that failed to project per tenant',
    labelNames: ['service', 'env', 'tenant_id', 'shard'],
    registers: this.r,
  });
  readonly consumerPending = new Gauge({
    name: 'eventbus_consumer_pending_messages',
    help: 'JetStream consumer lag (pending messages)',
    labelNames: ['service', 'env', 'stream', 'consumer', 'shard'],
    registers: this.r,
  });
  readonly redeliveries = new Counter({
    name: 'eventbus_consumer_redeliveries_total',
    help: 'Messages redelivered to a consumer',
    labelNames: ['service', 'env', 'stream', 'consumer', 'shard'],
    registers: this.r,
  });
  readonly streamMessages = new Counter({
    name: 'eventbus_stream_messages_total',
    help: 'Messages published to a stream',
    labelNames: ['service', 'env', 'stream'],
    registers: this.r,
  });
  readonly outboxDepth = new Gauge({
    name: 'runner_outbox_depth',
    help: 'Effects waiting in the runner outbox',
    labelNames: ['service', 'env', 'shard'],
    registers: this.r,
  });
  readonly effects = new Counter({
    name: 'runner_effects_total',
    help: 'Side effects executed by the runner',
    labelNames: ['service', 'env', 'shard', 'effect_type', 'outcome'],
    registers: this.r,
  });
  readonly effectLatency = new Histogram({
    name: 'runner_effect_duration_seconds',
    help: 'Runner side-effect latency',
    labelNames: ['service', 'env', 'shard', 'effect_type'],
    buckets: LATENCY_BUCKETS,
    registers: this.r,
  });
  readonly tenantStorage = new Gauge({
    name: 'storage_tenant_size_bytes',
    help: 'Event store size per tenant',
    labelNames: ['service', 'env', 'tenant_id'],
    registers: this.r,
  });
  readonly volumeUsed = new Gauge({
    name: 'storage_volume_used_bytes',
    help: 'Disk used on a shard volume',
    labelNames: ['service', 'env', 'shard', 'volume'],
    registers: this.r,
  });
  readonly volumeCapacity = new Gauge({
    name: 'storage_volume_capacity_bytes',
    help: 'Disk size of a shard volume',
    labelNames: ['service', 'env', 'shard', 'volume'],
    registers: this.r,
  });
  readonly restarts = new Gauge({
    name: 'kube_pod_container_status_restarts_total',
    help: 'Container restarts (kube-state-metrics shape)',
    labelNames: ['service', 'env', 'namespace', 'deployment', 'pod', 'container'],
    registers: this.r,
  });
  readonly containerReady = new Gauge({
    name: 'kube_pod_container_status_ready',
    help: '1 when the container is ready',
    labelNames: ['service', 'env', 'namespace', 'deployment', 'pod', 'container'],
    registers: this.r,
  });
  readonly replicasSpec = new Gauge({
    name: 'kube_deployment_spec_replicas',
    help: 'Desired replicas',
    labelNames: ['service', 'env', 'namespace', 'deployment'],
    registers: this.r,
  });
  readonly replicasAvailable = new Gauge({
    name: 'kube_deployment_status_replicas_available',
    help: 'Available replicas',
    labelNames: ['service', 'env', 'namespace', 'deployment'],
    registers: this.r,
  });
  readonly cronLastSuccess = new Gauge({
    name: 'kube_cronjob_status_last_successful_time',
    help: 'Unix time of the last successful run',
    labelNames: ['service', 'env', 'namespace', 'cronjob'],
    registers: this.r,
  });
  readonly buildInfo = Object.fromEntries(
    SERVICE_KINDS.map((kind) => [
      kind,
      new Gauge({
        name: `${kind}_build_info`,
        help: `Build of the ${kind} service`,
        labelNames: ['service', 'env', 'shard', 'version', 'git_sha'],
        registers: this.r,
      }),
    ])
  ) as Record<(typeof SERVICE_KINDS)[number], Gauge>;
  readonly platformApiRequests = new Counter({
    name: 'platform_api_requests_total',
    help: 'Runtime isolation API calls (no tenant label)',
    labelNames: ['service', 'env', 'endpoint', 'status_class'],
    registers: this.r,
  });
  readonly simTicks = new Counter({
    name: 'simulator_ticks_total',
    help: 'Tick loop iterations',
    labelNames: ['service', 'env'],
    registers: this.r,
  });
}
